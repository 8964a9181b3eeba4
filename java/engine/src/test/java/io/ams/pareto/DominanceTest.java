package io.ams.pareto;

import io.ams.core.Direction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.ams.core.Direction.MAXIMIZE;
import static io.ams.core.Direction.MINIMIZE;
import static org.junit.jupiter.api.Assertions.*;

class DominanceTest {
    private static final Dominance MIN_MAX = Dominance.of(MINIMIZE, MAXIMIZE);

    @Test
    void paretoDominanceHonoursEachDirection() {
        // minimise the first, maximise the second
        assertTrue(MIN_MAX.dominates(new double[] {1, 5}, new double[] {2, 4}));
        assertTrue(MIN_MAX.dominates(new double[] {1, 5}, new double[] {1, 4}), "equal in one, better in the other");
        assertFalse(MIN_MAX.dominates(new double[] {1, 5}, new double[] {1, 5}), "a point does not dominate itself");
        assertEquals(0, MIN_MAX.compare(new double[] {1, 4}, new double[] {2, 5}), "incomparable");
        assertEquals(-1, MIN_MAX.compare(new double[] {2, 4}, new double[] {1, 5}));
        assertEquals(1, Dominance.minimizing(2).compare(new double[] {1, 4}, new double[] {2, 5}));
        assertEquals(1, Dominance.of(MAXIMIZE, MAXIMIZE).compare(new double[] {2, 5}, new double[] {1, 4}));
    }

    @Test
    void aFailureIsTheWorstValueOfItsDirection() {
        double nan = Double.NaN;
        assertTrue(MIN_MAX.dominates(new double[] {1, 5}, new double[] {nan, 5}));
        assertTrue(MIN_MAX.dominates(new double[] {1, 5}, new double[] {1, nan}));
        assertFalse(MIN_MAX.dominates(new double[] {nan, nan}, new double[] {1e300, -1e300}));
        assertEquals(0, MIN_MAX.compare(new double[] {nan, 5}, new double[] {nan, 5}));
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, -3}, MIN_MAX.minimised(new double[] {nan, 3}));
    }

    @Test
    void matchesTheDefinitionOnRandomVectorsWithTies() {
        Random random = new Random(11);
        for (int trial = 0; trial < 20_000; trial++) {
            int d = 1 + random.nextInt(4);
            Direction[] dirs = BruteForce.randomDirections(random, d);
            Dominance dom = Dominance.of(dirs);
            double[][] p = BruteForce.tiedPoints(random, 2, d, 3);
            boolean ab = BruteForce.dominates(p[0], p[1], dirs), ba = BruteForce.dominates(p[1], p[0], dirs);
            assertEquals(ab ? 1 : ba ? -1 : 0, dom.compare(p[0], p[1]));
        }
    }

    @Test
    void debsRuleOnHandCases() {
        ParetoPoint goodButInfeasible = ParetoPoint.withViolation(0.1, 0, 10);
        ParetoPoint poorButFeasible = ParetoPoint.feasible(9, 0);
        ParetoPoint slightlyInfeasible = ParetoPoint.withViolation(0.5, 9, 0);
        ParetoPoint veryInfeasible = ParetoPoint.withViolation(2, 0, 10);
        assertTrue(MIN_MAX.constrainedDominates(poorButFeasible, goodButInfeasible), "feasible beats infeasible");
        assertEquals(-1, MIN_MAX.compareConstrained(goodButInfeasible, poorButFeasible));
        assertTrue(MIN_MAX.constrainedDominates(slightlyInfeasible, veryInfeasible), "smaller violation wins, whatever the objectives");
        assertEquals(0, MIN_MAX.compareConstrained(ParetoPoint.withViolation(1, 0, 10), ParetoPoint.withViolation(1, 9, 0)),
                "equal violations: neither");
        assertEquals(0, MIN_MAX.compareConstrained(ParetoPoint.feasible(1, 4), ParetoPoint.feasible(2, 5)), "feasible: Pareto");
        assertTrue(MIN_MAX.constrainedDominates(ParetoPoint.feasible(1, 5), ParetoPoint.feasible(2, 4)));
        assertThrows(IllegalArgumentException.class, () -> ParetoPoint.withViolation(-1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> ParetoPoint.withViolation(Double.NaN, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> MIN_MAX.compare(new double[] {1}, new double[] {1, 2}));
    }

    @Test
    void constraintDominationIsAStrictPartialOrderMatchingDebsRule() {
        Random random = new Random(5);
        for (int set = 0; set < 30; set++) {
            int d = 1 + random.nextInt(3);
            Direction[] dirs = BruteForce.randomDirections(random, d);
            Dominance dom = Dominance.of(dirs);
            List<ParetoPoint> points = randomConstrained(random, 25, d);
            for (ParetoPoint a : points) {
                assertEquals(0, dom.compareConstrained(a, a), "irreflexive");
                for (ParetoPoint b : points) {
                    int ab = dom.compareConstrained(a, b);
                    assertEquals(-ab, dom.compareConstrained(b, a), "antisymmetric");
                    assertEquals(BruteForce.constrainedDominates(a, b, dirs), ab > 0, a + " vs " + b);
                    for (ParetoPoint c : points)
                        if (ab > 0 && dom.compareConstrained(b, c) > 0)
                            assertTrue(dom.constrainedDominates(a, c), "transitive");
                }
            }
            // without violations it is plain Pareto dominance
            for (ParetoPoint a : points)
                for (ParetoPoint b : points)
                    assertEquals(dom.compare(a.values(), b.values()),
                            dom.compareConstrained(ParetoPoint.feasible(a.values()), ParetoPoint.feasible(b.values())));
        }
    }

    /** About half feasible; violations from a few levels, so that equal violations occur. */
    static List<ParetoPoint> randomConstrained(Random random, int n, int d) {
        List<ParetoPoint> points = new ArrayList<>();
        for (double[] v : BruteForce.tiedPoints(random, n, d, 4))
            points.add(random.nextBoolean() ? ParetoPoint.feasible(v) : ParetoPoint.withViolation(0.5 * (1 + random.nextInt(3)), v));
        return points;
    }
}
