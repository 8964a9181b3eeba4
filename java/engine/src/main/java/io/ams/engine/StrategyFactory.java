package io.ams.engine;

import io.ams.core.Direction;

/**
 * Builds a study's strategy from what the study knows: the domain it searches, the direction,
 * the seed and the strategy's options. Read options through {@code options} (typed, with
 * bounds): an option the factory never reads is reported as unknown.
 *
 * <p>Building must be cheap and free of side effects (no files, no threads, no native
 * memory until the first {@link Strategy#ask}): a genome file's strategy is built once only to
 * check its options before anything runs.
 */
@FunctionalInterface
public interface StrategyFactory {
    Strategy create(SearchDomain domain, Direction direction, long seed, StrategyOptions options);
}
