package io.ams.models;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark functions against their published minima and minimisers. */
class TestFunctionsTest {
    @Test
    void braninHasItsThreeMinimisers() {
        double[][] minimisers = {{-Math.PI, 12.275}, {Math.PI, 2.275}, {9.42478, 2.475}};
        for (double[] x : minimisers) assertEquals(TestFunctions.BRANIN_MIN, TestFunctions.branin(x[0], x[1]), 1e-5);
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 10_000; i++) {
            double v = TestFunctions.branin(-5 + 15 * r.nextDouble(), 15 * r.nextDouble());
            assertTrue(v >= TestFunctions.BRANIN_MIN - 1e-9);
        }
    }

    @Test
    void rosenbrockIsZeroAtOnesAndPositiveElsewhere() {
        assertEquals(0.0, TestFunctions.rosenbrock(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}));
        assertEquals(100.0 + 1.0, TestFunctions.rosenbrock(new double[] {0, 1}), 1e-12);
    }

    @Test
    void hartmann6AtItsMinimiser() {
        double[] x = {0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573};
        assertEquals(TestFunctions.HARTMANN6_MIN, TestFunctions.hartmann6(x), 1e-5);
        assertThrows(IllegalArgumentException.class, () -> TestFunctions.evaluate("hartmann6", new double[3]));
        assertThrows(IllegalArgumentException.class, () -> TestFunctions.evaluate("ackley", new double[3]));
    }

    @Test
    void rotatedFunctionsAreZeroAtTheirShiftedOptimum() {
        for (int instance : new int[] {0, 1, 7}) {
            double[] o = TestFunctions.shift(10, instance);
            for (double v : o) assertTrue(Math.abs(v) >= 1 && Math.abs(v) <= 4, "shift " + v);
            assertEquals(0.0, TestFunctions.ellipsoidRotated(o, instance), 1e-20);
            assertEquals(0.0, TestFunctions.rastriginRotated(o, instance), 1e-12);
            assertEquals(0.0, TestFunctions.evaluate("rastrigin_rotated", o, instance), 1e-12);
            assertTrue(TestFunctions.ellipsoidRotated(new double[10], instance) > 0);
        }
        assertTrue(TestFunctions.shift(10, 0)[0] != TestFunctions.shift(10, 1)[0], "instances differ");
    }

    @Test
    void rotationIsOrthonormal() {
        double[][] r = TestFunctions.rotation(10, 3);
        for (int i = 0; i < 10; i++) {
            for (int k = 0; k < 10; k++) {
                double dot = 0;
                for (int j = 0; j < 10; j++) dot += r[i][j] * r[k][j];
                assertEquals(i == k ? 1.0 : 0.0, dot, 1e-12);
            }
        }
    }

    @Test
    void rotatedFunctionsByHandIn2d() {
        // instance 0 in 2 dimensions: z = R (x - o); at x = o + R^T e_2 (a unit step along z_2) the ellipsoid
        // is 10^6 * 1 and Rastrigin 20 + 1 - 10 cos(2 pi) - 10 cos(0) = 1
        double[] o = TestFunctions.shift(2, 0);
        double[][] r = TestFunctions.rotation(2, 0);
        double[] x = {o[0] + r[1][0], o[1] + r[1][1]};
        assertEquals(1e6, TestFunctions.ellipsoidRotated(x, 0), 1e-6);
        assertEquals(1.0, TestFunctions.rastriginRotated(x, 0), 1e-9);
        // a half step along z_1: ellipsoid 0.25, Rastrigin 20 + 0.25 - 10 cos(pi) - 10 = 20.25
        double[] h = {o[0] + 0.5 * r[0][0], o[1] + 0.5 * r[0][1]};
        assertEquals(0.25, TestFunctions.ellipsoidRotated(h, 0), 1e-12);
        assertEquals(20.25, TestFunctions.rastriginRotated(h, 0), 1e-9);
    }

    @Test
    void splitMix64MatchesSplittableRandom() {
        TestFunctions.SplitMix64 g = new TestFunctions.SplitMix64(42);
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 100; i++) assertEquals(r.nextLong(), g.nextLong());
    }

    @Test
    void styblinskiTangAtItsMinimiser() {
        double[] x = new double[20];
        java.util.Arrays.fill(x, -2.903534);
        assertEquals(-39.16617 * 20, TestFunctions.styblinskiTang(x), 1e-3);
        assertEquals(TestFunctions.minimum("styblinski_tang", 20), TestFunctions.styblinskiTang(x), 1e-9);
        // by hand at x = (0, 1): (0) + (1 - 16 + 5) = -10, halved: -5
        assertEquals(-5.0, TestFunctions.styblinskiTang(new double[] {0, 1}), 1e-15);
    }

    @Test
    void griewankIsZeroAtZero() {
        assertEquals(0.0, TestFunctions.griewank(new double[20]), 0.0);
        // by hand at (pi, 0): 1 + pi^2 / 4000 - cos(pi) cos(0) = 2 + pi^2 / 4000
        assertEquals(2 + Math.PI * Math.PI / 4000, TestFunctions.griewank(new double[] {Math.PI, 0}), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> TestFunctions.of("griewank", 20, 1));
    }
}
