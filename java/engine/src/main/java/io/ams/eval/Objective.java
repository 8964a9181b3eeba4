package io.ams.eval;

import io.ams.space.Config;

/**
 * What a study optimises: any Java function of a configuration. It may throw, or return NaN
 * or an infinity; each marks that trial FAILED with its reason, and the search goes on.
 * Objectives run on worker threads, several at once: keep them free of shared mutable state.
 */
@FunctionalInterface
public interface Objective {
    double evaluate(Config config, TrialContext context) throws Exception;
}
