package io.ams.engine;

import io.ams.core.Direction;
import java.time.Duration;

/**
 * When a study stops: after {@code maxTrials} trials (counting those already in a resumed
 * store), after {@code maxTime} of this run's wall-clock time, or as soon as a trial reaches
 * {@code target} (NaN = no target); whichever comes first. Running trials are finished, not
 * abandoned, when the time is up.
 */
public record Budget(int maxTrials, Duration maxTime, double target) {
    public Budget {
        if (maxTrials < 1) throw new IllegalArgumentException("trial budget must be >= 1, got " + maxTrials);
        if (maxTime == null || maxTime.isNegative() || maxTime.isZero()) {
            throw new IllegalArgumentException("time budget must be positive, got " + maxTime);
        }
    }

    public static Budget trials(int n) {
        return new Budget(n, Duration.ofDays(365), Double.NaN);
    }

    public Budget withTime(Duration d) { return new Budget(maxTrials, d, target); }
    public Budget withTrials(int n) { return new Budget(n, maxTime, target); }
    public Budget withTarget(double t) { return new Budget(maxTrials, maxTime, t); }

    /** True when the value meets the target in the given direction. */
    public boolean reached(double value, Direction direction) {
        return direction.reaches(value, target);
    }
}
