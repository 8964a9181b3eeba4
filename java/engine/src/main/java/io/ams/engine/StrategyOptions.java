package io.ams.engine;

import io.ams.core.Spelling;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A strategy's options as a genome file or the builder gives them ({@code population: 20}), read
 * with their type and bounds. Every read is remembered, so that an option the strategy never
 * read is reported as unknown ({@link #rejectUnread()}) rather than silently ignored: a typo
 * such as {@code populaton} must not run a search with the default.
 *
 * <p>Errors are {@link StrategyOptionException}s naming the option. Values are numbers,
 * strings, booleans or lists of them; an integer option accepts a whole double ({@code 1e3},
 * as YAML reads it) but not {@code 0.5}.
 */
public final class StrategyOptions {
    /**
     * The largest size option (population, candidates, ...) a strategy accepts: a population of
     * a million is a typo or a wrong unit, and would fill memory before the first trial.
     */
    public static final int MAX_SIZE = 100_000;

    private final String strategy;
    private final Map<String, Object> values;
    private final Set<String> read = new TreeSet<>();

    /** The options {@code values} (null = none) of the strategy {@code strategy}, named in errors. */
    public StrategyOptions(String strategy, Map<String, ?> values) {
        this.strategy = strategy;
        this.values = values == null ? Map.of() : new TreeMap<>(values);
    }

    /** The strategy these options belong to. */
    public String strategy() { return strategy; }

    /** The options as given. */
    public Map<String, Object> asMap() { return Map.copyOf(values); }

    /** True when the option was given. */
    public boolean has(String key) {
        read.add(key);
        return values.containsKey(key);
    }

    /** An integer option in [{@code min}, {@code max}], or {@code fallback} when absent. */
    public int integer(String key, int fallback, int min, int max) {
        read.add(key);
        Object v = values.get(key);
        if (v == null) return fallback;
        if (!(v instanceof Number n) || !isWhole(n)) throw fail(key, "must be an integer, got " + v);
        double d = n.doubleValue();
        if (d < min) throw fail(key, "must be >= " + min + ", got " + text(n));
        if (d > max) {
            throw fail(key, "must be <= " + max + ", got " + text(n)
                    + (max == MAX_SIZE ? " (sizes are capped at " + MAX_SIZE + ")" : ""));
        }
        return (int) d;
    }

    /** A size (population, candidates, ...): an integer in [{@code min}, {@link #MAX_SIZE}]. */
    public int size(String key, int fallback, int min) {
        return integer(key, fallback, min, MAX_SIZE);
    }

    /** A finite number in [{@code min}, {@code max}], or {@code fallback} when absent. */
    public double number(String key, double fallback, double min, double max) {
        double d = number(key, fallback);
        if (d < min || d > max) throw fail(key, "must be in [" + text(min) + ", " + text(max) + "], got " + text(d));
        return d;
    }

    /** A finite number above 0, or {@code fallback} when absent. */
    public double positive(String key, double fallback) {
        double d = number(key, fallback);
        if (!(d > 0)) throw fail(key, "must be > 0, got " + text(d));
        return d;
    }

    /** A finite number, or {@code fallback} when absent. */
    public double number(String key, double fallback) {
        read.add(key);
        Object v = values.get(key);
        if (v == null) return fallback;
        if (!(v instanceof Number n)) throw fail(key, "must be a number, got " + v);
        double d = n.doubleValue();
        if (!Double.isFinite(d)) throw fail(key, "must be finite, got " + v);
        return d;
    }

    /** A name, one of {@code choices}, or {@code fallback} when absent. */
    public String choice(String key, String fallback, List<String> choices) {
        read.add(key);
        Object v = values.get(key);
        if (v == null) return fallback;
        if (!(v instanceof String s) || !choices.contains(s)) {
            throw fail(key, "must be one of " + String.join(", ", choices) + ", got " + v);
        }
        return s;
    }

    /** A yes/no option ({@code true} or {@code false}), or {@code fallback} when absent. */
    public boolean flag(String key, boolean fallback) {
        read.add(key);
        Object v = values.get(key);
        if (v == null) return fallback;
        if (!(v instanceof Boolean b)) throw fail(key, "must be true or false, got " + v);
        return b;
    }

    /** A name, or {@code fallback} when absent. */
    public String text(String key, String fallback) {
        read.add(key);
        Object v = values.get(key);
        if (v == null) return fallback;
        if (!(v instanceof String s)) throw fail(key, "must be a name, got " + v);
        return s;
    }

    /** Fails on {@code key} with {@code problem} unless {@code ok}: for rules between options. */
    public void require(boolean ok, String key, String problem) {
        if (!ok) throw fail(key, problem);
    }

    /** An error on {@code key}. */
    public StrategyOptionException fail(String key, String problem) {
        return new StrategyOptionException(strategy, key, problem);
    }

    /** Fails on the first option given that the strategy never read. */
    public void rejectUnread() {
        for (String key : values.keySet()) {
            if (!read.contains(key)) {
                throw fail(key, "unknown option" + (read.isEmpty() ? "; " + strategy + " takes no options"
                        : Spelling.closest(key, read).map(c -> " (did you mean '" + c + "'?)").orElse("")
                                + "; known options: " + String.join(", ", read)));
            }
        }
    }

    private static boolean isWhole(Number n) {
        double d = n.doubleValue();
        return Double.isFinite(d) && d == Math.rint(d);
    }

    private static String text(Number n) {
        double d = n.doubleValue();
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
