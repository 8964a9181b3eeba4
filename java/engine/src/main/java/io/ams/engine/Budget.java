package io.ams.engine;

import io.ams.core.Direction;
import java.time.Duration;

/**
 * When a study stops: after {@code maxTrials} trials (counting those already in a resumed
 * store), after {@code maxTime} of this run's wall-clock time, or as soon as a trial reaches
 * {@code target} (NaN = no target); whichever comes first.
 *
 * <p>When the time is up, the trials still running are cancelled (an MLP training stops within
 * a mini-batch) and waited for; they stay RUNNING in the store, so that a resume, or another
 * {@link Study#optimize()}, runs them again. With {@code finishRunning} they are allowed to
 * finish instead, and recorded as usual. On the other stops running trials always finish.
 */
public record Budget(int maxTrials, Duration maxTime, double target, boolean finishRunning) {
    public Budget {
        if (maxTrials < 1) throw new IllegalArgumentException("trial budget must be >= 1, got " + maxTrials);
        if (maxTime == null || maxTime.isNegative() || maxTime.isZero()) {
            throw new IllegalArgumentException("time budget must be positive, got " + maxTime);
        }
    }

    public Budget(int maxTrials, Duration maxTime, double target) {
        this(maxTrials, maxTime, target, false);
    }

    public static Budget trials(int n) {
        return new Budget(n, Duration.ofDays(365), Double.NaN);
    }

    public Budget withTime(Duration d) { return new Budget(maxTrials, d, target, finishRunning); }
    public Budget withTrials(int n) { return new Budget(n, maxTime, target, finishRunning); }
    public Budget withTarget(double t) { return new Budget(maxTrials, maxTime, t, finishRunning); }
    /** True: trials running when the time is up finish; false (the default): they are cancelled. */
    public Budget withFinishRunning(boolean finish) { return new Budget(maxTrials, maxTime, target, finish); }

    /** True when the value meets the target in the given direction. */
    public boolean reached(double value, Direction direction) {
        return direction.reaches(value, target);
    }
}
