package io.ams.pareto;

import io.jenetics.ext.moea.Pareto;
import io.jenetics.util.ISeq;

import java.util.ArrayList;
import java.util.List;

/**
 * The Pareto front of a set: exactly the feasible points that no other feasible point
 * dominates. Infeasible points are never on the front (not even when nothing is feasible:
 * the front is then empty), and they cannot push a feasible point off it, since a feasible
 * point is constraint-dominated by no infeasible one.
 *
 * <p>Duplicates are kept: two points with equal objective values do not dominate each other, so
 * every copy is on the front. The points are distinct trials, and dropping one of them would
 * make the front depend on input order. Hypervolume is unaffected by duplicates.
 *
 * <p>The filtering is Jenetics' {@link Pareto#front(io.jenetics.util.BaseSeq, java.util.Comparator)}
 * on indices, with {@link Dominance}. Results are indices into the input, ascending.
 */
public final class ParetoFront {
    private ParetoFront() {}

    /** The indices, ascending, of the feasible non-dominated points. */
    public static List<Integer> indices(List<ParetoPoint> points, Dominance dominance) {
        double[][] values = new double[points.size()][];
        List<Integer> feasible = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            values[i] = points.get(i).values();
            if (points.get(i).isFeasible()) feasible.add(i);
        }
        return nonDominated(values, feasible, dominance);
    }

    /** The indices, ascending, of the non-dominated vectors (all feasible). */
    public static List<Integer> indices(double[][] values, Dominance dominance) {
        List<Integer> all = new ArrayList<>(values.length);
        for (int i = 0; i < values.length; i++) all.add(i);
        return nonDominated(values, all, dominance);
    }

    /** The feasible non-dominated points themselves, in input order. */
    public static List<ParetoPoint> of(List<ParetoPoint> points, Dominance dominance) {
        List<ParetoPoint> front = new ArrayList<>();
        for (int i : indices(points, dominance)) front.add(points.get(i));
        return List.copyOf(front);
    }

    private static List<Integer> nonDominated(double[][] values, List<Integer> candidates, Dominance dominance) {
        double[][] better = new double[values.length][];
        for (int i : candidates) better[i] = dominance.largerIsBetter(values[i]);
        ISeq<Integer> front = Pareto.front(ISeq.of(candidates),
                (Integer i, Integer j) -> Dominance.compareLargerIsBetter(better[i], better[j]));
        List<Integer> sorted = new ArrayList<>(front.asList());
        sorted.sort(null);
        return List.copyOf(sorted);
    }
}
