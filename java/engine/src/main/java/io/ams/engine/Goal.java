package io.ams.engine;

import io.ams.core.Direction;
import io.ams.core.Metrics;

import java.util.Locale;

/**
 * A measurement a study optimises besides its value (see {@link io.ams.eval.TrialContext#metric}):
 * with one or more goals, a study has no single best trial but a Pareto front, the trials no
 * other trial beats in the value and every goal at once.
 */
public record Goal(String metric, Direction direction) {
    public Goal {
        if (metric == null || !Metrics.NAME.matcher(metric).matches()) {
            throw new IllegalArgumentException("a goal names a metric (lower-case letters, digits and _), got '" + metric + "'");
        }
        if (direction == null) throw new IllegalArgumentException("goal " + metric + " needs a direction");
    }

    public static Goal minimize(String metric) {
        return new Goal(metric, Direction.MINIMIZE);
    }

    public static Goal maximize(String metric) {
        return new Goal(metric, Direction.MAXIMIZE);
    }

    /** Reads back a list of {@link #toString()}s joined by {@code ", "} (what a store keeps); "" is none. */
    public static java.util.List<Goal> parseAll(String text) {
        if (text == null || text.isBlank() || text.equals("none")) return java.util.List.of();
        java.util.List<Goal> goals = new java.util.ArrayList<>();
        for (String part : text.split(", ")) {
            String[] t = part.trim().split(" ");
            if (t.length != 2) throw new IllegalArgumentException("not a goal: '" + part + "'");
            goals.add(new Goal(t[0], Direction.parse(t[1])));
        }
        return java.util.List.copyOf(goals);
    }

    /** {@code params minimize}: the form a store keeps. */
    @Override
    public String toString() {
        return metric + " " + direction.name().toLowerCase(Locale.ROOT);
    }
}
