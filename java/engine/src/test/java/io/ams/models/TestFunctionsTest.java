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
}
