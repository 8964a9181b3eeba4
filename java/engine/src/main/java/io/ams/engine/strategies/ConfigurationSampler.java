package io.ams.engine.strategies;

import java.util.List;
import java.util.SplittableRandom;

/**
 * How a Hyperband-style strategy ({@link SuccessiveHalving}) chooses the new configurations a
 * bracket starts with: at random ({@code sh}, {@code hyperband}), by a model ({@code bohb}) or
 * by differential evolution ({@code dehb}).
 *
 * <p>Determinism: {@link SuccessiveHalving} tells a rung's values only once the rung is
 * complete, in position order, and samples a bracket's configurations from the bracket's own
 * random stream, one after the other; so a sampler that depends only on these calls keeps the
 * strategy independent of the order values arrive in, and replayable.
 */
interface ConfigurationSampler {
    /**
     * A new configuration (a point of the unit cube) for a bracket that starts at rung
     * {@code rung}; {@code chosen} holds the configurations already chosen for this bracket.
     */
    double[] sample(SplittableRandom rnd, int rung, List<double[]> chosen);

    /**
     * A configuration evaluated at rung {@code rung}, with its value to minimise (the
     * direction applied) or NaN when the trial failed or was pruned.
     */
    void observe(double[] point, int rung, double value);

    /** Whether the sampler learns from the value (dehb, bohb): such a sampler knows one objective only. */
    default boolean modelsValue() {
        return true;
    }

    /** Frees what the sampler holds outside the heap (bohb's GPs). */
    default void close() {}

    /** Hyperband's sampler: uniform random configurations, told nothing. */
    static ConfigurationSampler uniform(int dimensions) {
        return new ConfigurationSampler() {
            @Override
            public double[] sample(SplittableRandom rnd, int rung, List<double[]> chosen) {
                return RandomSearch.uniform(rnd, dimensions);
            }

            @Override
            public void observe(double[] point, int rung, double value) {}

            @Override
            public boolean modelsValue() {
                return false;
            }
        };
    }
}
