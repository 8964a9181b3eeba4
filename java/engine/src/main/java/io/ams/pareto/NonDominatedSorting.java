package io.ams.pareto;

import io.jenetics.ext.moea.Pareto;
import io.jenetics.util.ISeq;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Non-dominated sorting (Deb et al. 2002, "fast non-dominated sort"): rank 0 is the set of
 * points no other point dominates, rank 1 those dominated only by rank 0, and so on. NSGA-II
 * selects by this rank first and by {@link CrowdingDistance} within a rank.
 *
 * <p>The ranking itself is Jenetics' {@link Pareto#rank(io.jenetics.util.BaseSeq, java.util.Comparator)}
 * (O(M n^2)) run on indices with our {@link Dominance}, so maximised objectives, failures (NaN)
 * and constraint-domination all go through the one definition in {@code Dominance}. It keeps
 * an n x n table of comparisons (4 n^2 bytes): right for populations of hundreds to a few
 * thousand, not for ranking a whole store of 100,000 trials at once.
 * Results are indexed like the input.
 */
public final class NonDominatedSorting {
    private NonDominatedSorting() {}

    /**
     * The rank of each point (0 = first front) under constraint-domination
     * ({@link Dominance#compareConstrained}): feasible points rank before every infeasible one,
     * and infeasible points rank by their violation, smaller first.
     */
    public static int[] ranks(List<ParetoPoint> points, Dominance dominance) {
        int n = points.size();
        double[][] better = new double[n][];
        double[] violation = new double[n];
        for (int i = 0; i < n; i++) {
            better[i] = dominance.largerIsBetter(points.get(i).values());
            violation[i] = points.get(i).violation();
        }
        return Pareto.rank(indices(n),
                (Integer i, Integer j) -> Dominance.compareConstrained(violation[i], better[i], violation[j], better[j]));
    }

    /** The rank of each objective vector (0 = first front) under plain Pareto dominance. */
    public static int[] ranks(double[][] values, Dominance dominance) {
        int n = values.length;
        double[][] better = new double[n][];
        for (int i = 0; i < n; i++) better[i] = dominance.largerIsBetter(values[i]);
        return Pareto.rank(indices(n), (Integer i, Integer j) -> Dominance.compareLargerIsBetter(better[i], better[j]));
    }

    /** The fronts under constraint-domination: the indices of rank 0, of rank 1, ..., each ascending. */
    public static List<List<Integer>> fronts(List<ParetoPoint> points, Dominance dominance) {
        return fronts(ranks(points, dominance));
    }

    /** The fronts under plain Pareto dominance: the indices of rank 0, of rank 1, ..., each ascending. */
    public static List<List<Integer>> fronts(double[][] values, Dominance dominance) {
        return fronts(ranks(values, dominance));
    }

    /** Ranks grouped into fronts: front {@code r} lists, ascending, the indices whose rank is {@code r}. */
    public static List<List<Integer>> fronts(int[] ranks) {
        int max = -1;
        for (int r : ranks) {
            if (r < 0) throw new IllegalArgumentException("ranks are >= 0, got " + r);
            max = Math.max(max, r);
        }
        List<List<Integer>> fronts = new ArrayList<>();
        for (int r = 0; r <= max; r++) fronts.add(new ArrayList<>());
        for (int i = 0; i < ranks.length; i++) fronts.get(ranks[i]).add(i);
        List<List<Integer>> frozen = new ArrayList<>(fronts.size());
        for (List<Integer> f : fronts) {
            if (f.isEmpty()) throw new IllegalArgumentException("ranks skip the front " + frozen.size());
            frozen.add(List.copyOf(f));
        }
        return List.copyOf(frozen);
    }

    static ISeq<Integer> indices(int n) {
        return IntStream.range(0, n).boxed().collect(ISeq.toISeq());
    }
}
