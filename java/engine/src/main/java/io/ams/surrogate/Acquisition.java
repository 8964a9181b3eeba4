package io.ams.surrogate;

import java.util.List;
import java.util.Locale;

/**
 * An acquisition function: scores candidate points from a surrogate's predictive mean and variance
 * for the MINIMISATION of the target (standardised or raw, whichever scale the mean, variance and
 * best share). A larger score is more desirable; the optimiser proposes the candidate with the
 * highest score.
 *
 * <p>Scores are logarithms where the quantity is a probability or an expectation (log EI, log PI),
 * so that far-from-best candidates keep distinct, finite scores instead of all underflowing to 0.
 */
public interface Acquisition {

    /** Smallest predictive standard deviation used; a zero variance would make z infinite. */
    double MIN_SIGMA = 1e-12;

    /** Names accepted by {@link #of}. */
    List<String> NAMES = List.of("ei", "ucb", "pi");

    /**
     * Scores candidates.
     *
     * @param mean     predictive means, one per candidate
     * @param variance predictive variances (of the latent function), same length; negatives count as 0
     * @param best     the best (lowest) target value seen so far, on the same scale as the means
     * @return one score per candidate, larger = more desirable
     */
    double[] score(double[] mean, double[] variance, double best);

    /** Short name, e.g. "ei". */
    String name();

    /**
     * The named acquisition: "ei" (parameter = xi, the improvement margin, usually 0), "ucb"
     * (parameter = beta, the squared width multiplier, e.g. 2 or 4), "pi" (parameter = xi).
     */
    static Acquisition of(String name, double parameter) {
        return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
            case "ei" -> new ExpectedImprovement(parameter);
            case "ucb" -> new UpperConfidenceBound(parameter);
            case "pi" -> new ProbabilityOfImprovement(parameter);
            default -> throw new IllegalArgumentException(
                    "unknown acquisition '" + name + "'; expected one of " + NAMES);
        };
    }

    /** sqrt(max(variance, 0)), floored at {@link #MIN_SIGMA}. */
    static double sigma(double variance) {
        return Math.max(Math.sqrt(Math.max(variance, 0)), MIN_SIGMA);
    }

    private static void checkLengths(double[] mean, double[] variance) {
        if (mean.length != variance.length)
            throw new IllegalArgumentException("mean has " + mean.length + " entries, variance " + variance.length);
    }

    /**
     * log expected improvement below {@code best - xi}: log(sigma) + logH((best - xi - mean) / sigma),
     * i.e. log E[max(0, best - xi - f)] for f ~ N(mean, sigma^2). Finite even where EI underflows
     * (the LogEI remedy of Ament et al., 2023).
     */
    record ExpectedImprovement(double xi) implements Acquisition {
        public ExpectedImprovement {
            if (!(xi >= 0) || Double.isInfinite(xi)) throw new IllegalArgumentException("xi must be finite and >= 0, got " + xi);
        }

        public ExpectedImprovement() {
            this(0);
        }

        @Override
        public double[] score(double[] mean, double[] variance, double best) {
            checkLengths(mean, variance);
            double target = best - xi;
            double[] out = new double[mean.length];
            for (int i = 0; i < out.length; i++) {
                double s = sigma(variance[i]);
                out[i] = Math.log(s) + NormalMath.logH((target - mean[i]) / s);
            }
            return out;
        }

        @Override
        public String name() {
            return "ei";
        }
    }

    /**
     * Confidence bound for minimisation: the score is the negated LOWER confidence bound of the
     * target, -(mean - sqrt(beta) sigma) = sqrt(beta) sigma - mean. Maximising it prefers low means
     * and, with weight sqrt(beta), high uncertainty ("optimism in the face of uncertainty"; the
     * name follows the usual maximisation convention, applied to -target).
     */
    record UpperConfidenceBound(double beta) implements Acquisition {
        public UpperConfidenceBound {
            if (!(beta >= 0) || Double.isInfinite(beta)) throw new IllegalArgumentException("beta must be finite and >= 0, got " + beta);
        }

        @Override
        public double[] score(double[] mean, double[] variance, double best) {
            checkLengths(mean, variance);
            double k = Math.sqrt(beta);
            double[] out = new double[mean.length];
            for (int i = 0; i < out.length; i++) out[i] = k * Math.sqrt(Math.max(variance[i], 0)) - mean[i];
            return out;
        }

        @Override
        public String name() {
            return "ucb";
        }
    }

    /** log probability of improving on {@code best - xi}: logCdf((best - xi - mean) / sigma). */
    record ProbabilityOfImprovement(double xi) implements Acquisition {
        public ProbabilityOfImprovement {
            if (!(xi >= 0) || Double.isInfinite(xi)) throw new IllegalArgumentException("xi must be finite and >= 0, got " + xi);
        }

        @Override
        public double[] score(double[] mean, double[] variance, double best) {
            checkLengths(mean, variance);
            double target = best - xi;
            double[] out = new double[mean.length];
            for (int i = 0; i < out.length; i++)
                out[i] = NormalMath.logCdf((target - mean[i]) / sigma(variance[i]));
            return out;
        }

        @Override
        public String name() {
            return "pi";
        }
    }
}
