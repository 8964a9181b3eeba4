package io.ams.pareto;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class CrowdingDistanceTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void handExampleOfTwoObjectives() {
        // a front of four points on f2 = 3 - f1, f1 in {0, 1, 2, 3}: interior points get
        // (gap in f1)/3 + (gap in f2)/3 = 2/3 + 2/3
        double[][] front = {{0, 3}, {1, 2}, {2, 1}, {3, 0}};
        double[] d = CrowdingDistance.of(front);
        assertEquals(INF, d[0]);
        assertEquals(INF, d[3]);
        assertEquals(4.0 / 3, d[1], 1e-15);
        assertEquals(4.0 / 3, d[2], 1e-15);
    }

    @Test
    void smallFrontsAreAllBoundary() {
        assertArrayEquals(new double[] {INF, INF}, CrowdingDistance.of(new double[][] {{0, 1}, {1, 0}}));
        assertArrayEquals(new double[] {INF}, CrowdingDistance.of(List.of(ParetoPoint.feasible(3, 3))));
        assertEquals(0, CrowdingDistance.of(new double[0][]).length);
        assertThrows(IllegalArgumentException.class, () -> CrowdingDistance.of(new double[][] {{0, Double.NaN}, {1, 0}, {2, 2}}));
    }

    @Test
    void matchesTheTextbookDefinitionOnRandomSetsWithTies() {
        Random random = new Random(99);
        for (int set = 0; set < 200; set++) {
            int d = 1 + random.nextInt(4);
            int n = random.nextInt(30);
            double[][] f = set % 2 == 0 ? BruteForce.tiedPoints(random, n, d, 1 + random.nextInt(4))
                    : NonDominatedSortingTest.continuous(random, n, d);
            double[] expected = BruteForce.crowding(f);
            double[] actual = CrowdingDistance.of(f);
            for (int i = 0; i < n; i++)
                assertEquals(expected[i], actual[i], 1e-12, "set " + set + " point " + i);
        }
    }
}
