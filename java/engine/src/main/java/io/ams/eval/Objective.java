package io.ams.eval;

import io.ams.meta.TaskFeatures;
import io.ams.space.Config;

import java.util.Optional;

/**
 * What a study optimises: any Java function of a configuration. It may throw, or return NaN
 * or an infinity; each marks that trial FAILED with its reason, and the search goes on.
 * Objectives run on worker threads, several at once: keep them free of shared mutable state.
 */
@FunctionalInterface
public interface Objective {
    double evaluate(Config config, TrialContext context) throws Exception;

    /**
     * What the task is like, for a warm start to find earlier studies that resemble it and for
     * the archive to keep with this study ({@code io.ams.meta}); empty (the default) when the
     * objective cannot say. Called at most once or twice per study, outside any trial: at the
     * start of a warm-started study and when a study is archived.
     */
    default Optional<TaskFeatures> describe() throws Exception {
        return Optional.empty();
    }
}
