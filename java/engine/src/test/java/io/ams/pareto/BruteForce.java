package io.ams.pareto;

import io.ams.core.Direction;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Plain, obviously correct references for the tests: definitions written out, no cleverness. */
final class BruteForce {
    private BruteForce() {}

    /** a dominates b: no worse everywhere, better somewhere; NaN is the worst value. */
    static boolean dominates(double[] a, double[] b, Direction[] d) {
        boolean strictlySomewhere = false;
        for (int i = 0; i < a.length; i++) {
            double x = d[i].rankable(a[i]), y = d[i].rankable(b[i]);
            boolean xBetter = d[i] == Direction.MINIMIZE ? x < y : x > y;
            boolean yBetter = d[i] == Direction.MINIMIZE ? y < x : y > x;
            if (yBetter) return false;
            if (xBetter) strictlySomewhere = true;
        }
        return strictlySomewhere;
    }

    /** Deb's rule written out. */
    static boolean constrainedDominates(ParetoPoint a, ParetoPoint b, Direction[] d) {
        if (a.isFeasible() && !b.isFeasible()) return true;
        if (!a.isFeasible() && b.isFeasible()) return false;
        if (!a.isFeasible()) return a.violation() < b.violation();
        return dominates(a.values(), b.values(), d);
    }

    /** Ranks by peeling: rank r is the set of remaining points no other remaining point dominates. */
    static int[] peelRanks(List<ParetoPoint> points, Direction[] d) {
        int n = points.size();
        int[] rank = new int[n];
        boolean[] removed = new boolean[n];
        int left = n;
        for (int r = 0; left > 0; r++) {
            List<Integer> layer = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (removed[i]) continue;
                boolean dominated = false;
                for (int j = 0; j < n && !dominated; j++)
                    if (!removed[j] && j != i && constrainedDominates(points.get(j), points.get(i), d)) dominated = true;
                if (!dominated) layer.add(i);
            }
            if (layer.isEmpty()) throw new AssertionError("a cycle: the order is not a strict partial order");
            for (int i : layer) {
                rank[i] = r;
                removed[i] = true;
                left--;
            }
        }
        return rank;
    }

    /**
     * The textbook crowding distance, each neighbour found directly: in objective m the order is
     * by (value, index); the first and last are infinite; the others add
     * (value of the next - value of the previous) / (max - min), when max > min.
     */
    static double[] crowding(double[][] f) {
        int n = f.length;
        double[] dist = new double[n];
        if (n < 3) {
            java.util.Arrays.fill(dist, Double.POSITIVE_INFINITY);
            return dist;
        }
        for (int m = 0; m < f[0].length; m++) {
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            for (double[] p : f) {
                min = Math.min(min, p[m]);
                max = Math.max(max, p[m]);
            }
            for (int i = 0; i < n; i++) {
                int prev = -1, next = -1;
                for (int j = 0; j < n; j++) {
                    if (j == i) continue;
                    if (before(f, j, i, m) && (prev < 0 || before(f, prev, j, m))) prev = j;
                    if (before(f, i, j, m) && (next < 0 || before(f, j, next, m))) next = j;
                }
                if (prev < 0 || next < 0) dist[i] = Double.POSITIVE_INFINITY;
                else if (max > min) dist[i] += (f[next][m] - f[prev][m]) / (max - min);
            }
        }
        return dist;
    }

    private static boolean before(double[][] f, int a, int b, int m) {
        return f[a][m] < f[b][m] || (f[a][m] == f[b][m] && a < b);
    }

    /** Hypervolume (all minimised) by inclusion-exclusion over all non-empty subsets: the union of boxes [p, ref]. */
    static double inclusionExclusion(double[][] points, double[] ref) {
        List<double[]> in = new ArrayList<>();
        for (double[] p : points) {
            boolean inside = true;
            for (int k = 0; k < ref.length; k++) if (!(p[k] < ref[k])) inside = false;
            if (inside) in.add(p);
        }
        int n = in.size();
        if (n > 20) throw new IllegalArgumentException("inclusion-exclusion is for small sets");
        double total = 0;
        for (int mask = 1; mask < (1 << n); mask++) {
            double[] corner = new double[ref.length];
            java.util.Arrays.fill(corner, Double.NEGATIVE_INFINITY);
            for (int i = 0; i < n; i++)
                if ((mask & (1 << i)) != 0)
                    for (int k = 0; k < ref.length; k++) corner[k] = Math.max(corner[k], in.get(i)[k]);
            double box = 1;
            for (int k = 0; k < ref.length; k++) box *= ref[k] - corner[k];
            total += Integer.bitCount(mask) % 2 == 1 ? box : -box;
        }
        return total;
    }

    /**
     * Hypervolume (all minimised) of integer points against an integer reference by counting the
     * unit cells [c, c+1)^d below the reference that some point weakly dominates; {@code low} is a
     * lower bound of every coordinate.
     */
    static long gridCount(int[][] points, int[] ref, int low) {
        int d = ref.length;
        int[] cell = new int[d];
        java.util.Arrays.fill(cell, low);
        long count = 0;
        while (true) {
            for (int[] p : points) {
                boolean covers = true;
                for (int k = 0; k < d; k++) if (!(p[k] <= cell[k] && cell[k] < ref[k])) covers = false;
                if (covers) {
                    count++;
                    break;
                }
            }
            int k = 0;
            while (k < d && ++cell[k] >= ref[k]) cell[k++] = low;
            if (k == d) return count;
        }
    }

    /** Small integers as doubles: many ties and duplicates. */
    static double[][] tiedPoints(Random random, int n, int d, int levels) {
        double[][] p = new double[n][d];
        for (double[] row : p) for (int k = 0; k < d; k++) row[k] = random.nextInt(levels);
        return p;
    }

    static Direction[] randomDirections(Random random, int d) {
        Direction[] dirs = new Direction[d];
        for (int k = 0; k < d; k++) dirs[k] = random.nextBoolean() ? Direction.MINIMIZE : Direction.MAXIMIZE;
        return dirs;
    }
}
