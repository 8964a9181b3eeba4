package io.ams.engine;

import io.ams.core.Direction;
import io.ams.eval.TrialPruned;
import io.ams.genome.Genome;
import io.ams.genome.GenomeException;
import io.ams.genome.PrunerSpec;
import io.ams.store.TrialRecord;
import io.ams.store.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrunerTest {
    static final List<double[]> COMPLETED = List.of(
            new double[] {5, 4, 3}, new double[] {6, 5, 4}, new double[] {7, 6, 5}, new double[] {8, 7, 6}, new double[] {9, 8, 7});

    @Test
    void medianPrunesATrialClearlyWorseThanTheMedianOnlyAfterWarmup() {
        Pruner median = Pruners.median(2, 5);
        // Medians at steps 1, 2, 3: 7, 6, 5 (minimising).
        assertFalse(median.shouldPrune(new double[] {20}, COMPLETED, Direction.MINIMIZE), "never before warmup");
        assertTrue(median.shouldPrune(new double[] {20, 19}, COMPLETED, Direction.MINIMIZE));
        assertFalse(median.shouldPrune(new double[] {20, 5.5}, COMPLETED, Direction.MINIMIZE), "better than the median at step 2");
        assertFalse(median.shouldPrune(new double[] {5.9, 19}, COMPLETED, Direction.MINIMIZE), "its best so far counts");
        assertFalse(Pruners.median(2, 6).shouldPrune(new double[] {20, 19}, COMPLETED, Direction.MINIMIZE), "too few completed trials");
        assertFalse(median.shouldPrune(new double[] {20, 19, 18, 17}, COMPLETED, Direction.MINIMIZE), "no completed trial reached step 4");
        // Maximising, the same numbers: 19 is far better than the median.
        assertFalse(median.shouldPrune(new double[] {20, 19}, COMPLETED, Direction.MAXIMIZE));
        assertTrue(median.shouldPrune(new double[] {1, 2}, COMPLETED, Direction.MAXIMIZE));
        assertFalse(Pruners.none().shouldPrune(new double[] {1e9, 1e9}, COMPLETED, Direction.MINIMIZE));
    }

    @Test
    void percentileKeepsOnlyTheTopShare() {
        Pruner top25 = Pruners.percentile(25, 1, 5);
        // At step 1 the values are 5..9: the top 25% (minimising) reach 6.
        assertTrue(top25.shouldPrune(new double[] {6.5}, COMPLETED, Direction.MINIMIZE));
        assertFalse(Pruners.median(1, 5).shouldPrune(new double[] {6.5}, COMPLETED, Direction.MINIMIZE));
        assertFalse(top25.shouldPrune(new double[] {5.9}, COMPLETED, Direction.MINIMIZE));
        // Maximising, the top 25% reach 8.
        assertTrue(top25.shouldPrune(new double[] {7.5}, COMPLETED, Direction.MAXIMIZE));
        assertFalse(top25.shouldPrune(new double[] {8.5}, COMPLETED, Direction.MAXIMIZE));
    }

    @Test
    void badPrunerSpecsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pruners.create("medain", Map.of())).getMessage().contains("medain"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pruners.create("median", Map.of("percentile", 10)))
                .getMessage().contains("'percentile'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pruners.create("median", Map.of("warmup", 0)))
                .getMessage().contains("warmup"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pruners.create("percentile", Map.of("percentile", 150)))
                .getMessage().contains("percentile"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pruners.create("median", Map.of("min_trials", 2.5)))
                .getMessage().contains("min_trials"));
    }

    /** Branin plus a learning curve that falls to it over six steps. */
    static double step(io.ams.space.Config c, int step) {
        return TestSpaces.branin(c) + 30.0 / step;
    }

    @Test
    void aStudyRecordsPrunedTrialsWithTheirCurveAndLastValue(@TempDir Path dir) {
        for (boolean throwing : List.of(true, false)) {
            Path file = dir.resolve("pruned-" + throwing + ".store");
            try (Study study = Study.builder().space(TestSpaces.branin())
                    .objective((c, ctx) -> {
                        for (int s = 1; s <= 6; s++) {
                            ctx.report(step(c, s));
                            if (ctx.shouldPrune()) {
                                if (throwing) throw new TrialPruned();
                                return Double.NaN;
                            }
                        }
                        return step(c, 6);
                    })
                    .pruner(Pruners.median(2, 3)).strategy("random").budget(Budget.trials(40)).seed(4).workers(1)
                    .store(file).build()) {
                StudyResult r = study.optimize();
                List<TrialRecord> pruned = study.store().all().stream().filter(t -> t.state() == TrialState.PRUNED).toList();
                assertTrue(pruned.size() >= 5, "pruned " + pruned.size());
                assertTrue(r.count(TrialState.COMPLETE) >= 10);
                List<double[]> completedBefore = new java.util.ArrayList<>();
                for (TrialRecord t : study.store().all()) {
                    if (t.state() == TrialState.COMPLETE) {
                        assertEquals(6, t.curveLength());
                        completedBefore.add(t.curve());
                        continue;
                    }
                    assertEquals(TrialState.PRUNED, t.state(), t.toString());
                    assertTrue(completedBefore.size() >= 3, "not before min_trials completed");
                    double[] curve = t.curve();
                    assertTrue(curve.length >= 2 && curve.length < 6, "pruned at step " + curve.length);
                    assertEquals(curve[curve.length - 1], t.value(), "a pruned trial keeps its last value");
                    int s = curve.length;
                    double[] atStep = completedBefore.stream().mapToDouble(x -> x[s - 1]).sorted().toArray();
                    double median = atStep.length % 2 == 1 ? atStep[atStep.length / 2]
                            : (atStep[atStep.length / 2 - 1] + atStep[atStep.length / 2]) / 2;
                    assertTrue(Arrays.stream(curve).min().orElseThrow() > median, "pruned only when worse than the median");
                }
                assertEquals(TrialState.COMPLETE, r.best().orElseThrow().state(), "a pruned trial is never the best");
            }
        }
    }

    @Test
    void genomesDeclareAPrunerAndItsErrorsNameTheLine() {
        String head = """
                objective: {function: branin}
                space: {x1: {real: [-5, 10]}, x2: {real: [0, 15]}}
                budget: {trials: 3}
                """;
        Genome g = Genome.parse(head + "pruner: {name: median, warmup: 2, min_trials: 5}\n", "p.yaml");
        assertEquals(new PrunerSpec("median", Map.of("warmup", 2L, "min_trials", 5L)), g.pruner());
        assertEquals(PrunerSpec.NONE, Genome.parse(head, "p.yaml").pruner());
        assertEquals("percentile", Genome.parse(head + "pruner: {name: percentile, percentile: 25}\n", "p.yaml").pruner().name());
        assertEquals("median", Genome.parse(head + "pruner: median\n", "p.yaml").pruner().name());

        Map<String, String> bad = Map.of(
                "pruner: {name: medain}\n", "p.yaml:4: pruner.name: unknown pruner 'medain'",
                "pruner:\n  name: median\n  percentile: 10\n", "p.yaml:6: pruner.percentile: unknown option 'percentile' of pruner median",
                "pruner:\n  name: median\n  warmup: 0\n", "p.yaml:6: pruner.warmup: pruner median: warmup must be >= 1",
                "pruner:\n  name: percentile\n  percentile: 150\n", "p.yaml:6: pruner.percentile: pruner percentile: percentile must be in (0, 100]",
                "pruner: {warmup: 2}\n", "p.yaml:4: pruner.name: missing");
        bad.forEach((text, expected) -> {
            GenomeException e = assertThrows(GenomeException.class, () -> Genome.parse(head + text, "p.yaml"), text);
            assertTrue(e.getMessage().startsWith(expected), e.getMessage() + "\n  expected " + expected);
        });
    }
}
