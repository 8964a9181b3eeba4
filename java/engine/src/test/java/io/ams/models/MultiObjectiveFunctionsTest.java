package io.ams.models;

import io.ams.pareto.Hypervolume;
import io.ams.pareto.NonDominatedSorting;
import io.ams.pareto.Dominance;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static io.ams.models.MultiObjectiveFunctions.DTLZ2_VARIABLES;
import static io.ams.models.MultiObjectiveFunctions.ZDT_VARIABLES;
import static org.junit.jupiter.api.Assertions.*;

/**
 * ZDT1, ZDT2 and DTLZ2 against their analytic Pareto fronts, and the exact hypervolume of a
 * dense sampling of each front against the known hypervolume of the whole front.
 */
class MultiObjectiveFunctionsTest {

    @Test
    void zdtOnTheFrontWhenTheDistanceVariablesAreZero() {
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 1000; i++) {
            double[] x = new double[ZDT_VARIABLES];
            x[0] = r.nextDouble();
            double[] f1 = MultiObjectiveFunctions.zdt1(x);
            double[] f2 = MultiObjectiveFunctions.zdt2(x);
            assertEquals(x[0], f1[0]);
            assertEquals(1 - Math.sqrt(x[0]), f1[1], 1e-15);
            assertEquals(1 - x[0] * x[0], f2[1], 1e-15);
            // moving any distance variable off 0 raises g and pushes f2 above the front
            x[1 + r.nextInt(ZDT_VARIABLES - 1)] = 0.01 + 0.99 * r.nextDouble();
            assertTrue(MultiObjectiveFunctions.zdt1(x)[1] > f1[1]);
            assertTrue(MultiObjectiveFunctions.zdt2(x)[1] > f2[1]);
        }
    }

    @Test
    void zdtByHand() {
        double[] ones = new double[ZDT_VARIABLES];
        Arrays.fill(ones, 1);
        // g = 1 + 9 * 29 / 29 = 10
        assertArrayEquals(new double[] {1, 10 * (1 - Math.sqrt(0.1))}, MultiObjectiveFunctions.zdt1(ones), 1e-12);
        assertArrayEquals(new double[] {1, 10 * (1 - 0.01)}, MultiObjectiveFunctions.zdt2(ones), 1e-12);
        double[] half = new double[ZDT_VARIABLES];
        Arrays.fill(half, 0.5);
        // g = 1 + 9 * 0.5 = 5.5
        assertArrayEquals(new double[] {0.5, 5.5 * (1 - Math.sqrt(0.5 / 5.5))}, MultiObjectiveFunctions.zdt1(half), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> MultiObjectiveFunctions.zdt1(new double[10]));
        ones[3] = 1.5;
        assertThrows(IllegalArgumentException.class, () -> MultiObjectiveFunctions.zdt2(ones));
    }

    @Test
    void dtlz2OnTheUnitSphereWhenTheDistanceVariablesAreHalf() {
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < 1000; i++) {
            double[] x = new double[DTLZ2_VARIABLES];
            Arrays.fill(x, 0.5);
            x[0] = r.nextDouble();
            x[1] = r.nextDouble();
            double[] f = MultiObjectiveFunctions.dtlz2(x);
            assertEquals(3, f.length);
            assertEquals(1, f[0] * f[0] + f[1] * f[1] + f[2] * f[2], 1e-12);
            for (double v : f) assertTrue(v >= 0);
            // off the front: the radius is 1 + g with g = sum of (x_i - 0.5)^2 over x3..x12
            x[2 + r.nextInt(DTLZ2_VARIABLES - 2)] = 0.3;
            double[] off = MultiObjectiveFunctions.dtlz2(x);
            assertEquals(1.04, Math.sqrt(off[0] * off[0] + off[1] * off[1] + off[2] * off[2]), 1e-12);
        }
    }

    @Test
    void dtlz2ByHand() {
        double[] x = new double[DTLZ2_VARIABLES];
        Arrays.fill(x, 0.5);
        x[0] = 0;
        x[1] = 0;
        assertArrayEquals(new double[] {1, 0, 0}, MultiObjectiveFunctions.dtlz2(x), 1e-15);
        x[1] = 1;
        assertArrayEquals(new double[] {0, 1, 0}, MultiObjectiveFunctions.dtlz2(x), 1e-15);
        x[0] = 1;
        assertArrayEquals(new double[] {0, 0, 1}, MultiObjectiveFunctions.dtlz2(x), 1e-15);
        x[0] = 0.5;
        x[1] = 0.5;
        assertArrayEquals(new double[] {0.5, 0.5, Math.sqrt(0.5)}, MultiObjectiveFunctions.dtlz2(x), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> MultiObjectiveFunctions.dtlz2(new double[3]));
    }

    /**
     * N evenly spaced front points of a decreasing front f2 = h(f1) on [0, 1] with h(0) = 1,
     * h(1) = 0 dominate a staircase under the true front: the deficit is at most the sum of the
     * steps' rectangles, (1/(N - 1)) * (h(0) - h(1)) = 1/(N - 1), and never negative.
     */
    @Test
    void zdtFrontHypervolumes() {
        int n = 1001;
        double[][] zdt1 = new double[n][], zdt2 = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] x = new double[ZDT_VARIABLES];
            x[0] = i / (n - 1.0);
            zdt1[i] = MultiObjectiveFunctions.zdt1(x);
            zdt2[i] = MultiObjectiveFunctions.zdt2(x);
        }
        Dominance min2 = Dominance.minimizing(2);
        for (double[][] front : new double[][][] {zdt1, zdt2})
            assertTrue(Arrays.stream(NonDominatedSorting.ranks(front, min2)).allMatch(r -> r == 0), "all on one front");
        double[] ref = {1.1, 1.1};
        double bound = 1.0 / (n - 1);
        double deficit1 = 1.21 - 1.0 / 3 - Hypervolume.of(zdt1, ref);
        double deficit2 = 1.21 - 2.0 / 3 - Hypervolume.of(zdt2, ref);
        assertTrue(deficit1 >= 0 && deficit1 <= bound, "ZDT1 deficit " + deficit1);
        assertTrue(deficit2 >= 0 && deficit2 <= bound, "ZDT2 deficit " + deficit2);
    }

    /**
     * A k x k grid of DTLZ2's position variables (x1, x2) puts every point of the true front
     * within distance delta = (pi/2) / (k - 1) of a sample (each angle within half a step of the
     * grid, each arc no longer than its angle), so the sample weakly dominates the true dominated
     * region shifted by delta in every objective: the deficit is at least 0 and at most
     * 1.1^3 - (1.1 - delta)^3 (0.026 for k = 201). Observed, it falls as about 0.67 / (k - 1)
     * (0.0034 for k = 201); the stated tolerance is 0.005 at k = 201 (40,401 points), and a
     * denser grid must come closer than a coarse one.
     */
    @Test
    void dtlz2FrontHypervolume() {
        double exact = 1.331 - Math.PI / 6;
        double coarse = exact - dtlz2GridHypervolume(61);
        double fine = exact - dtlz2GridHypervolume(201);
        double delta = (Math.PI / 2) / 200;
        assertTrue(fine >= 0 && fine <= 1.331 - Math.pow(1.1 - delta, 3), "DTLZ2 deficit " + fine);
        assertTrue(fine <= 0.005, "DTLZ2 deficit " + fine);
        assertTrue(fine < coarse, "a denser sampling is closer");
    }

    private static double dtlz2GridHypervolume(int k) {
        double[][] front = new double[k * k][];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++) {
                double[] x = new double[DTLZ2_VARIABLES];
                Arrays.fill(x, 0.5);
                x[0] = i / (k - 1.0);
                x[1] = j / (k - 1.0);
                front[i * k + j] = MultiObjectiveFunctions.dtlz2(x);
            }
        return Hypervolume.of(front, new double[] {1.1, 1.1, 1.1});
    }
}
