package io.ams.surrogate;

/**
 * The standard normal distribution as acquisition functions need it: density, distribution,
 * and the logarithms that stay finite far in the lower tail, where expected improvement of a
 * well-explored model lives (Ament et al., "Unexpected improvements to expected improvement
 * for Bayesian optimization", 2023).
 */
public final class NormalMath {
    private NormalMath() {}

    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    public static double pdf(double z) {
        return Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
    }

    /** Phi(z), to about 1e-15 relative: erfc by a series near 0 and a continued fraction in the tails. */
    public static double cdf(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    /** log Phi(z), finite for every finite z. */
    public static double logCdf(double z) {
        if (z > -5) return Math.log(cdf(z));
        // Phi(z) = phi(z) R(-z) with Mills' ratio R(x) = 1 / (x + 1/(x + 2/(x + ...))).
        double x = -z;
        return -0.5 * x * x - LOG_SQRT_2PI - Math.log(millsDenominator(x));
    }

    /**
     * log h(z) with h(z) = phi(z) + z Phi(z), the expected improvement in standard units:
     * EI = sigma h((best - mean) / sigma). Direct above z = -1; below, h(z) = phi(z) T / (x + T)
     * with x = -z and T = 1 / (x + 2/(x + 3/(x + ...))), which has no cancellation.
     */
    public static double logH(double z) {
        if (z > -1) return Math.log(pdf(z) + z * cdf(z));
        double x = -z;
        double t = 1 / tail(x, 2);
        return -0.5 * x * x - LOG_SQRT_2PI + Math.log(t) - Math.log(x + t);
    }

    /** x + 1/(x + 2/(x + 3/(...))), Laplace's continued fraction for 1 / R(x), x >= 1. */
    private static double millsDenominator(double x) {
        return tail(x, 1);
    }

    /** x + k/(x + (k+1)/(x + ...)), evaluated backwards from enough terms for double precision at x >= 1. */
    private static double tail(double x, int k) {
        int terms = x >= 10 ? 40 : x >= 4 ? 120 : 600;
        double t = x;
        for (int j = k + terms; j > k; j--) t = x + j / t;
        return x + k / t;
    }

    /** erfc(x) for any x. */
    static double erfc(double x) {
        if (x < 0) return 2 - erfc(-x);
        if (x < 2.5) return 1 - erfSeries(x);
        // erfc(x) = exp(-x^2)/sqrt(pi) / (x + 1/2/(x + 1/(x + 3/2/(x + ...)))).
        double t = x;
        for (int j = 120; j >= 1; j--) t = x + (j / 2.0) / t;
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / t;
    }

    /** erf(x) = 2/sqrt(pi) exp(-x^2) sum 2^n x^(2n+1) / (1*3*...*(2n+1)): all terms positive, no cancellation. */
    private static double erfSeries(double x) {
        double term = x;
        double sum = x;
        for (int n = 1; n < 200 && term > 1e-17 * sum; n++) {
            term *= 2 * x * x / (2 * n + 1);
            sum += term;
        }
        return 2 / Math.sqrt(Math.PI) * Math.exp(-x * x) * sum;
    }
}
