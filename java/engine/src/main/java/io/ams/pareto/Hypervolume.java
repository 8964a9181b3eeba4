package io.ams.pareto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The exact hypervolume of a set of objective vectors against a reference point: the measure
 * of the region the set dominates and the reference point bounds, the standard single number
 * for the quality of a Pareto front (larger is better, and it grows with every point that
 * improves the front).
 *
 * <p>Points and the reference are given in the objectives' own directions; maximised
 * objectives are negated first (as are their reference values), so that everything below
 * measures a region of a minimisation problem. A point contributes only when it is strictly
 * better than the reference in every objective; one that is not (or that has a NaN value)
 * bounds an empty box and is left out. Dominated points and duplicates need no filtering: they
 * add nothing to the union.
 *
 * <p>Algorithms, all exact: one objective, the distance of the best point to the reference;
 * two, a sort by the first objective and a sweep that adds one rectangle per point improving
 * the second (O(n log n)); three and more, slicing along the last objective (the HSO scheme of
 * While et al. 2006): between consecutive values of that objective the dominated region is a
 * slab whose cross-section is the hypervolume, one dimension lower, of the points already
 * reached. In three objectives the two-objective cross-section is updated point by point (a
 * staircase in a sorted map), O(n log n) in all; beyond, each slice recurses, O(n^(d-2) n log n),
 * which suits the small fronts of a search, not thousands of points in many objectives.
 */
public final class Hypervolume {
    private Hypervolume() {}

    /**
     * The hypervolume of {@code values} (objective vectors in the directions of
     * {@code dominance}) against {@code reference} (in the same directions, finite).
     */
    public static double of(double[][] values, double[] reference, Dominance dominance) {
        for (double r : reference)
            if (!Double.isFinite(r)) throw new IllegalArgumentException("the reference point must be finite, got " + r);
        double[] ref = dominance.minimised(reference);
        List<double[]> inside = new ArrayList<>();
        for (double[] v : values) {
            double[] p = dominance.minimised(v);
            if (!strictlyBetter(p, ref)) continue;
            for (double c : p)
                if (Double.isInfinite(c)) throw new IllegalArgumentException("an infinitely good value makes the hypervolume infinite");
            inside.add(p);
        }
        return minimised(inside.toArray(new double[0][]), ref, ref.length);
    }

    /** The hypervolume of {@code values}, all objectives minimised. */
    public static double of(double[][] values, double[] reference) {
        return of(values, reference, Dominance.minimizing(reference.length));
    }

    /** The hypervolume of the points' objective values (feasibility plays no part: pass the front). */
    public static double of(List<ParetoPoint> points, double[] reference, Dominance dominance) {
        double[][] values = new double[points.size()][];
        for (int i = 0; i < values.length; i++) values[i] = points.get(i).values();
        return of(values, reference, dominance);
    }

    private static boolean strictlyBetter(double[] p, double[] ref) {
        for (int i = 0; i < ref.length; i++) if (!(p[i] < ref[i])) return false;
        return true;
    }

    /** The hypervolume of points (minimised, each strictly below ref) in their first {@code d} coordinates. */
    private static double minimised(double[][] points, double[] ref, int d) {
        if (points.length == 0) return 0;
        if (d == 1) {
            double best = Double.POSITIVE_INFINITY;
            for (double[] p : points) best = Math.min(best, p[0]);
            return ref[0] - best;
        }
        if (d == 2) return sweep2d(points, ref);
        if (d == 3) return slices3d(points, ref);
        int last = d - 1;
        double[][] byLast = points.clone();
        Arrays.sort(byLast, Comparator.comparingDouble(p -> p[last]));
        double volume = 0;
        for (int i = 0; i < byLast.length; i++) {
            double next = i + 1 < byLast.length ? byLast[i + 1][last] : ref[last];
            double height = next - byLast[i][last];
            if (height > 0) volume += height * minimised(Arrays.copyOf(byLast, i + 1), ref, d - 1);
        }
        return volume;
    }

    /**
     * Three objectives: slices along the third, as for more objectives, but the two-objective
     * cross-section is kept up to date as each point arrives (a staircase of the non-dominated
     * projections, ordered by the first objective) instead of being recomputed per slice:
     * O(n log n), so that fronts of tens of thousands of points stay cheap.
     */
    private static double slices3d(double[][] points, double[] ref) {
        double[][] byLast = points.clone();
        Arrays.sort(byLast, Comparator.comparingDouble(p -> p[2]));
        TreeMap<Double, Double> staircase = new TreeMap<>();
        double area = 0;
        double volume = 0;
        for (int i = 0; i < byLast.length; i++) {
            area += insert(staircase, byLast[i][0], byLast[i][1], ref);
            double next = i + 1 < byLast.length ? byLast[i + 1][2] : ref[2];
            volume += area * (next - byLast[i][2]);
        }
        return volume;
    }

    /**
     * Adds (x, y) to a staircase of mutually non-dominated 2-d points (y falling as x grows),
     * dropping the points it dominates, and returns the area it adds below {@code ref}: walking
     * right from x, each stretch up to the next step adds the band between y and the height
     * already covered there.
     */
    private static double insert(TreeMap<Double, Double> staircase, double xIn, double y, double[] ref) {
        double x = xIn + 0.0; // -0.0 (a negated maximised 0) and 0.0 must be one key of the map
        Map.Entry<Double, Double> left = staircase.floorEntry(x);
        double covered = left == null ? ref[1] : left.getValue(); // covered above this height at x
        if (covered <= y) return 0;                                 // weakly dominated: adds nothing
        if (left != null && left.getKey() == x) staircase.remove(x); // same x, worse y: dominated by (x, y)
        double gain = 0;
        double from = x;
        boolean open = true;
        for (Iterator<Map.Entry<Double, Double>> it = staircase.tailMap(x, false).entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Double, Double> step = it.next();
            gain += (step.getKey() - from) * (covered - y);
            from = step.getKey();
            covered = step.getValue();
            if (covered <= y) {
                open = false;
                break;
            }
            it.remove(); // to the right of x and above y: dominated by (x, y)
        }
        if (open) gain += (ref[0] - from) * (covered - y);
        staircase.put(x, y);
        return gain;
    }

    /** Two objectives: sorted by the first, each point that lowers the second adds a rectangle. */
    private static double sweep2d(double[][] points, double[] ref) {
        double[][] sorted = points.clone();
        Arrays.sort(sorted, Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> p[1]));
        double area = 0;
        double lowest = ref[1];
        for (double[] p : sorted) {
            if (p[1] < lowest) {
                area += (ref[0] - p[0]) * (lowest - p[1]);
                lowest = p[1];
            }
        }
        return area;
    }
}
