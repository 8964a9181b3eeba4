package io.ams.surrogate;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DesignsTest {

    @Test
    void latinHypercubeHasOnePointPerStratumInEveryDimension() {
        int n = 37, d = 5;
        double[][] x = Designs.latinHypercube(n, d, new SplittableRandom(3));
        assertEquals(n, x.length);
        for (int j = 0; j < d; j++) {
            boolean[] seen = new boolean[n];
            for (double[] p : x) {
                assertEquals(d, p.length);
                assertTrue(p[j] >= 0 && p[j] < 1);
                int s = (int) Math.floor(p[j] * n);
                assertFalse(seen[s], "stratum " + s + " twice in dimension " + j);
                seen[s] = true;
            }
        }
        assertFalse(Arrays.deepEquals(x, Designs.latinHypercube(n, d, new SplittableRandom(4))));
        assertTrue(Arrays.deepEquals(x, Designs.latinHypercube(n, d, new SplittableRandom(3))));
    }

    @Test
    void sobolFirstPointsInTwoDimensions() {
        double[][] x = Designs.sobol(8, 2, 0);
        double[] d1 = {0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125};
        double[] d2 = {0, 0.5, 0.25, 0.75, 0.375, 0.875, 0.125, 0.625};
        for (int i = 0; i < 8; i++) {
            assertEquals(d1[i], x[i][0], 0, "dim 1 point " + i);
            assertEquals(d2[i], x[i][1], 0, "dim 2 point " + i);
        }
    }

    @Test
    void sobolMatchesReferenceInHigherDimensions() {
        // scipy.stats.qmc.Sobol(d=64, scramble=False) (same Joe-Kuo table), points 5, 100, 1023.
        double[][] x = Designs.sobol(1024, 64, 0);
        assertEquals(0.625, x[5][31]);
        assertEquals(0.375, x[5][62]);
        assertEquals(0.625, x[5][63]);
        assertEquals(0.4140625, x[100][31]);
        assertEquals(0.4609375, x[100][62]);
        assertEquals(0.6484375, x[100][63]);
        assertEquals(0.6142578125, x[1023][31]);
        assertEquals(0.7900390625, x[1023][62]);
        assertEquals(0.0400390625, x[1023][63]);
        // point 15, dims 1..8
        assertArrayEquals(new double[] {0.0625, 0.9375, 0.5625, 0.3125, 0.6875, 0.1875, 0.8125, 0.3125},
                Arrays.copyOf(x[15], 8), 0);
    }

    @Test
    void sobolSkipContinuesTheSequence() {
        double[][] all = Designs.sobol(300, 10, 0);
        double[][] tail = Designs.sobol(200, 10, 100);
        for (int i = 0; i < 200; i++) assertArrayEquals(all[100 + i], tail[i], 0);
    }

    @Test
    void sobolPointsAreInTheUnitCubeAndBalanced() {
        for (int k = 1; k <= 10; k++) {
            int n = 1 << k, d = Designs.SOBOL_MAX_DIMENSION;
            double[][] x = Designs.sobol(n, d, 0);
            for (int j = 0; j < d; j++) {
                int low = 0;
                for (double[] p : x) {
                    assertTrue(p[j] >= 0 && p[j] < 1);
                    if (p[j] < 0.5) low++;
                }
                assertEquals(n / 2, low, "dimension " + j + ", n " + n);
            }
        }
    }

    @Test
    void sobolQuartersAreBalancedForNetBlocks() {
        // every 2^k block starting at a multiple of 2^k: each quarter holds a quarter (dims with t small enough)
        double[][] x = Designs.sobol(256, 2, 256);
        for (int j = 0; j < 2; j++) {
            int[] q = new int[4];
            for (double[] p : x) q[(int) (p[j] * 4)]++;
            assertArrayEquals(new int[] {64, 64, 64, 64}, q);
        }
    }

    @Test
    void shiftedSobolDiffersBySeedAndStaysBalanced() {
        double[][] a = Designs.sobol(64, 6, new SplittableRandom(1));
        double[][] b = Designs.sobol(64, 6, new SplittableRandom(2));
        assertFalse(Arrays.deepEquals(a, b));
        assertTrue(Arrays.deepEquals(a, Designs.sobol(64, 6, new SplittableRandom(1))));
        for (int j = 0; j < 6; j++) {
            int[] strata = new int[64];
            for (double[] p : a) {
                assertTrue(p[j] >= 0 && p[j] < 1);
                strata[(int) (p[j] * 64)]++;
            }
            for (int c : strata) assertEquals(1, c, "dimension " + j); // a digital shift keeps 1-d stratification
        }
    }

    @Test
    void sobolRejectsTooManyDimensions() {
        assertThrows(IllegalArgumentException.class, () -> Designs.sobol(4, Designs.SOBOL_MAX_DIMENSION + 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Designs.sobol(4, 2, -1));
        assertEquals(0, Designs.sobol(0, 3, 0).length);
    }
}
