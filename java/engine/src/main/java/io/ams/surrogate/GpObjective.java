package io.ams.surrogate;

import io.ams.natives.GpNative;

/**
 * The fitting objective over theta = (log l_1..log l_d, log s2, log sn2): the native negative
 * log marginal likelihood of the standardised targets plus the negative log priors, with
 * bounds. Priors and bounds follow BoTorch's classic single-task GP for unit-cube inputs and
 * standardised targets, each a Gamma(shape a, rate b) density on the variable itself (not
 * on its log; the log-space Jacobian is left out, as there):
 * <pre>
 *   lengthscale      in [0.01, 50],   Gamma(3, 6)      (mode 1/3)
 *   signal variance  in [0.05, 20],   Gamma(2, 0.15)   (mode 6.7, weak)
 *   noise variance   in [1e-6, 1],    Gamma(1.1, 0.05) (nearly flat)
 * </pre>
 * Categorical dimensions use the same lengthscale bounds and prior.
 */
final class GpObjective implements BoundedLbfgs.Objective {

    static final double LENGTHSCALE_MIN = 0.01, LENGTHSCALE_MAX = 50;
    static final double SIGNAL_MIN = 0.05, SIGNAL_MAX = 20;
    static final double NOISE_MIN = 1e-6, NOISE_MAX = 1;
    static final double LENGTHSCALE_SHAPE = 3, LENGTHSCALE_RATE = 6;
    static final double SIGNAL_SHAPE = 2, SIGNAL_RATE = 0.15;
    static final double NOISE_SHAPE = 1.1, NOISE_RATE = 0.05;
    /** Diagonal jitter relative to the signal variance (escalated natively when needed). */
    static final double RELATIVE_JITTER = 1e-8;

    private final int kernel;
    private final int n;
    private final int d;
    private final double[] x;
    private final double[] y;
    private final int[] cat;
    private final int threads;
    private final double[] nll = new double[1];
    private int failures;
    private String lastFailure = "";

    GpObjective(Kernel kernel, double[] flatX, int n, int d, double[] standardisedY, int[] cat, int threads) {
        this.kernel = kernel.code;
        this.n = n;
        this.d = d;
        this.x = flatX;
        this.y = standardisedY;
        this.cat = cat;
        this.threads = threads;
    }

    static double[] lowerBounds(int d) {
        double[] lo = new double[d + 2];
        for (int k = 0; k < d; k++) lo[k] = Math.log(LENGTHSCALE_MIN);
        lo[d] = Math.log(SIGNAL_MIN);
        lo[d + 1] = Math.log(NOISE_MIN);
        return lo;
    }

    static double[] upperBounds(int d) {
        double[] hi = new double[d + 2];
        for (int k = 0; k < d; k++) hi[k] = Math.log(LENGTHSCALE_MAX);
        hi[d] = Math.log(SIGNAL_MAX);
        hi[d + 1] = Math.log(NOISE_MAX);
        return hi;
    }

    /**
     * NLL + negative log priors and its gradient; +Infinity where the kernel matrix is not
     * positive definite even after jitter escalation. Other native failures are bugs here and
     * throw. The jitter (RELATIVE_JITTER * s2) is treated as a constant in the gradient.
     */
    @Override
    public double evaluate(double[] theta, double[] gradient) {
        double jitter = RELATIVE_JITTER * Math.exp(theta[d]);
        int rc = GpNative.ams_gp_nll(kernel, n, d, x, y, cat, theta, jitter, threads, nll, gradient, null);
        if (rc == GpNative.NOT_PD) {
            failures++;
            lastFailure = GpNative.lastError();
            return Double.POSITIVE_INFINITY;
        }
        if (rc != 0) throw new IllegalStateException("GP likelihood evaluation failed: " + GpNative.lastError());
        double value = nll[0];
        for (int k = 0; k < d; k++) value += gammaPrior(theta, k, LENGTHSCALE_SHAPE, LENGTHSCALE_RATE, gradient);
        value += gammaPrior(theta, d, SIGNAL_SHAPE, SIGNAL_RATE, gradient);
        value += gammaPrior(theta, d + 1, NOISE_SHAPE, NOISE_RATE, gradient);
        return value;
    }

    /** -log Gamma(v; a, b) up to a constant, v = exp(theta[i]); adds its theta-gradient. */
    private static double gammaPrior(double[] theta, int i, double a, double b, double[] gradient) {
        double v = Math.exp(theta[i]);
        gradient[i] += -(a - 1) + b * v;
        return -(a - 1) * theta[i] + b * v;
    }

    int failures() {
        return failures;
    }

    String lastFailure() {
        return lastFailure;
    }
}
