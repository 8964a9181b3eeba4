package io.ams.store;

import io.ams.core.Direction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

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
 * @param attrs           free-form settings worth keeping (budget, evaluator, versions, ...), and
 *                        the rest of what the study is: its {@linkplain #identity() identity}
 *                        attributes
 *
 * <p>Which study this is: the space, direction, seed and strategy above, and the identity
 * attributes: the strategy's options ({@value #STRATEGY_OPTIONS}) and every attribute named
 * {@value #IDENTITY_PREFIX}{@code <part>}, e.g. {@code study.objective} ({@code function:branin},
 * {@code mlp:digits}, or the id an embedding program gave), {@code study.metric},
 * {@code study.split}, {@code study.pruner}. {@link #difference(StudyMeta)} compares two studies
 * on all of it. A part either side lacks is unknown and not compared: a store written before
 * these parts were recorded, or an objective that is a lambda nobody named.
 */
public record StudyMeta(String name, int formatVersion, long createdAtMillis, String spaceSource,
                        String spaceJson, Direction direction, long seed, String strategy,
                        Map<String, String> attrs) {

    /** The store format this code writes; files with a higher number are refused. */
    public static final int CURRENT_FORMAT_VERSION = 1;

    /** The attribute holding the strategy's options (recorded by every version of the store). */
    public static final String STRATEGY_OPTIONS = "strategy_options";
    /** Attributes named with this prefix are part of what the study is. */
    public static final String IDENTITY_PREFIX = "study.";

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

    /** The identity attributes: the strategy options and every {@value #IDENTITY_PREFIX} attribute, sorted. */
    public Map<String, String> identity() {
        Map<String, String> id = new TreeMap<>();
        attrs.forEach((k, v) -> {
            if (k.equals(STRATEGY_OPTIONS) || k.startsWith(IDENTITY_PREFIX)) id.put(k, v);
        });
        return id;
    }

    /**
     * What makes {@code other} another study than this one, in words (for example
     * {@code "objective function:branin, not function:rosenbrock"}, several joined by "; "),
     * or null when it is the same study as far as both know: space, direction, seed, strategy,
     * and every identity attribute that both record. The stored study is {@code this}.
     */
    public String difference(StudyMeta other) {
        List<String> out = new ArrayList<>();
        if (!strategy.equals(other.strategy)) out.add("strategy " + strategy + ", not " + other.strategy);
        if (seed != other.seed) out.add("seed " + seed + ", not " + other.seed);
        if (direction != other.direction) out.add("direction " + direction + ", not " + other.direction);
        if (!spaceJson.equals(other.spaceJson)) out.add("a different search space");
        Map<String, String> mine = identity();
        Map<String, String> theirs = other.identity();
        for (String key : new TreeSet<>(mine.keySet())) {
            String a = mine.get(key);
            String b = theirs.get(key);
            if (b != null && !a.equals(b)) out.add(label(key) + " " + a + ", not " + b);
        }
        return out.isEmpty() ? null : String.join("; ", out);
    }

    /** The identity parts {@code other} records and this study does not (an older store): not compared. */
    public List<String> unknownParts(StudyMeta other) {
        Map<String, String> mine = identity();
        return other.identity().keySet().stream().filter(k -> !mine.containsKey(k)).map(StudyMeta::label).toList();
    }

    private static String label(String key) {
        if (key.equals(STRATEGY_OPTIONS)) return "strategy options";
        return key.startsWith(IDENTITY_PREFIX) ? key.substring(IDENTITY_PREFIX.length()) : key;
    }
}
