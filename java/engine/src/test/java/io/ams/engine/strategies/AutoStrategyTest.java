package io.ams.engine.strategies;

import io.ams.core.Direction;
import io.ams.engine.Proposal;
import io.ams.engine.SearchDomain;
import io.ams.engine.Strategy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** auto's rules, and its hand-over from one strategy to the next. */
class AutoStrategyTest {
    private static AutoStrategy auto(int dimensions, Map<String, ?> options) {
        return (AutoStrategy) Strategies.create("auto", options, SearchDomain.flat(dimensions), Direction.MINIMIZE, 1);
    }

    @Test
    void theRulesPickByFidelityAndDimension() {
        try (AutoStrategy s = auto(5, Map.of("max_fidelity", 27))) {
            assertEquals("bohb", s.currentName());
            assertEquals(27.0, s.maxFidelity());
        }
        try (AutoStrategy s = auto(21, Map.of())) {
            assertEquals("cmaes", s.currentName());
        }
        try (AutoStrategy s = auto(20, Map.of())) {
            assertEquals("turbo", s.currentName());
        }
    }

    @Test
    void afterItsTrialsTheGpStrategyHandsItsBestPointsToCmaesWithoutSpendingTrials() {
        double[] optimum = {0.3, 0.6};
        try (AutoStrategy s = auto(2, Map.of())) {
            List<double[]> points = new ArrayList<>();
            while (points.size() < AutoStrategy.GP_TRIALS) {
                for (Proposal p : s.ask(1)) {
                    points.add(p.point());
                    s.tell(p, distanceSquared(p.point(), optimum));
                }
            }
            assertEquals("turbo", s.currentName());
            List<Proposal> next = s.ask(AutoStrategy.HANDED_OVER);
            assertEquals("cmaes", s.currentName());
            assertFalse(next.isEmpty());
            for (int i = 0; i < next.size(); i++) {
                Proposal p = next.get(i);
                assertEquals(AutoStrategy.GP_TRIALS + i, p.sequence());
                for (double[] seen : points) assertFalse(Arrays.equals(seen, p.point()), "an evaluated point proposed again");
                // cmaes goes on around the best points (their centroid, their spread as sigma), not from a random mean
                assertTrue(distanceSquared(p.point(), optimum) < 0.05 * 0.05, Arrays.toString(p.point()));
            }
        }
    }

    @Test
    void itsFirstPhaseIsThatStrategyRunAloneWithTheSameSeed() {
        try (AutoStrategy auto = auto(3, Map.of());
             Strategy turbo = Strategies.create("turbo", Map.of(), SearchDomain.flat(3), Direction.MINIMIZE, 1)) {
            for (int i = 0; i < 30; i++) {
                Proposal a = auto.ask(1).get(0);
                Proposal t = turbo.ask(1).get(0);
                assertArrayEquals(t.point(), a.point(), "trial " + i);
                double v = distanceSquared(a.point(), new double[] {0.2, 0.7, 0.5});
                auto.tell(a, v);
                turbo.tell(t, v);
            }
        }
    }

    private static double distanceSquared(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) s += (x[i] - y[i]) * (x[i] - y[i]);
        return s;
    }

    @Test
    void fidelityOptionsNeedMaxFidelity() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.ams.engine.StrategyOptionException.class,
                () -> auto(3, Map.of("eta", 3)));
        assertTrue(e.getMessage().contains("give max_fidelity too"), e.getMessage());
    }
}
