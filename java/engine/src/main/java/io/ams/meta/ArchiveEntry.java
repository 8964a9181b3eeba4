package io.ams.meta;

import io.ams.core.Direction;
import io.ams.space.Config;

import java.util.List;
import java.util.Objects;

/**
 * A finished study as the archive keeps it: what it searched, on what task, and the best
 * configurations it found with their values, best first.
 *
 * @param study            the study's name
 * @param createdAtMillis  when the study was created: with the name, which entry it is
 * @param finishedAtMillis when it was archived
 * @param objective        the objective's id ({@code mlp:digits}, {@code lcbench:3945}, ...), "" when unnamed
 * @param metric           the metric's name, "" when unnamed
 * @param direction        minimise or maximise
 * @param strategy         the strategy that searched
 * @param trials           trials in the study
 * @param features         the task's description; null when the objective gives none
 * @param best             the best distinct configurations, best first (at most {@link StudyArchive#BEST_KEPT})
 * @param store            the study's store file, "" when it had none
 */
public record ArchiveEntry(String study, long createdAtMillis, long finishedAtMillis, String objective, String metric,
                           Direction direction, String strategy, int trials, TaskFeatures features, List<Scored> best,
                           String store) {

    /** A configuration and the value its trial reached. */
    public record Scored(Config config, double value) {
        public Scored {
            Objects.requireNonNull(config, "config");
        }
    }

    public ArchiveEntry {
        Objects.requireNonNull(study, "study");
        Objects.requireNonNull(direction, "direction");
        objective = objective == null ? "" : objective;
        metric = metric == null ? "" : metric;
        strategy = strategy == null ? "" : strategy;
        store = store == null ? "" : store;
        best = List.copyOf(best);
    }

    /** The file name this entry is kept under: the study's name made safe, then its creation time. */
    public String fileName() {
        String safe = study.replaceAll("[^A-Za-z0-9._-]+", "_");
        if (safe.length() > 80) safe = safe.substring(safe.length() - 80);
        return safe + "-" + createdAtMillis + ".json";
    }
}
