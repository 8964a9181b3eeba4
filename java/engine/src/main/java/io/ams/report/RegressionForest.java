package io.ams.report;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;

/**
 * A random-forest regressor on the unit cube, written for {@link ParameterImportance}: Breiman's
 * bagged CART trees, split on the reduction of squared error.
 *
 * <p>The settings are Optuna's {@code FanovaImportanceEvaluator} (scikit-learn's
 * {@code RandomForestRegressor(n_estimators=64, max_depth=64, min_samples_split=2,
 * min_samples_leaf=1)}, whose {@code max_features} for a regressor is every feature): every
 * feature is a candidate at every node, and the trees differ only through their bootstrap
 * samples. Considering every feature keeps a tree from splitting on an irrelevant dimension just
 * because the relevant ones were not drawn at that node, which would hand the irrelevant
 * dimension variance it does not explain; with few dimensions (a search has tens at most) the
 * extra cost is small.
 *
 * <p>A threshold lies midway between two distinct neighbouring values of the node's samples; a
 * point goes left when its coordinate is {@code <=} the threshold. Deterministic for a seed: tree
 * {@code t} draws its bootstrap sample from its own {@link SplittableRandom} stream, and ties
 * between equally good splits go to the lower feature, then to the lower threshold.
 */
final class RegressionForest {
    static final int TREES = 64;
    static final int MAX_DEPTH = 64;
    static final int MIN_SAMPLES_SPLIT = 2;
    static final int MIN_SAMPLES_LEAF = 1;

    private final Tree[] trees;
    private final int dimensions;

    private RegressionForest(Tree[] trees, int dimensions) {
        this.trees = trees;
        this.dimensions = dimensions;
    }

    /** Fits {@link #TREES} trees; the inputs are assumed validated (see {@link ParameterImportance}). */
    static RegressionForest fit(double[][] x, double[] y, long seed) {
        return fit(x, y, seed, TREES);
    }

    static RegressionForest fit(double[][] x, double[] y, long seed, int treeCount) {
        int n = x.length, d = x[0].length;
        double[][] columns = new double[d][n];
        for (int r = 0; r < n; r++) {
            for (int f = 0; f < d; f++) columns[f][r] = x[r][f] + 0.0; // -0.0 becomes 0.0
        }
        int[][] rank = ranks(columns);
        Tree[] trees = new Tree[treeCount];
        for (int t = 0; t < treeCount; t++) {
            trees[t] = new Builder(columns, rank, y, new SplittableRandom(mix(seed, t))).build();
        }
        return new RegressionForest(trees, d);
    }

    /** The forest's prediction: the mean of its trees'. */
    double predict(double[] point) {
        double sum = 0;
        for (Tree tree : trees) sum += tree.predict(point);
        return sum / trees.length;
    }

    int dimensions() {
        return dimensions;
    }

    int size() {
        return trees.length;
    }

    Tree tree(int t) {
        return trees[t];
    }

