package io.ams.surrogate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The bounded L-BFGS used for hyperparameter fitting, on problems with known minima. */
class GpLbfgsTest {

    /** Rosenbrock: minimum 0 at (1, 1). */
    static double rosenbrock(double[] x, double[] g) {
        double a = 1 - x[0], b = x[1] - x[0] * x[0];
        g[0] = -2 * a - 400 * x[0] * b;
        g[1] = 200 * b;
        return a * a + 100 * b * b;
    }

    @Test
    void unconstrainedRosenbrock() {
        BoundedLbfgs.Result r = BoundedLbfgs.minimize(GpLbfgsTest::rosenbrock, new double[] {-1.2, 1},
                new double[] {-5, -5}, new double[] {5, 5}, 500, 1e-8);
        assertNotNull(r);
        assertEquals(1, r.x()[0], 1e-4);
        assertEquals(1, r.x()[1], 1e-4);
    }

    @Test
    void activeBoundIsHonoured() {
        // Minimum of Rosenbrock with x0 <= 0.5: on the bound, x1 = 0.25.
        BoundedLbfgs.Result r = BoundedLbfgs.minimize(GpLbfgsTest::rosenbrock, new double[] {-1.2, 1},
                new double[] {-5, -5}, new double[] {0.5, 5}, 500, 1e-8);
        assertEquals(0.5, r.x()[0], 0.0);
        assertEquals(0.25, r.x()[1], 1e-5);
        // Quadratic with its minimum outside the box on both coordinates, start outside too.
        BoundedLbfgs.Result q = BoundedLbfgs.minimize((x, g) -> {
            g[0] = 2 * (x[0] - 3);
            g[1] = 2 * (x[1] + 3);
            return (x[0] - 3) * (x[0] - 3) + (x[1] + 3) * (x[1] + 3);
        }, new double[] {10, 10}, new double[] {-1, -1}, new double[] {1, 1}, 100, 1e-10);
        assertEquals(1, q.x()[0], 0.0);
        assertEquals(-1, q.x()[1], 0.0);
        assertTrue(q.converged());
    }

    @Test
    void undefinedRegionsAreAvoidedAndAnUndefinedStartGivesNull() {
        // f undefined (NaN) for x0 > 0.8; minimum of (x0 - 2)^2 within the defined region is at 0.8.
        BoundedLbfgs.Objective f = (x, g) -> {
            if (x[0] > 0.8) return Double.NaN;
            g[0] = 2 * (x[0] - 2);
            return (x[0] - 2) * (x[0] - 2);
        };
        BoundedLbfgs.Result r = BoundedLbfgs.minimize(f, new double[] {0}, new double[] {-10}, new double[] {10}, 200, 1e-10);
        assertTrue(r.x()[0] <= 0.8 && r.x()[0] > 0.79, "x " + r.x()[0]);
        assertNull(BoundedLbfgs.minimize(f, new double[] {1}, new double[] {-10}, new double[] {10}, 200, 1e-10));
    }
}
