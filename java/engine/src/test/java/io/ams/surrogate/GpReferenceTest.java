package io.ams.surrogate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ams.natives.GpNative;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Native GP algebra against {@link GpReference} (naive Java loops) and against central finite
 * differences, for both kernels, with and without a categorical dimension.
 * Tolerances: NLL and posterior 1e-9 relative (floor 1), analytic gradient vs reference
 * 1e-8 relative (floor 1), analytic gradient vs finite differences (step 1e-5) 1e-5.
 */
class GpReferenceTest {

    static final double JITTER = 1e-8;

    record Case(Kernel kernel, double[][] x, double[] y, boolean[] cat, double[] theta) {
        double[] flatX() {
            int d = x[0].length;
            double[] f = new double[x.length * d];
            for (int i = 0; i < x.length; i++) System.arraycopy(x[i], 0, f, i * d, d);
            return f;
        }

        int[] catMask() {
            int[] m = new int[cat.length];
            for (int k = 0; k < m.length; k++) m[k] = cat[k] ? 1 : 0;
            return m;
        }
    }

    /** n random points in d dimensions (categorical columns: indices 0..3), y smooth + noise, standardised-ish. */
    static Case randomCase(Kernel kernel, int n, int d, boolean withCategorical, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        boolean[] cat = new boolean[d];
        if (withCategorical) cat[1] = true;
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < d; k++) {
                x[i][k] = cat[k] ? r.nextInt(4) : r.nextDouble();
                s += Math.sin(3 * x[i][k] + k);
            }
            y[i] = s / Math.sqrt(d) + 0.05 * (r.nextDouble() - 0.5);
        }
        double[] theta = new double[d + 2];
        for (int k = 0; k < d; k++) theta[k] = Math.log(0.25 + 0.3 * k);
        theta[d] = Math.log(1.4);
        theta[d + 1] = Math.log(0.01);
        return new Case(kernel, x, y, cat, theta);
    }

    static Case[] cases() {
        return new Case[] {
            randomCase(Kernel.MATERN52, 40, 3, false, 1),
            randomCase(Kernel.MATERN52, 55, 5, true, 2),
            randomCase(Kernel.SQUARED_EXPONENTIAL, 35, 4, false, 3),
            randomCase(Kernel.SQUARED_EXPONENTIAL, 60, 3, true, 4),
        };
    }

    static double nativeNll(Case c, double[] theta, double[] grad) {
        double[] out = new double[1];
        int rc = GpNative.ams_gp_nll(c.kernel().code, c.x().length, c.x()[0].length, c.flatX(), c.y(), c.catMask(),
                theta, JITTER, 1, out, grad, null);
        assertEquals(0, rc, GpNative.lastError());
        return out[0];
    }

    static void assertClose(double expected, double actual, double rel, String what) {
        double tol = rel * Math.max(1, Math.max(Math.abs(expected), Math.abs(actual)));
        assertTrue(Math.abs(expected - actual) <= tol, what + ": expected " + expected + ", got " + actual);
    }

    @Test
    void nllAndGradientMatchReference() {
        GpNative.load();
        for (Case c : cases()) {
            int d = c.x()[0].length;
            double[] grad = new double[d + 2];
            double nll = nativeNll(c, c.theta(), grad);
            String name = c.kernel() + " n=" + c.x().length + " d=" + d;
            assertClose(GpReference.nll(c.kernel(), c.x(), c.y(), c.cat(), c.theta(), JITTER), nll, 1e-9, name + " nll");
            double[] ref = GpReference.gradient(c.kernel(), c.x(), c.y(), c.cat(), c.theta(), JITTER);
            for (int p = 0; p < d + 2; p++) assertClose(ref[p], grad[p], 1e-8, name + " grad[" + p + "]");
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        GpNative.load();
        for (Case c : cases()) {
            int d = c.x()[0].length;
            double[] grad = new double[d + 2];
            nativeNll(c, c.theta(), grad);
            for (int p = 0; p < d + 2; p++) {
                double h = 1e-5;
                double[] tp = c.theta().clone();
                double[] tm = c.theta().clone();
                tp[p] += h;
                tm[p] -= h;
                double fd = (nativeNll(c, tp, null) - nativeNll(c, tm, null)) / (2 * h);
                assertClose(fd, grad[p], 1e-5, c.kernel() + " d=" + d + " fd grad[" + p + "]");
            }
        }
    }

    @Test
    void posteriorMatchesReference() {
        for (Case c : cases()) {
            int d = c.x()[0].length;
            Hyperparameters h = Hyperparameters.fromTheta(c.theta());
            // Unit standardisation: the native model sees y as given, so the reference applies directly.
            try (GaussianProcess gp = GaussianProcess.condition(c.x(), c.y(), c.cat(), c.kernel(), h, 1, 0.0, 1.0)) {
                double jitter = GpObjective.RELATIVE_JITTER * h.signalVariance();
                assertEquals(jitter, gp.jitter());
                assertClose(-GpReference.nll(c.kernel(), c.x(), c.y(), c.cat(), c.theta(), jitter),
                        gp.logMarginalLikelihood(), 1e-9, "log marginal likelihood");
                double[][] pts = randomCase(c.kernel(), 70, d, c.cat()[1], 99).x();
                pts[0] = c.x()[3].clone();
                Prediction p = gp.predict(pts);
                double[][] ref = GpReference.posterior(c.kernel(), c.x(), c.y(), c.cat(), c.theta(), jitter, pts);
                for (int i = 0; i < pts.length; i++) {
                    assertClose(ref[0][i], p.mean(i), 1e-9, c.kernel() + " mean " + i);
                    assertClose(ref[1][i], p.variance(i), 1e-9, c.kernel() + " variance " + i);
                }
            }
        }
    }
}
