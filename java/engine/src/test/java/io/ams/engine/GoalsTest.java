package io.ams.engine;

import io.ams.core.Direction;
import io.ams.store.TrialRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A study with goals besides its value: its Pareto front, under constraints, kept by the store. */
class GoalsTest {

    /** Branin (minimised) against |x1 - 2| (minimised): a real trade-off, the minima sit at x1 = -pi, pi, 9.42. */
    private static StudyBuilder tradeOff() {
        return Study.builder().space(TestSpaces.branin())
                .objective((c, ctx) -> {
                    ctx.metric("distance", Math.abs(c.getDouble("x1") - 2));
                    ctx.metric("x2", c.getDouble("x2"));
                    return TestSpaces.branin(c);
                })
                .objectiveId("branin-distance").strategy("random").budget(Budget.trials(80)).seed(2).workers(1)
                .goal(Goal.minimize("distance"));
    }

    /** The non-dominated set by its definition: no other trial at least as good in both and better in one. */
    private static Set<Long> bruteForceFront(List<TrialRecord> trials) {
        Set<Long> front = new TreeSet<>();
        for (TrialRecord a : trials) {
            boolean dominated = false;
            for (TrialRecord b : trials) {
                double av = a.value(), bv = b.value();
                double ad = a.metrics().get("distance"), bd = b.metrics().get("distance");
                if (bv <= av && bd <= ad && (bv < av || bd < ad)) dominated = true;
            }
            if (!dominated) front.add(a.id());
        }
        return front;
    }

    @Test
    void theFrontIsExactlyTheNonDominatedTrials(@TempDir Path dir) {
        Path file = dir.resolve("goals.ams");
        try (Study study = tradeOff().store(file).build()) {
            StudyResult r = study.optimize();
            List<TrialRecord> all = r.trials().stream().map(Trial::record).toList();
            ParetoSummary front = study.front();
            assertEquals(List.of("value", "distance"), front.objectives());
            assertEquals(bruteForceFront(all), new TreeSet<>(front.front().stream().map(TrialRecord::id).toList()));
            assertTrue(front.front().size() >= 3, front.toString());
            assertEquals(80, front.candidates());
            assertTrue(front.hypervolume() > 0, front.toString());
            // the reference is beyond the worst of each objective: every trial counts
            double worstValue = all.stream().mapToDouble(TrialRecord::value).max().orElseThrow();
            assertTrue(front.reference()[0] > worstValue, front.toString());
        }
        // the goals belong to the study: a resume without them is another study
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> Study.builder()
                .space(TestSpaces.branin()).objective((c, ctx) -> TestSpaces.branin(c)).objectiveId("branin-distance")
                .strategy("random").budget(Budget.trials(90)).seed(2).workers(1).store(file).build());
        assertTrue(other.getMessage().contains("goals"), other.getMessage());
    }

    @Test
    void constraintsKeepTrialsOutsideThemOffTheFront() {
        try (Study study = tradeOff().constraint(Constraint.atLeast("x2", 5)).build()) {
            StudyResult r = study.optimize();
            ParetoSummary front = study.front();
            assertTrue(!front.front().isEmpty());
            for (TrialRecord t : front.front()) assertTrue(t.metrics().get("x2") >= 5, t.toString());
            List<TrialRecord> feasible = r.trials().stream().map(Trial::record).filter(study.constraints()::feasible).toList();
            assertEquals(bruteForceFront(feasible), new TreeSet<>(front.front().stream().map(TrialRecord::id).toList()));
        }
    }

    @Test
    void onlyAStrategyThatDoesNotRankByTheValueAloneMaySearchGoals() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tradeOff().strategy("ga").build());
        assertTrue(e.getMessage().startsWith("'ga' ranks trials by the value alone; a study with goals besides its value"
                + " (distance minimize) is searched by a multi-objective strategy: random, nsga2, parego, regevo"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> tradeOff().goal(Goal.maximize("distance")));
        IllegalArgumentException reference = assertThrows(IllegalArgumentException.class, () -> tradeOff().reference(1.0).build());
        assertEquals("the reference point has 1 value; the study has 2 objectives (the value, then distance)", reference.getMessage());
        assertThrows(IllegalArgumentException.class, () -> tradeOff().reference(1.0, Double.NaN));
        assertEquals(List.of(Goal.minimize("params"), new Goal("latency_ms", Direction.MAXIMIZE)),
                Goal.parseAll("params minimize, latency_ms maximize"));
    }
}
