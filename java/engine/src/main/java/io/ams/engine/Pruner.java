package io.ams.engine;

import io.ams.core.Direction;
import java.util.List;

/**
 * Decides whether a running trial should stop early, from its curve so far (one value per
 * reported step) and the curves of the study's completed trials. Called on trial threads:
 * implementations are stateless or thread-safe. Build one with {@link Pruners}.
 *
 * <p>With several workers the completed trials a decision sees depend on timing, so pruning
 * makes a search's trajectory depend on it too (the study records the outcome, which a resume
 * replays); with one worker it is reproducible.
 */
public interface Pruner {
    /**
     * @param curve     the running trial's values, step 1 first
     * @param completed the curves of completed trials that reported at least one value (read-only; a
     *                  trial without a curve has nothing at any step)
     * @param direction whether lower or higher values are better
     */
    boolean shouldPrune(double[] curve, List<double[]> completed, Direction direction);

    /** The name used in genome files. */
    String name();

    /**
     * The pruner with its options, as the study records it to tell its study from another
     * (e.g. {@code median(warmup=2, min_trials=5)}); by default the name alone.
     */
    default String description() {
        return name();
    }
}
