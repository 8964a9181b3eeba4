package io.ams.pareto;

import io.ams.core.Direction;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static io.ams.core.Direction.MAXIMIZE;
import static io.ams.core.Direction.MINIMIZE;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Exact hypervolume against two plain references: inclusion-exclusion over all subsets (small
 * sets, real coordinates; agreement to 1e-9 relative, the rounding of summing 2^n signed boxes)
 * and counting unit cells on an integer grid (larger sets; integer results, so exact agreement).
 */
class HypervolumeTest {

    @Test
    void handExamples() {
        double[] ref = {4, 4};
        assertEquals(0, Hypervolume.of(new double[0][], ref));
        assertEquals(9, Hypervolume.of(new double[][] {{1, 1}}, ref));
        // (1,3) and (3,1): 3 + 3 - 1
        assertEquals(5, Hypervolume.of(new double[][] {{1, 3}, {3, 1}}, ref));
        // a dominated point, a duplicate and points on or beyond the reference add nothing
        assertEquals(5, Hypervolume.of(new double[][] {{1, 3}, {3, 1}, {3, 3}, {1, 3}, {0, 4}, {5, 0}, {2, Double.NaN}}, ref));
        assertEquals(8, Hypervolume.of(new double[][] {{2, 2, 2}}, new double[] {4, 4, 4}));
        assertEquals(3, Hypervolume.of(new double[][] {{2}, {1}, {5}}, new double[] {4}));
        assertEquals(16, Hypervolume.of(new double[][] {{2, 2, 2, 2}}, new double[] {4, 4, 4, 4}));
        assertThrows(IllegalArgumentException.class, () -> Hypervolume.of(new double[][] {{1, 1}}, new double[] {1, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> Hypervolume.of(new double[][] {{1, Double.NEGATIVE_INFINITY}}, new double[] {4, 4}));
        // a maximised 0 becomes -0.0 and a maximised -0.0 becomes 0.0: one coordinate, width 1 from the reference
        assertEquals(1.5, Hypervolume.of(new double[][] {{0, 2, 1}, {-0.0, 1.5, 1}}, new double[] {-1, 3, 2},
                Dominance.of(MAXIMIZE, MINIMIZE, MINIMIZE)), 0.0);
        assertEquals(1.5, Hypervolume.of(new double[][] {{-0.0, 1.5, 1}, {0, 2, 1}, {0, 2, 1.5}}, new double[] {-1, 3, 2},
                Dominance.of(MAXIMIZE, MINIMIZE, MINIMIZE)), 0.0);
    }

    @Test
    void maximisedObjectivesAreFlipped() {
        // maximise both against reference (0, 0): (3, 1) and (1, 3) dominate 3 + 3 - 1
        assertEquals(5, Hypervolume.of(new double[][] {{3, 1}, {1, 3}}, new double[] {0, 0}, Dominance.of(MAXIMIZE, MAXIMIZE)));
        // minimise the first, maximise the second, reference (4, 0): (1, 2) spans 3 x 2
        assertEquals(6, Hypervolume.of(List.of(ParetoPoint.feasible(1, 2)), new double[] {4, 0}, Dominance.of(MINIMIZE, MAXIMIZE)));
        assertEquals(0, Hypervolume.of(new double[][] {{1, -1}}, new double[] {4, 0}, Dominance.of(MINIMIZE, MAXIMIZE)));
        Random random = new Random(3);
        for (int set = 0; set < 50; set++) {
            int d = 2 + random.nextInt(2);
            Direction[] dirs = BruteForce.randomDirections(random, d);
            double[][] p = NonDominatedSortingTest.continuous(random, 8, d);
            double[] ref = new double[d];
            double[][] flipped = new double[p.length][d];
            for (int k = 0; k < d; k++) {
                ref[k] = dirs[k] == MINIMIZE ? 0.9 : 0.1;
                for (int i = 0; i < p.length; i++) flipped[i][k] = dirs[k] == MINIMIZE ? p[i][k] : -p[i][k];
            }
            double[] flippedRef = new double[d];
            for (int k = 0; k < d; k++) flippedRef[k] = dirs[k] == MINIMIZE ? ref[k] : -ref[k];
            assertEquals(BruteForce.inclusionExclusion(flipped, flippedRef), Hypervolume.of(p, ref, Dominance.of(dirs)), 1e-12);
        }
    }

    @Test
    void matchesInclusionExclusionOnSmallRandomSets() {
        Random random = new Random(42);
        for (int d = 2; d <= 5; d++) {
            for (int set = 0; set < 150; set++) {
                int n = random.nextInt(11);
                // continuous points, some beyond the reference (which sits inside the cube), and tied ones
                double[][] p = set % 3 == 0 ? scale(BruteForce.tiedPoints(random, n, d, 4), 0.3)
                        : NonDominatedSortingTest.continuous(random, n, d);
                double[] ref = new double[d];
                java.util.Arrays.fill(ref, 0.8);
                double expected = BruteForce.inclusionExclusion(p, ref);
                assertEquals(expected, Hypervolume.of(p, ref), 1e-9 * Math.max(1, expected), "d " + d + " set " + set);
            }
        }
    }

    @Test
    void matchesGridCountingOnLargerIntegerSets() {
        Random random = new Random(7);
        for (int d = 2; d <= 3; d++) {
            for (int set = 0; set < 25; set++) {
                int n = 20 + random.nextInt(60);
                int side = d == 2 ? 40 : 14;
                int[][] ip = new int[n][d];
                double[][] p = new double[n][d];
                for (int i = 0; i < n; i++)
                    for (int k = 0; k < d; k++) {
                        ip[i][k] = random.nextInt(side + 3); // some beyond the reference
                        p[i][k] = ip[i][k];
                    }
                int[] iref = new int[d];
                double[] ref = new double[d];
                java.util.Arrays.fill(iref, side);
                java.util.Arrays.fill(ref, side);
                assertEquals((double) BruteForce.gridCount(ip, iref, 0), Hypervolume.of(p, ref), 0.0, "d " + d + " set " + set);
            }
        }
    }

    private static double[][] scale(double[][] p, double s) {
        for (double[] row : p) for (int k = 0; k < row.length; k++) row[k] *= s;
        return p;
    }
}
