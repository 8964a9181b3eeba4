package io.ams.engine;

import io.ams.eval.Objective;
import io.ams.genome.Genome;
import io.ams.genome.GenomeException;
import io.ams.store.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * keep_checkpoints on a hyperband study (fidelities 1, 3, 9; one worker, so the trials are the
 * same every run). Its first bracket starts 9 configurations at fidelity 1 and promotes 3 to
 * fidelity 3, then 1 to 9; with all three brackets, a cycle is 13 + 6 + 3 = 22 trials.
 */
class KeepCheckpointsTest {
    /**
     * Branin plus an error that shrinks with the fidelity. Each trial saves its fidelity as its
     * checkpoint; a continuation checks that it read its parent's (a third of its own fidelity),
     * so one trained from scratch, or from another trial's file, fails.
     */
    private static final Objective OBJECTIVE = (c, ctx) -> {
        Optional<Path> from = ctx.resumeFrom();
        if (from.isPresent()) {
            double parentFidelity = Double.parseDouble(Files.readString(from.get()));
            if (parentFidelity * 3 != ctx.fidelity()) {
                throw new IllegalStateException("continued a checkpoint at " + parentFidelity + " to " + ctx.fidelity());
            }
        }
        double v = MultiFidelityStudyTest.braninAt(c, ctx.fidelity());
        ctx.report(v);
        Files.writeString(ctx.checkpoint(), Double.toString(ctx.fidelity()));
        return v;
    };

    private static StudyResult run(Path store, int trials, KeepCheckpoints keep) {
        return run(store, trials, keep, null);
    }

    private static StudyResult run(Path store, int trials, KeepCheckpoints keep, Strategy instance) {
        StudyBuilder b = Study.builder().space(TestSpaces.branin()).objective(OBJECTIVE)
                .budget(Budget.trials(trials)).seed(5).workers(1).store(store).keepCheckpoints(keep);
        if (instance == null) b.strategy("hyperband", Map.of("max_fidelity", 9));
        else b.strategy(instance);
        try (Study study = b.build()) {
            StudyResult r = study.optimize();
            // Every continuation that ran carries its whole lineage's curve: it restored its parent.
            for (Trial t : r.trials()) {
                if (t.state() == TrialState.COMPLETE && t.record().parent().isPresent() && t.record().duplicateOf().isEmpty()) {
                    assertEquals(study.lineage(t).trials().size(), t.record().curve().length, "trial " + t.id());
                }
            }
            return r;
        }
    }

