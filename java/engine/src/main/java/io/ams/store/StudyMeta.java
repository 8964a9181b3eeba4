package io.ams.store;

import io.ams.core.Direction;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a study is, stored once next to its trials: enough to check, on resume, that the
 * search being resumed is the one that was stored. The store keeps the search space as the
 * engine hands it over and never interprets it.
 *
 * @param name            the study's name
 * @param formatVersion   the store format this study was written with
 * @param createdAtMillis when the study was created (epoch milliseconds)
 * @param spaceSource     the search space as the user wrote it (for example the genome YAML)
 * @param spaceJson       the search space's canonical JSON, as the engine compares spaces
 * @param direction       minimize or maximize
 * @param seed            the study's seed
 * @param strategy        the strategy's name
 * @param attrs           free-form settings worth keeping (budget, evaluator, versions, ...)
 */
public record StudyMeta(String name, int formatVersion, long createdAtMillis, String spaceSource,
                        String spaceJson, Direction direction, long seed, String strategy,
                        Map<String, String> attrs) {

    /** The store format this code writes; files with a higher number are refused. */
    public static final int CURRENT_FORMAT_VERSION = 1;

    /** Validates; absent texts become empty strings, attributes an unmodifiable sorted copy. */
    public StudyMeta {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("study name must not be blank");
        }
        if (formatVersion < 1) {
            throw new IllegalArgumentException("format version must be >= 1, got " + formatVersion);
        }
        Objects.requireNonNull(direction, "direction");
        spaceSource = spaceSource == null ? "" : spaceSource;
        spaceJson = spaceJson == null ? "" : spaceJson;
        strategy = strategy == null ? "" : strategy;
        attrs = attrs == null || attrs.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new TreeMap<>(attrs));
    }

    /** A new study in the current format, created now. */
    public static StudyMeta of(String name, String spaceSource, String spaceJson,
                               Direction direction, long seed, String strategy,
                               Map<String, String> attrs) {
        return new StudyMeta(name, CURRENT_FORMAT_VERSION, System.currentTimeMillis(), spaceSource,
                spaceJson, direction, seed, strategy, attrs);
    }
}
