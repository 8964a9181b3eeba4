package io.ams.engine;

import io.ams.genome.GenomeStudy;
import io.ams.genome.Genome;
import io.ams.store.TrialRecord;
import io.ams.store.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultiFidelityStudyTest {
    /** Branin plus an error that shrinks with the fidelity. */
    static double braninAt(io.ams.space.Config c, double fidelity) {
        return TestSpaces.branin(c) + 20 / fidelity;
    }

    static final String MLP_SH = """
            objective: {mlp: {dataset: digits}}
            split: {validation: 0.2, test: 0.2, seed: 1}
            space:
              training:
                lr: {log_real: [1.0e-3, 1.0e-1]}
                optimizer: {choice: [adam, momentum]}
                schedule: cosine
                batch: 64
                epochs: 20
              architecture:
                layers: {min: 1, max: 1, units: {int: [8, 24]}}
            strategy: {name: sh, seed: 2, n: 9, min_fidelity: 1, max_fidelity: 9, eta: 3}
            budget: {trials: 13}
            """;

    @Test
    void anMlpStudyRecordsFidelitiesAndContinuesPromotedTrialsFromCheckpoints(@TempDir Path dir) {
        Path store = dir.resolve("mlp.store");
        Genome g = Genome.parse(MLP_SH, "mlp-sh.yaml");
        // keep_checkpoints all: this test looks at every trial's checkpoint after the run.
        try (GenomeStudy gs = GenomeStudy.open(g, MLP_SH,
                new GenomeStudy.Overrides(null, null, null, null, 2, store, null, null, KeepCheckpoints.ALL), List.of())) {
            StudyResult r = gs.study().optimize();
            List<TrialRecord> trials = r.trials().stream().map(Trial::record).toList();
            assertEquals(13, trials.size());
            assertEquals(List.of(1.0, 3.0, 9.0), trials.stream().map(TrialRecord::fidelity).distinct().sorted().toList());
            assertEquals(9, trials.stream().filter(t -> t.fidelity() == 1).count());
            assertEquals(3, trials.stream().filter(t -> t.fidelity() == 3).count());
            for (TrialRecord t : trials) {
                assertEquals(TrialState.COMPLETE, t.state());
                assertEquals((int) t.fidelity(), t.curveLength(), "one curve point per epoch of the lineage");
                assertTrue(Files.isRegularFile(dir.resolve("mlp.store.checkpoints").resolve(t.id() + ".ckpt")), "checkpoint of " + t.id());
                if (t.fidelity() > 1) {
                    TrialRecord parent = trials.get((int) t.parent().getAsLong());
                    assertEquals(t.fidelity() / 3, parent.fidelity());
                    assertEquals(parent.seed(), t.seed(), "a continuation keeps its lineage's seed");
                    assertEquals(parent.config(), t.config());
                    assertArrayEquals(parent.curve(), java.util.Arrays.copyOf(t.curve(), parent.curveLength()));
                } else {
                    assertFalse(t.parent().isPresent());
                }
            }
            Trial best = r.best().orElseThrow();
            assertTrue(best.value() > 0.5, "best " + best.value());
            assertEquals(best.value(), gs.finalReport(best, gs.study().threadsPerTrial()).orElseThrow().validationMetric(),
                    "the report retrains the lineage: the very model the search scored");
        }
    }

    @Test
    void aResumedMlpStudyContinuesFromTheCheckpointsOfTheFirstRun(@TempDir Path dir) {
        Genome g = Genome.parse(MLP_SH, "mlp-sh.yaml");
        List<TrialRecord> straight = mlp(g, dir.resolve("a.store"), 13);
        Path file = dir.resolve("b.store");
        assertEquals(10, mlp(g, file, 10).size());
        List<TrialRecord> resumed = mlp(g, file, 13);
        for (int i = 0; i < 13; i++) {
            assertEquals(straight.get(i).value(), resumed.get(i).value(), "trial " + i);
            assertArrayEquals(straight.get(i).curve(), resumed.get(i).curve(), "trial " + i);
        }
        assertTrue(resumed.subList(10, 13).stream().allMatch(t -> t.parent().isPresent()));

        // They do read the first run's checkpoints: spoil those, and the continuations fail.
        Path spoiled = dir.resolve("c.store");
        mlp(g, spoiled, 10);
        for (int id = 0; id < 9; id++) {
            try {
                Files.writeString(dir.resolve("c.store.checkpoints").resolve(id + ".ckpt"), "not a checkpoint");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        List<TrialRecord> failed = mlp(g, spoiled, 12);
        for (TrialRecord t : failed.subList(10, 12)) {
            assertEquals(TrialState.FAILED, t.state());
            assertTrue(t.error().contains("checkpoint"), t.error());
        }
    }

    private static List<TrialRecord> mlp(Genome g, Path store, int trials) {
        try (GenomeStudy gs = GenomeStudy.open(g, MLP_SH, new GenomeStudy.Overrides(null, trials, null, null, 2, store, null), List.of())) {
            return gs.study().optimize().trials().stream().map(Trial::record).toList();
        }
    }

    @Test
    void anInMemoryStudyDeletesItsCheckpointsOnClose() {
        Path[] dir = new Path[1];
        try (Study study = Study.builder().space(TestSpaces.branin())
                .objective((c, ctx) -> {
                    Files.writeString(ctx.checkpoint(), "state");
                    dir[0] = ctx.checkpoint().getParent();
                    assertEquals(ctx.resumeFrom().isPresent(), ctx.fidelity() > 1);
                    return braninAt(c, ctx.fidelity());
                })
                .strategy("sh", Map.of("n", 9, "max_fidelity", 9)).budget(Budget.trials(13)).workers(1).build()) {
            StudyResult r = study.optimize();
            assertEquals(13, r.count(TrialState.COMPLETE));
            assertTrue(Files.isDirectory(dir[0]));
        }
        assertFalse(Files.exists(dir[0]), "the temporary checkpoint directory is gone");
    }

    @Test
    void aContinuedTrialIsNotADuplicateOfItsParentButTheSameConfigurationAtTheSameFidelityIs() {
        // Four configurations only: sh re-proposes them, and the store answers repeats per fidelity.
        int[] calls = {0};
        try (Study study = Study.builder().space(TestSpaces.tiny())
                .objective((c, ctx) -> {
                    calls[0]++;
                    return c.getLong("a") + 10 * c.getLong("b") + 1 / ctx.fidelity();
                })
                .strategy("sh", Map.of("n", 9, "max_fidelity", 9)).budget(Budget.trials(26)).workers(1).build()) {
            StudyResult r = study.optimize();
            assertTrue(r.trials().stream().anyMatch(t -> t.record().parent().isPresent()
                    && !t.record().isDuplicate()), "continued trials are trained");
            long duplicates = r.trials().stream().filter(t -> t.record().isDuplicate()).count();
            assertEquals(26 - calls[0], duplicates);
            for (Trial t : r.trials()) {
                if (t.record().isDuplicate()) {
                    TrialRecord original = study.store().get(t.record().duplicateOf().getAsLong()).orElseThrow();
                    assertEquals(original.fidelity(), t.record().fidelity());
                    assertEquals(original.config(), t.record().config());
                }
            }
        }
    }

    /** Like StudyTest's: stopping and resuming twice gives the very trials of an uninterrupted run. */
    @Test
    void resumingAMultiFidelityStudyContinuesTheSameTrajectory(@TempDir Path dir) {
        for (String strategy : List.of("sh", "hyperband", "asha", "dehb", "bohb")) {
            List<TrialRecord> uninterrupted = run(dir.resolve(strategy + "-a.store"), strategy, 45);
            Path file = dir.resolve(strategy + "-b.store");
            run(file, strategy, 17);
            run(file, strategy, 29);
            List<TrialRecord> resumed = run(file, strategy, 45);
            assertEquals(uninterrupted.size(), resumed.size());
            for (int i = 0; i < resumed.size(); i++) {
                TrialRecord a = uninterrupted.get(i);
                TrialRecord b = resumed.get(i);
                assertArrayEquals(a.point(), b.point(), strategy + " trial " + i);
                assertEquals(a.fidelity(), b.fidelity(), strategy + " trial " + i);
                assertEquals(a.parent(), b.parent(), strategy + " trial " + i);
                assertEquals(a.value(), b.value(), strategy + " trial " + i);
            }
            assertTrue(resumed.stream().anyMatch(t -> t.parent().isPresent()), strategy + " promoted nothing");
        }
    }

    private static List<TrialRecord> run(Path file, String strategy, int trials) {
        try (Study study = Study.builder().space(TestSpaces.branin()).objective((c, ctx) -> braninAt(c, ctx.fidelity()))
                .strategy(strategy, Map.of("max_fidelity", 9))
                .budget(Budget.trials(trials)).seed(11).workers(strategy.equals("asha") ? 1 : 2)
                .store(file).build()) {
            return study.optimize().trials().stream().map(Trial::record).toList();
        }
    }
}
