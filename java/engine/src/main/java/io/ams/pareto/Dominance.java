package io.ams.pareto;

import io.ams.core.Direction;
import io.jenetics.ext.moea.Pareto;

import java.util.Arrays;
import java.util.List;

/**
 * Pareto dominance of objective vectors, each objective with its own {@link Direction}, and
 * Deb's constraint-domination of {@link ParetoPoint}s.
 *
 * <p>{@code a} dominates {@code b} when {@code a} is at least as good as {@code b} in every
 * objective and strictly better in at least one. Vectors are compared through Jenetics'
 * {@link Pareto#dominance(double[], double[])}, which assumes larger is better: minimised
 * objectives are negated first, so the directions are honoured by one definition.
 *
 * <p>A NaN value (a failed measurement) counts as the worst value of its direction
 * ({@link Direction#worst()}), so a failure never dominates a real value; two failures tie.
 *
 * <p>Immutable and thread-safe.
 */
public final class Dominance {
    private final List<Direction> directions;
    private final boolean[] maximised;

    private Dominance(List<Direction> directions) {
        if (directions.isEmpty()) throw new IllegalArgumentException("dominance needs at least one objective");
        this.directions = List.copyOf(directions);
        this.maximised = new boolean[directions.size()];
        for (int i = 0; i < maximised.length; i++) maximised[i] = directions.get(i) == Direction.MAXIMIZE;
    }

    public static Dominance of(Direction... directions) {
        return new Dominance(List.of(directions));
    }

    public static Dominance of(List<Direction> directions) {
        return new Dominance(directions);
    }

    /** {@code objectives} objectives, all minimised: the convention of the test functions and of hypervolume. */
    public static Dominance minimizing(int objectives) {
        Direction[] d = new Direction[objectives];
        Arrays.fill(d, Direction.MINIMIZE);
        return of(d);
    }

    public List<Direction> directions() {
        return directions;
    }

    /** The number of objectives. */
    public int dimension() {
        return maximised.length;
    }

    /**
     * The values as quantities to minimise: maximised objectives negated, NaN replaced by
     * {@code +infinity} (the worst). The common form of the crowding and hypervolume arithmetic.
     */
    public double[] minimised(double[] values) {
        checkDimension(values);
        double[] m = new double[values.length];
        for (int i = 0; i < m.length; i++) {
            double v = values[i];
            m[i] = Double.isNaN(v) ? Double.POSITIVE_INFINITY : maximised[i] ? -v : v;
        }
        return m;
    }

    /**
     * Pareto dominance: {@code 1} when {@code a} dominates {@code b}, {@code -1} when {@code b}
     * dominates {@code a}, {@code 0} when neither does (incomparable or equal).
     */
    public int compare(double[] a, double[] b) {
        return compareLargerIsBetter(largerIsBetter(a), largerIsBetter(b));
    }

    /** Whether {@code a} Pareto-dominates {@code b}. */
    public boolean dominates(double[] a, double[] b) {
        return compare(a, b) > 0;
    }

    /**
     * Deb's constraint-domination (the constrained NSGA-II of Deb et al. 2002, section VI):
     * a feasible point beats an infeasible one; of two infeasible points the one with the
     * smaller total violation wins (equal violations: neither); of two feasible points Pareto
     * dominance decides. Returns {@code 1}, {@code -1} or {@code 0} as {@link #compare(double[], double[])}.
     *
     * <p>This is a strict partial order (irreflexive, antisymmetric, transitive), so
     * non-dominated sorting under it is well defined. Without constraints (all violations 0) it
     * is plain Pareto dominance.
     */
    public int compareConstrained(ParetoPoint a, ParetoPoint b) {
        checkDimension(a.values());
        checkDimension(b.values());
        return compareConstrained(a.violation(), largerIsBetter(a.values()), b.violation(), largerIsBetter(b.values()));
    }

    /** Whether {@code a} constraint-dominates {@code b} (see {@link #compareConstrained}). */
    public boolean constrainedDominates(ParetoPoint a, ParetoPoint b) {
        return compareConstrained(a, b) > 0;
    }

    // -- on vectors already converted to "larger is better", so that sorting converts each point once

    double[] largerIsBetter(double[] values) {
        checkDimension(values);
        double[] m = new double[values.length];
        for (int i = 0; i < m.length; i++) {
            double v = values[i];
            m[i] = Double.isNaN(v) ? Double.NEGATIVE_INFINITY : maximised[i] ? v : -v;
        }
        return m;
    }

    static int compareLargerIsBetter(double[] a, double[] b) {
        return Integer.signum(Pareto.dominance(a, b));
    }

    static int compareConstrained(double violationA, double[] a, double violationB, double[] b) {
        boolean feasibleA = violationA == 0, feasibleB = violationB == 0;
        if (feasibleA && feasibleB) return compareLargerIsBetter(a, b);
        if (feasibleA) return 1;
        if (feasibleB) return -1;
        return Double.compare(violationB, violationA);
    }

    private void checkDimension(double[] values) {
        if (values.length != maximised.length)
            throw new IllegalArgumentException("expected " + maximised.length + " objective values, got " + values.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dominance d && d.directions.equals(directions);
    }

    @Override
    public int hashCode() {
        return directions.hashCode();
    }

    @Override
    public String toString() {
        return "Dominance" + directions;
    }
}