    private static Set<Long> checkpointIds(Path store) throws Exception {
        Path dir = store.resolveSibling(store.getFileName() + ".checkpoints");
        if (!Files.isDirectory(dir)) return Set.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".ckpt"))
                    .map(n -> Long.parseLong(n.substring(0, n.length() - ".ckpt".length())))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void continuableKeepsOnlyWhatTheStrategyCanStillContinueAndAResumeContinuesIt(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("hb.store");
        // 10 trials: the 9 of fidelity 1 and the first of the 3 promoted to fidelity 3.
        StudyResult first = run(store, 10, KeepCheckpoints.CONTINUABLE);
        List<Trial> trials = first.trials();
        assertEquals(10, trials.size());
        Trial promoted = trials.get(9);
        assertEquals(3.0, promoted.record().fidelity());
        // Still continuable: the parents of the two promotions not yet run, and the promoted
        // trial itself (its rung is not complete, so its own promotion is undecided).
        Set<Long> expected = new TreeSet<>(Set.of(promoted.id()));
        List<Long> promotedParents = trials.stream().filter(t -> t.record().fidelity() == 1)
                .sorted((a, b) -> Double.compare(a.value(), b.value())).limit(3).map(Trial::id).toList();
        for (long p : promotedParents) if (p != promoted.record().parent().getAsLong()) expected.add(p);
        assertEquals(expected, checkpointIds(store));

        // A resume to the end of the cycle runs both promotions from their parents' files (the
        // objective fails a continuation that did not find its parent's checkpoint).
        StudyResult resumed = run(store, 22, KeepCheckpoints.CONTINUABLE);
        assertEquals(22, resumed.trials().size());
        assertEquals(22, resumed.count(TrialState.COMPLETE), resumed.trials().toString());
        // 3 + 1 promotions in the first bracket, 1 in the second.
        assertEquals(5, resumed.trials().stream().filter(t -> t.record().parent().isPresent()).count());
        // The cycle ends with bracket 0 at full fidelity: nothing is left to continue.
        assertEquals(Set.of(), checkpointIds(store));
    }

    @Test
    void allKeepsEveryCheckpoint(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("hb.store");
        StudyResult r = run(store, 22, KeepCheckpoints.ALL);
        assertEquals(22, r.count(TrialState.COMPLETE));
        Set<Long> ids = r.trials().stream().map(Trial::id).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(ids, checkpointIds(store));
    }

    @Test
    void bestKeepsOnlyTheBestTrialsAndAContinuationOfAnotherFailsSayingSo(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("hb.store");
        StudyResult first = run(store, 10, KeepCheckpoints.BEST);
        assertEquals(Set.of(first.best().orElseThrow().id()), checkpointIds(store));

        // The two promotions still to run lost their parents' files: they fail, naming the
        // missing checkpoint, instead of training from scratch.
        StudyResult resumed = run(store, 22, KeepCheckpoints.BEST);
        List<Trial> failed = resumed.trials().stream().filter(t -> t.state() == TrialState.FAILED).toList();
        assertEquals(2, failed.size(), resumed.trials().toString());
        for (Trial t : failed) {
            assertTrue(t.error().contains("is missing") && t.error().contains("not trained from scratch"), t.error());
        }
        assertEquals(Set.of(resumed.best().orElseThrow().id()), checkpointIds(store));
    }

    /**
     * 16 configurations: later brackets draw configurations that earlier ones trained at the same
     * fidelity. Reused as a duplicate, such a repeat would point at a checkpoint that continuable
     * has deleted, and its promotion would fail; it is trained again instead.
     */
    @Test
    void aRepeatOfATrialWhoseCheckpointIsGoneIsTrainedAgainSoThatItsPromotionHasOne(@TempDir Path dir) throws Exception {
        long[] duplicates = new long[2];
        for (KeepCheckpoints keep : List.of(KeepCheckpoints.ALL, KeepCheckpoints.CONTINUABLE)) {
            Objective objective = (c, ctx) -> {
                Optional<Path> from = ctx.resumeFrom();
                if (from.isPresent() && Double.parseDouble(Files.readString(from.get())) * 3 != ctx.fidelity()) {
                    throw new IllegalStateException("continued the wrong checkpoint");
                }
                double v = c.getLong("a") + c.getLong("b") * 0.1 + 20 / ctx.fidelity();
                ctx.report(v);
                Files.writeString(ctx.checkpoint(), Double.toString(ctx.fidelity()));
                return v;
            };
            try (Study study = Study.builder().space(TestSpaces.tiny()).objective(objective)
                    .strategy("hyperband", Map.of("max_fidelity", 9)).budget(Budget.trials(66)).seed(5).workers(1)
                    .store(dir.resolve(keep.id() + ".store")).keepCheckpoints(keep).build()) {
                StudyResult r = study.optimize();
                assertEquals(66, r.count(TrialState.COMPLETE), keep + ": " + r.trials());
                for (Trial t : r.trials()) {
                    if (t.record().parent().isPresent() && t.record().duplicateOf().isEmpty()) {
                        assertEquals(study.lineage(t).trials().size(), t.record().curve().length, keep + ": trial " + t.id());
                    }
                }
                duplicates[keep == KeepCheckpoints.ALL ? 0 : 1] = r.trials().stream().filter(t -> t.record().isDuplicate()).count();
            }
        }
        // The same proposals (the objective ignores the seed): fewer of them reused under continuable.
        assertTrue(duplicates[0] > duplicates[1] && duplicates[1] >= 0, "duplicates all/continuable: "
                + duplicates[0] + "/" + duplicates[1]);
    }

    @Test
    void aPlugInStrategyThatCannotSayKeepsEveryCheckpoint(@TempDir Path dir) throws Exception {
        Strategy hyperband = io.ams.engine.strategies.Strategies.create("hyperband", Map.of("max_fidelity", 9),
                SearchDomain.flat(2), io.ams.core.Direction.MINIMIZE, 5);
        // Delegates everything but stillContinuable, as a plug-in written before it would.
        Strategy plugIn = new Strategy() {
            @Override public String name() { return "hyperband"; }
            @Override public List<Proposal> ask(int max) { return hyperband.ask(max); }
            @Override public void tell(Proposal p, double value) { hyperband.tell(p, value); }
            @Override public double maxFidelity() { return hyperband.maxFidelity(); }
        };
        Path store = dir.resolve("hb.store");
        StudyResult r = run(store, 22, KeepCheckpoints.CONTINUABLE, plugIn);
        assertEquals(22, checkpointIds(store).size());
        assertEquals(22, r.count(TrialState.COMPLETE));
    }

    @Test
    void aGenomeSetsItUnderBudgetAndAnUnknownValueIsAnErrorAtItsLine() {
        String genome = """
                objective: {function: branin}
                space:
                  x1: {real: [-5, 10]}
                  x2: {real: [0, 15]}
                strategy: {name: hyperband, max_fidelity: 9}
                budget: {trials: 10, keep_checkpoints: %s}
                """;
        assertEquals(Optional.of(KeepCheckpoints.BEST), Genome.parse(genome.formatted("best"), "hb.yaml").budget().keepCheckpoints());
        assertEquals(Optional.empty(), Genome.parse(genome.formatted("continuable").replace(", keep_checkpoints: continuable", ""),
                "hb.yaml").budget().keepCheckpoints());
        GenomeException e = assertThrows(GenomeException.class, () -> Genome.parse(genome.formatted("some"), "hb.yaml"));
        assertEquals("hb.yaml:6: budget.keep_checkpoints: keep_checkpoints must be one of all, continuable, best, got 'some'",
                e.getMessage());
    }
}