    /** SplitMix64's finaliser of (seed, step), as the engine's strategies seed their streams. */
    static long mix(long seed, long step) {
        long z = seed + 0x9E3779B97F4A7C15L * (step + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** rank[f][row]: the row's place among the rows sorted by column f (ties in row order). */
    private static int[][] ranks(double[][] columns) {
        int d = columns.length, n = columns[0].length;
        int[][] rank = new int[d][n];
        Integer[] order = new Integer[n];
        for (int f = 0; f < d; f++) {
            double[] column = columns[f];
            for (int r = 0; r < n; r++) order[r] = r;
            Arrays.sort(order, Comparator.comparingDouble(r -> column[r]));
            for (int k = 0; k < n; k++) rank[f][order[k]] = k;
        }
        return rank;
    }

    /**
     * One fitted tree, stored flat: node k is a leaf when {@code feature[k] < 0}, and then
     * {@code value[k]} is the mean of its bootstrap samples' objective values.
     */
    static final class Tree {
        final int[] feature;
        final double[] threshold;
        final int[] left;
        final int[] right;
        final double[] value;

        Tree(int[] feature, double[] threshold, int[] left, int[] right, double[] value) {
            this.feature = feature;
            this.threshold = threshold;
            this.left = left;
            this.right = right;
            this.value = value;
        }

        double predict(double[] point) {
            int k = 0;
            while (feature[k] >= 0) k = point[feature[k]] <= threshold[k] ? left[k] : right[k];
            return value[k];
        }

        int nodes() {
            return feature.length;
        }
    }

    /**
     * Grows one tree. The bootstrap sample's positions are kept sorted by every feature at once
     * ({@code order[f]}); a node owns the same segment [lo, hi) of each, and a split partitions
     * every segment stably into its left then its right part, so no node sorts anything.
     */
    private static final class Builder {
        private final double[][] columns;
        private final int[] rows;      // position -> row of the data (the bootstrap sample)
        private final double[] ys;     // position -> objective value
        private final int[][] order;   // order[f]: positions sorted by feature f
        private final double[][] sortedX; // sortedX[f][k] = feature f of position order[f][k]
        private final double[] valueBuffer;
        private final boolean[] goesLeft;
        private final int[] buffer;
        private final int d;

        private int nodes;
        private int[] feature, left, right;
        private double[] threshold, value;

        Builder(double[][] columns, int[][] rank, double[] y, SplittableRandom random) {
            this.columns = columns;
            this.d = columns.length;
            int n = y.length;
            rows = new int[n];
            ys = new double[n];
            for (int p = 0; p < n; p++) {
                rows[p] = random.nextInt(n);
                ys[p] = y[rows[p]];
            }
            // counting sort of the positions by each feature's rank
            order = new int[d][n];
            int[] count = new int[n + 1];
            for (int f = 0; f < d; f++) {
                Arrays.fill(count, 0);
                for (int p = 0; p < n; p++) count[rank[f][rows[p]] + 1]++;
                for (int k = 0; k < n; k++) count[k + 1] += count[k];
                for (int p = 0; p < n; p++) order[f][count[rank[f][rows[p]]]++] = p;
            }
            sortedX = new double[d][n];
            for (int f = 0; f < d; f++) {
                for (int k = 0; k < n; k++) sortedX[f][k] = columns[f][rows[order[f][k]]];
            }
            valueBuffer = new double[n];
            goesLeft = new boolean[n];
            buffer = new int[n];
            int capacity = 2 * n; // at most n leaves, so at most 2n - 1 nodes
            feature = new int[capacity];
            left = new int[capacity];
            right = new int[capacity];
            threshold = new double[capacity];
            value = new double[capacity];
        }

        Tree build() {
            grow(0, rows.length, 0);
            return new Tree(Arrays.copyOf(feature, nodes), Arrays.copyOf(threshold, nodes),
                    Arrays.copyOf(left, nodes), Arrays.copyOf(right, nodes), Arrays.copyOf(value, nodes));
        }

        private int grow(int lo, int hi, int depth) {
            int node = nodes++;
            int m = hi - lo;
            int[] any = order[0];
            double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            for (int k = lo; k < hi; k++) {
                double v = ys[any[k]];
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            value[node] = sum / m;
            feature[node] = -1;
            if (m < MIN_SAMPLES_SPLIT || depth >= MAX_DEPTH || min == max) return node;

            // maximising sumL^2/nL + sumR^2/nR is minimising the children's squared error
            int bestFeature = -1;
            double bestScore = Double.NEGATIVE_INFINITY, bestThreshold = 0;
            for (int f = 0; f < d; f++) {
                int[] sorted = order[f];
                double[] values = sortedX[f];
                double sumLeft = 0;
                for (int k = lo; k < hi - 1; k++) {
                    sumLeft += ys[sorted[k]];
                    int nLeft = k - lo + 1, nRight = m - nLeft;
                    if (nLeft < MIN_SAMPLES_LEAF || nRight < MIN_SAMPLES_LEAF) continue;
                    double here = values[k], next = values[k + 1];
                    if (here == next) continue;
                    double sumRight = sum - sumLeft;
                    double score = sumLeft * sumLeft / nLeft + sumRight * sumRight / nRight;
                    if (score > bestScore) {
                        bestScore = score;
                        bestFeature = f;
                        double mid = here + (next - here) / 2;
                        bestThreshold = mid < next ? mid : here; // adjacent doubles: keep here <= t < next
                    }
                }
            }
            if (bestFeature < 0) return node; // every sample at the same point

            double[] column = columns[bestFeature];
            for (int k = lo; k < hi; k++) {
                int p = any[k];
                goesLeft[p] = column[rows[p]] <= bestThreshold;
            }
            int nLeft = 0;
            for (int f = 0; f < d; f++) nLeft = partition(order[f], sortedX[f], lo, hi);

            feature[node] = bestFeature;
            threshold[node] = bestThreshold;
            left[node] = grow(lo, lo + nLeft, depth + 1);
            right[node] = grow(lo + nLeft, hi, depth + 1);
            return node;
        }

        /**
         * Stable partition of sorted[lo, hi), with the values alongside, by goesLeft; returns the
         * size of the left part.
         */
        private int partition(int[] sorted, double[] values, int lo, int hi) {
            int l = lo, r = 0;
            for (int k = lo; k < hi; k++) {
                int p = sorted[k];
                double v = values[k];
                if (goesLeft[p]) {
                    sorted[l] = p;
                    values[l++] = v;
                } else {
                    buffer[r] = p;
                    valueBuffer[r++] = v;
                }
            }
            System.arraycopy(buffer, 0, sorted, l, r);
            System.arraycopy(valueBuffer, 0, values, l, r);
            return l - lo;
        }
    }
}
