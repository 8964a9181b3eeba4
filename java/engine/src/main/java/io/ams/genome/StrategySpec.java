package io.ams.genome;

import io.ams.engine.strategies.Strategies;
import io.ams.space.Scalars;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * Which search strategy proposes the trials, its seed and its own options, kept as written
 * ({@code population: 20}) for the strategy to interpret: an option value is a number, string,
 * boolean or a list of them.
 *
 * @param name    a strategy of the registry ({@link Strategies#names()}): a built-in or a plug-in
 * @param seed    the seed of the strategy's randomness: same seed, same proposals
 * @param options the remaining options by name
 */
public record StrategySpec(String name, long seed, Map<String, Object> options) {
    public StrategySpec {
        if (Strategies.find(name).isEmpty()) throw new IllegalArgumentException(Strategies.unknown(name));
        TreeMap<String, Object> copy = new TreeMap<>();
        options.forEach((k, v) -> copy.put(k, v instanceof List<?> list ? Scalars.normalizeAll(list) : Scalars.normalize(v)));
        options = Collections.unmodifiableMap(copy);
    }

    /** The strategy {@code name} with seed 0 and no options. */
    public static StrategySpec of(String name) {
        return new StrategySpec(name, 0, Map.of());
    }

    /** An integer option, or {@code fallback} when absent. */
    public long longOption(String key, long fallback) {
        Object v = options.get(key);
        if (v == null) return fallback;
        if (!(v instanceof Long)) throw new IllegalArgumentException("strategy option '" + key + "' must be an integer, got " + v);
        return (Long) v;
    }

    /** A numeric option, or {@code fallback} when absent. */
    public double doubleOption(String key, double fallback) {
        Object v = options.get(key);
        if (v == null) return fallback;
        if (!(v instanceof Number)) throw new IllegalArgumentException("strategy option '" + key + "' must be a number, got " + v);
        return ((Number) v).doubleValue();
    }

    /** A string option, or {@code fallback} when absent. */
    public String stringOption(String key, String fallback) {
        Object v = options.get(key);
        if (v == null) return fallback;
        if (!(v instanceof String)) throw new IllegalArgumentException("strategy option '" + key + "' must be a string, got " + v);
        return (String) v;
    }

    /** The option {@code key}; {@link NoSuchElementException} when absent. */
    public Object option(String key) {
        Object v = options.get(key);
        if (v == null) throw new NoSuchElementException("no strategy option '" + key + "'");
        return v;
    }
}
