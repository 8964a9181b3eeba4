package io.ams.surrogate;

/**
 * Scores candidates from the GP's posterior when minimising: larger is more worth evaluating.
 * Scores are logarithms where the quantity is a probability or an expectation, so that they
 * stay comparable far from the incumbent, where the plain values underflow to zero.
 */
public interface Acquisition {
    String name();

    /** Scores for candidates with posterior {@code mean} and latent {@code variance}; {@code best} is the lowest value seen. */
    double[] score(double[] mean, double[] variance, double best);

    /** {@code ei} (parameter: margin xi), {@code ucb} (parameter: beta) or {@code pi} (parameter: margin xi). */
    static Acquisition of(String name, double parameter) {
        return switch (name) {
            case "ei" -> new ExpectedImprovement(parameter);
            case "ucb" -> new ConfidenceBound(parameter);
            case "pi" -> new ProbabilityOfImprovement(parameter);
            default -> throw new IllegalArgumentException("unknown acquisition '" + name + "'; available: ei, ucb, pi");
        };
    }

    /** The posterior standard deviation, floored so that a training point still divides. */
    private static double sd(double variance) {
        return Math.sqrt(Math.max(variance, 1e-24));
    }

    /** log E[max(best - xi - f, 0)], computed stably (log-EI). */
    record ExpectedImprovement(double xi) implements Acquisition {
        public ExpectedImprovement {
            if (!(xi >= 0) || Double.isInfinite(xi)) throw new IllegalArgumentException("ei xi must be finite and >= 0, got " + xi);
        }

        @Override public String name() { return "ei"; }

        @Override
        public double[] score(double[] mean, double[] variance, double best) {
            double[] out = new double[mean.length];
            for (int i = 0; i < out.length; i++) {
                double s = sd(variance[i]);
                out[i] = Math.log(s) + NormalMath.logH((best - xi - mean[i]) / s);
            }
            return out;
        }
    }

    /** The negated lower confidence bound: -(mean - sqrt(beta) sd). */
    record ConfidenceBound(double beta) implements Acquisition {
        public ConfidenceBound {
            if (!(beta >= 0) || Double.isInfinite(beta)) throw new IllegalArgumentException("ucb beta must be finite and >= 0, got " + beta);
        }

        @Override public String name() { return "ucb"; }

        @Override
        public double[] score(double[] mean, double[] variance, double best) {
            double[] out = new double[mean.length];
            double k = Math.sqrt(beta);
            for (int i = 0; i < out.length; i++) out[i] = -(mean[i] - k * sd(variance[i]));
            return out;
        }
    }

    /** log P(f < best - xi). */
    record ProbabilityOfImprovement(double xi) implements Acquisition {
        public ProbabilityOfImprovement {
            if (!(xi >= 0) || Double.isInfinite(xi)) throw new IllegalArgumentException("pi xi must be finite and >= 0, got " + xi);
        }

        @Override public String name() { return "pi"; }

        @Override
        public double[] score(double[] mean, double[] variance, double best) {
            double[] out = new double[mean.length];
            for (int i = 0; i < out.length; i++) out[i] = NormalMath.logCdf((best - xi - mean[i]) / sd(variance[i]));
            return out;
        }
    }
}
