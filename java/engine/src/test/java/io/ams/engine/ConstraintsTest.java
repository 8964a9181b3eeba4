package io.ams.engine;

import io.ams.store.TrialRecord;
import io.ams.store.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bounds on what trials measure: the arithmetic, and a study that keeps infeasible trials but never picks one. */
class ConstraintsTest {

    @Test
    void violationIsRelativeToTheBoundCrossedAndZeroInside() {
        Constraint params = Constraint.atMost("params", 50_000);
        assertEquals(0.0, params.violation(50_000));
        assertEquals(0.2, params.violation(60_000), 1e-15);
        Constraint band = new Constraint("latency_ms", 0.1, 0.2);
        assertEquals(0.0, band.violation(0.15));
        assertEquals(0.5, band.violation(0.05), 1e-12);
        assertEquals(1.0, Constraint.atLeast("x", 0).violation(-1), "a bound of 0 counts absolutely");
        Constraints both = Constraints.of(List.of(params, band));
        assertEquals(0.2 + 0.5, both.violation(Map.of("params", 60_000.0, "latency_ms", 0.05)), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, both.violation(Map.of("params", 1.0)), "a constrained metric not recorded");
    }

    @Test
    void theTextAStoreKeepsReadsBack() {
        Constraints c = Constraints.of(List.of(Constraint.atMost("params", 50_000), new Constraint("latency_ms", 0.1, 0.2),
                Constraint.atLeast("train_seconds", 1.5)));
        assertEquals("params <= 50000, 0.1 <= latency_ms <= 0.2, train_seconds >= 1.5", c.toString());
        assertEquals(c, Constraints.parse(c.toString()));
        assertEquals(Constraints.NONE, Constraints.parse("none"));
        assertThrows(IllegalArgumentException.class, () -> Constraints.parse("params < 5"));
    }

    @Test
    void badBoundsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Constraint("params", 5, 1));
        assertThrows(IllegalArgumentException.class, () -> new Constraint("params", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Constraint.atMost("params", Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Constraint.atMost("Params", 1));
        assertThrows(IllegalArgumentException.class,
                () -> Constraints.of(List.of(Constraint.atMost("params", 1), Constraint.atLeast("params", 0))));
    }

    /** Branin with x1 recorded as a measurement and bounded: the best is the best within the bound. */
    private static StudyBuilder bounded(Strategy strategy) {
        return Study.builder().space(TestSpaces.branin())
                .objective((c, ctx) -> {
                    ctx.metric("x1", c.getDouble("x1"));
                    return TestSpaces.branin(c);
                })
                .objectiveId("branin-x1").strategy(strategy).budget(Budget.trials(60)).seed(4).workers(1)
                .constraint(Constraint.atMost("x1", 0));
    }

    @Test
    void infeasibleTrialsAreKeptNeverBestAndTheStrategyHearsNoValue(@TempDir Path dir) {
        Strategy random = io.ams.engine.strategies.Strategies.create("random", Map.of(), SearchDomain.flat(2),
                io.ams.core.Direction.MINIMIZE, 4);
        List<Double> heard = new ArrayList<>();
        Strategy listening = new Strategy() {
            @Override public String name() { return "random"; }
            @Override public List<Proposal> ask(int max) { return random.ask(max); }
            @Override public void tell(Proposal p, double value) {
                heard.add(value);
                random.tell(p, value);
            }
        };
        Path file = dir.resolve("bounded.ams");
        try (Study study = bounded(listening).store(file).build()) {
            StudyResult r = study.optimize();
            List<Trial> trials = r.trials();
            assertEquals(60, trials.size());
            long infeasible = trials.stream().filter(t -> t.config().getDouble("x1") > 0).count();
            assertTrue(infeasible > 10 && infeasible < 50, infeasible + " of 60 random trials have x1 > 0");
            for (Trial t : trials) {
                assertEquals(TrialState.COMPLETE, t.state(), "kept, and marked by its measurement, not failed");
                boolean outside = t.config().getDouble("x1") > 0;
                assertEquals(outside, study.constraints().whyInfeasible(t.record()).isPresent(), t.toString());
            }
            assertEquals(60, heard.size());
            assertEquals(infeasible, heard.stream().filter(v -> v.isNaN()).count(), "infeasible trials are told no value");
            Trial best = r.best().orElseThrow();
            assertTrue(best.config().getDouble("x1") <= 0, "best " + best);
            double bestFeasible = trials.stream().filter(t -> t.config().getDouble("x1") <= 0).mapToDouble(Trial::value).min().orElseThrow();
            assertEquals(bestFeasible, best.value());
            assertTrue(trials.stream().anyMatch(t -> t.value() < best.value()), "an infeasible trial was better: it was passed over");
        }
        // the store keeps the constraints: a resume without them is another study, with them it goes on
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> Study.builder()
                .space(TestSpaces.branin()).objective((c, ctx) -> TestSpaces.branin(c)).objectiveId("branin-x1")
                .strategy("random").budget(Budget.trials(70)).seed(4).workers(1).store(file).build());
        assertTrue(other.getMessage().contains("constraints"), other.getMessage());
        try (Study again = bounded(random).budget(Budget.trials(70)).store(file).build()) {
            Trial best = again.best().orElseThrow();
            assertTrue(best.config().getDouble("x1") <= 0, "the best after reopening is still a feasible one: " + best);
            assertFalse(again.optimize().trials().stream().filter(t -> again.constraints().feasible(t.record()))
                    .anyMatch(t -> t.value() < again.best().orElseThrow().value()));
        }
    }

    @Test
    void aStudyWhoseTrialsAllBreakTheConstraintsHasNoBest() {
        try (Study study = Study.builder().space(TestSpaces.branin())
                .objective((c, ctx) -> {
                    ctx.metric("size", 10);
                    return TestSpaces.branin(c);
                })
                .strategy("random").budget(Budget.trials(5)).seed(1).workers(1)
                .constraint(Constraint.atMost("size", 1)).build()) {
            StudyResult r = study.optimize();
            assertEquals(5, r.count(TrialState.COMPLETE));
            assertTrue(r.best().isEmpty(), "no trial within the constraints: no best");
            TrialRecord any = r.trials().get(0).record();
            assertEquals("size 10 > 1", study.constraints().whyInfeasible(any).orElseThrow());
        }
    }
}
