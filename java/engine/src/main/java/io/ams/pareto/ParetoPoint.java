package io.ams.pareto;

import java.util.Arrays;

/**
 * One evaluated candidate as the Pareto math sees it: its objective values (in the objectives'
 * own directions, as measured) and its total constraint violation.
 *
 * <p>Constraints are represented as a single violation amount per point, not as named
 * {@code min}/{@code max} bounds: Deb's constraint-domination only ever compares total
 * violations, so this is all the ordering needs, and it keeps this package free of metric names
 * and of how several bounds on differently scaled values are normalised and summed, which is
 * the business of the layer that reads constraints from a genome. A violation of {@code 0}
 * means feasible; a positive one measures how far the point is outside the feasible region.
 *
 * <p>Immutable: the values are copied in and out.
 */
public final class ParetoPoint {
    private final double[] values;
    private final double violation;

    private ParetoPoint(double[] values, double violation) {
        if (values.length == 0) throw new IllegalArgumentException("a point needs at least one objective value");
        if (!(violation >= 0) || Double.isInfinite(violation))
            throw new IllegalArgumentException("constraint violation must be finite and >= 0, got " + violation);
        this.values = values.clone();
        this.violation = violation;
    }

    /** A point that satisfies every constraint (violation 0). */
    public static ParetoPoint feasible(double... values) {
        return new ParetoPoint(values, 0);
    }

    /** A point with the given total constraint violation ({@code 0} = feasible, {@code > 0} = infeasible). */
    public static ParetoPoint withViolation(double violation, double... values) {
        return new ParetoPoint(values, violation);
    }

    /** A copy of the objective values, in the objectives' own directions. */
    public double[] values() {
        return values.clone();
    }

    /** The value of objective {@code i}. */
    public double value(int i) {
        return values[i];
    }

    public int dimension() {
        return values.length;
    }

    /** The total constraint violation, {@code 0} when feasible. */
    public double violation() {
        return violation;
    }

    public boolean isFeasible() {
        return violation == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParetoPoint p && Double.compare(p.violation, violation) == 0 && Arrays.equals(p.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + Double.hashCode(violation);
    }

    @Override
    public String toString() {
        return Arrays.toString(values) + (violation == 0 ? "" : " violation " + violation);
    }
}
