package io.ams.core;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Named measurements of a trial (besides the value its objective returns): the one check of
 * their names and values, shared by the objective's side (TrialContext) and the store's
 * (TrialRecord), so that what an objective may record is what a store can keep.
 */
public final class Metrics {
    /** A metric's name: what a genome key, a table column and a JSON key can all hold as is. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private Metrics() {
    }

    /**
     * A sorted, unmodifiable copy of {@code metrics}, -0.0 read as 0.0.
     *
     * @throws IllegalArgumentException for a name outside {@link #NAME} or a value that is not finite
     */
    public static Map<String, Double> checked(Map<String, Double> metrics) {
        if (metrics == null || metrics.isEmpty()) return Map.of();
        Map<String, Double> sorted = new TreeMap<>();
        metrics.forEach((name, v) -> {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("a metric name is lower-case letters, digits and _, starting with a"
                        + " letter, at most 64 characters; got '" + name + "'");
            }
            if (v == null || !Double.isFinite(v)) {
                throw new IllegalArgumentException("metric " + name + " must be a finite number, got " + v);
            }
            sorted.put(name, v + 0.0);
        });
        return Collections.unmodifiableMap(sorted);
    }
}
