package io.ams.engine;

import io.ams.core.Direction;

import java.util.Arrays;

/**
 * What a strategy hears of a finished trial. A strategy that ranks by the value alone reads
 * {@link #value()}; a multi-objective one reads {@link #losses()} and {@link #violation()}.
 *
 * <p>Losses are the study's objectives turned to minimisation (the value first, then each goal
 * in the order given; a maximised one negated), so a strategy needs no directions to rank them.
 *
 * @param value     the value of a trial that completed within its constraints; NaN when it failed,
 *                  was pruned or is infeasible (what single-objective strategies have always heard)
 * @param losses    the objectives to minimise, value first; empty when the trial did not complete
 * @param violation how far the trial is outside its constraints, summed relative to each bound
 *                  ({@link Constraint#violation}): 0 within them; {@link Double#MAX_VALUE} when a
 *                  constrained measurement is missing
 */
public record Outcome(double value, double[] losses, double violation) {
    public Outcome {
        losses = losses.clone();
        for (double l : losses) {
            if (!Double.isFinite(l)) throw new IllegalArgumentException("losses must be finite, got " + Arrays.toString(losses));
        }
        if (!(violation >= 0)) throw new IllegalArgumentException("violation must be >= 0, got " + violation);
        violation = Math.min(violation, Double.MAX_VALUE);
    }

    /** A trial that failed or was pruned: no value, no losses. */
    public static Outcome failed() {
        return new Outcome(Double.NaN, new double[0], Double.MAX_VALUE);
    }

    /** A single-objective outcome: {@code value} in {@code direction}, NaN for a failed trial. */
    public static Outcome of(double value, Direction direction) {
        return Double.isFinite(value) ? new Outcome(value, new double[] {direction.minimised(value)}, 0) : failed();
    }

    /** Whether the trial completed (it has losses; it may still be infeasible). */
    public boolean completed() {
        return losses.length > 0;
    }

    /** Completed within its constraints. */
    public boolean feasible() {
        return completed() && violation == 0;
    }

    @Override
    public double[] losses() {
        return losses.clone();
    }

    /** Loss {@code i} without copying the vector. */
    public double loss(int i) {
        return losses[i];
    }

    /** How many objectives: 0 for a trial that did not complete. */
    public int objectives() {
        return losses.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Outcome x && Double.compare(value, x.value) == 0 && Arrays.equals(losses, x.losses)
                && Double.compare(violation, x.violation) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(losses) + Double.hashCode(value) * 7 + Double.hashCode(violation);
    }

    @Override
    public String toString() {
        return "Outcome[value=" + value + ", losses=" + Arrays.toString(losses) + ", violation=" + violation + "]";
    }
}
