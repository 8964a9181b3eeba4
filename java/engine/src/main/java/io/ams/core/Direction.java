package io.ams.core;

import java.util.Locale;

/** Whether the objective's value is to be minimised or maximised. */
public enum Direction {
    MINIMIZE, MAXIMIZE;

    /** True when {@code a} is strictly better than {@code b}; NaN (a failed trial) is never better. */
    public boolean better(double a, double b) {
        if (Double.isNaN(a)) return false;
        if (Double.isNaN(b)) return true;
        return this == MINIMIZE ? a < b : a > b;
    }

    /** Whether {@code value} reaches {@code target}: at least it when maximising, at most when minimising. */
    public boolean reaches(double value, double target) {
        if (Double.isNaN(value) || Double.isNaN(target)) return false;
        return this == MAXIMIZE ? value >= target : value <= target;
    }

    /** The value that ranks a failed trial below every real one. */
    public double worst() {
        return this == MINIMIZE ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /** The value with failures (NaN) replaced by {@link #worst()}, for ranking. */
    public double rankable(double value) {
        return Double.isNaN(value) ? worst() : value;
    }

    /**
     * The value as a quantity to minimise (negated when maximising), NaN for a failure (NaN or
     * an infinity): the form surrogates and samplers model.
     */
    public double minimised(double value) {
        if (!Double.isFinite(value)) return Double.NaN;
        return this == MINIMIZE ? value : -value;
    }

    public static Direction parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "minimize", "minimise", "min" -> MINIMIZE;
            case "maximize", "maximise", "max" -> MAXIMIZE;
            default -> throw new IllegalArgumentException("direction must be maximize or minimize, got '" + s + "'");
        };
    }
}
