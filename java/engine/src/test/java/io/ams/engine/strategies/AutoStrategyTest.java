package io.ams.engine.strategies;

import io.ams.core.Direction;
import io.ams.engine.Proposal;
import io.ams.engine.SearchDomain;
import io.ams.engine.Strategy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void afterItsTrialsTheGpStrategyHandsItsBestPointsToCmaes() {
        double[] optimum = {0.3, 0.6};
        try (AutoStrategy s = auto(2, Map.of())) {
            List<double[]> points = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            while (points.size() < AutoStrategy.GP_TRIALS) {
                for (Proposal p : s.ask(1)) {
                    double v = Math.pow(p.point()[0] - optimum[0], 2) + Math.pow(p.point()[1] - optimum[1], 2);
                    points.add(p.point());
                    values.add(v);
                    s.tell(p, v);
                }
            }
            assertEquals("turbo", s.currentName());
            List<Proposal> next = s.ask(AutoStrategy.HANDED_OVER);
            assertEquals("cmaes", s.currentName());
            Integer[] order = new Integer[values.size()];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, Comparator.comparingDouble((Integer i) -> values.get(i)).thenComparingInt(i -> i));
            for (int i = 0; i < next.size(); i++) {
                assertArrayEquals(points.get(order[i]), next.get(i).point(), "hand-over point " + i);
                assertEquals(AutoStrategy.GP_TRIALS + i, next.get(i).sequence());
            }
        }
    }

    @Test
    void fidelityOptionsNeedMaxFidelity() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.ams.engine.StrategyOptionException.class,
                () -> auto(3, Map.of("eta", 3)));
        assertTrue(e.getMessage().contains("give max_fidelity too"), e.getMessage());
    }
}
