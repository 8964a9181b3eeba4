package io.ams.engine;

import io.ams.core.Metrics;


/**
 * A bound on a measurement a trial records ({@link io.ams.eval.TrialContext#metric}): the trial
 * is feasible when {@code min <= value <= max}. One side may be open (an infinity).
 *
 * <p>How far a trial is outside is its violation, relative to the bound ({@code (value - max) /
 * |max|}, or absolute for a bound of 0), so that bounds on different scales (50,000 parameters,
 * 0.2 ms) add up to one number: Deb's constrained ranking compares those totals.
 */
public record Constraint(String metric, double min, double max) {
    public Constraint {
        if (metric == null || !Metrics.NAME.matcher(metric).matches()) {
            throw new IllegalArgumentException("a constraint names a metric (lower-case letters, digits and _), got '"
                    + metric + "'");
        }
        if (Double.isNaN(min) || Double.isNaN(max) || min == Double.POSITIVE_INFINITY || max == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("constraint on " + metric + ": bounds must be numbers, got min " + min
                    + ", max " + max);
        }
        if (min == Double.NEGATIVE_INFINITY && max == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("constraint on " + metric + " bounds nothing: give a min, a max or both");
        }
        if (min > max) {
            throw new IllegalArgumentException("constraint on " + metric + ": min " + min + " is above max " + max);
        }
    }

    public static Constraint atMost(String metric, double max) {
        return new Constraint(metric, Double.NEGATIVE_INFINITY, max);
    }

    public static Constraint atLeast(String metric, double min) {
        return new Constraint(metric, min, Double.POSITIVE_INFINITY);
    }

    /** 0 inside the bounds; else how far outside, relative to the bound crossed. */
    public double violation(double value) {
        if (value > max) return (value - max) / scale(max);
        if (value < min) return (min - value) / scale(min);
        return 0;
    }

    private static double scale(double bound) {
        return bound == 0 ? 1 : Math.abs(bound);
    }

    /** {@code params <= 50000}, {@code 0.1 <= latency_ms <= 0.2}. */
    @Override
    public String toString() {
        if (min == Double.NEGATIVE_INFINITY) return metric + " <= " + number(max);
        if (max == Double.POSITIVE_INFINITY) return metric + " >= " + number(min);
        return number(min) + " <= " + metric + " <= " + number(max);
    }

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
