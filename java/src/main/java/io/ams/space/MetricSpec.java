package io.ams.space;

import java.util.Locale;

/**
 * The number a study optimizes and which way is better.
 *
 * @param name      a metric the objective reports: {@code accuracy} or {@code loss} for the MLP,
 *                  {@code value} for a test function
 * @param direction whether larger or smaller values are better
 */
public record MetricSpec(String name, Direction direction) {
    public MetricSpec {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("metric name is missing");
        if (direction == null) throw new IllegalArgumentException("metric direction is missing");
    }

    /** Which way a metric improves. */
    public enum Direction {
        MAXIMIZE, MINIMIZE;

        /** Whether {@code a} is strictly better than {@code b}. */
        public boolean better(double a, double b) {
            return this == MAXIMIZE ? a > b : a < b;
        }

        /** Whether {@code value} reaches {@code target}: at least it when maximizing, at most when minimizing. */
        public boolean reaches(double value, double target) {
            return this == MAXIMIZE ? value >= target : value <= target;
        }

        /** The direction named {@code maximize} or {@code minimize}. */
        public static Direction parse(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "maximize" -> MAXIMIZE;
                case "minimize" -> MINIMIZE;
                default -> throw new IllegalArgumentException("direction must be maximize or minimize, got '" + name + "'");
            };
        }
    }
}
