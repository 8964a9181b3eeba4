package io.ams.report;

import java.util.Arrays;

/**
 * How much each search dimension matters: fANOVA main effects (Hutter, Hoos and Leyton-Brown,
 * "An Efficient Approach for Assessing Hyperparameter Importance", ICML 2014) computed exactly on
 * a random-forest regressor of the objective, as Optuna's {@code FanovaImportanceEvaluator} does.
 *
 * <p>The trials are points of the unit cube (the search's own coordinates) with their objective
 * values. A {@linkplain RegressionForest forest} of 64 trees is fitted to them; each tree is a
 * piecewise-constant function on [0,1]<sup>d</sup> whose leaves are boxes, so its functional
 * ANOVA decomposition under the uniform measure is exact and cheap:
 * <ul>
 *   <li>mean m = &Sigma;<sub>leaves</sub> vol(leaf) &middot; value;</li>
 *   <li>total variance V = &Sigma;<sub>leaves</sub> vol(leaf) &middot; (value &minus; m)<sup>2</sup>;</li>
 *   <li>marginal f<sub>i</sub>(x<sub>i</sub>) = &Sigma; over the leaves whose interval in dimension
 *       i holds x<sub>i</sub> of value &middot; &Pi;<sub>j&ne;i</sub> width<sub>j</sub>(leaf) (the
 *       other dimensions integrate over their whole unit width), constant between the tree's
 *       thresholds on dimension i;</li>
 *   <li>main-effect variance V<sub>i</sub> = &int;<sub>0</sub><sup>1</sup>
 *       (f<sub>i</sub>(x<sub>i</sub>) &minus; m)<sup>2</sup> dx<sub>i</sub>.</li>
 * </ul>
 * Dimension i's importance is the mean over trees of V<sub>i</sub>/V: the fraction of the
 * forest's variance over the cube that dimension i explains on its own. Interactions are not
 * counted, so the importances sum to at most 1 (for an additive objective, close to 1; for a pure
 * interaction such as (x<sub>0</sub>&minus;&frac12;)(x<sub>1</sub>&minus;&frac12;), close to 0).
 * Trees that are constant (V = 0) are left out of the mean; when every tree is constant (a
 * constant objective) every importance is 0.
 *
 * <p>Categorical dimensions: their values are the centres of the cells of an unordered choice,
 * and the forest still splits them by threshold, so a split separates the choices below a cut
 * from those above it in the codec's order. A tree can still isolate any single choice with two
 * cuts, and the uniform measure over the coordinate gives each choice the weight of its cell,
 * so the main effect is that of the choice; only the tree's economy depends on the order. The
 * {@code categorical} flags are validated and kept for that reason, not used by the splits.
 *
 * <p>Cost: for n trials and d dimensions a tree takes O(d &middot; n &middot; depth) to grow
 * and O(d<sup>2</sup> &middot; leaves) to decompose; n = 1000, d = 20 takes about a third
 * of a second on one core (see {@code ParameterImportanceTest}).
 */
public final class ParameterImportance {
    private ParameterImportance() {}

    /**
     * The importance of each column of {@code x} for {@code y}.
     *
     * @param x           n rows of d coordinates, each in [0,1]; n &ge; 2, d &ge; 1
     * @param y           the n finite objective values
     * @param categorical d flags: which columns encode an unordered choice (see the class comment)
     * @param seed        the forest's seed; the same inputs and seed give the same result
     * @throws IllegalArgumentException when the inputs are missing, ragged, of mismatched
     *                                  lengths, outside [0,1] or not finite
     */
    public static Result of(double[][] x, double[] y, boolean[] categorical, long seed) {
        validate(x, y, categorical);
        return decompose(RegressionForest.fit(x, y, seed));
    }

    /** The forest {@link #of} fits, for tests: its {@code predict} is the forest's mean. */
    static RegressionForest forest(double[][] x, double[] y, boolean[] categorical, long seed) {
        validate(x, y, categorical);
        return RegressionForest.fit(x, y, seed);
    }

    static Result decompose(RegressionForest forest) {
        int d = forest.dimensions();
        double[] sum = new double[d], sumSquares = new double[d];
        int used = 0;
        for (int t = 0; t < forest.size(); t++) {
            TreeVariance tv = TreeVariance.of(forest.tree(t), d);
            if (!(tv.total > 0)) continue;
            used++;
            for (int i = 0; i < d; i++) {
                double fraction = Math.min(1.0, tv.main[i] / tv.total);
                sum[i] += fraction;
                sumSquares[i] += fraction * fraction;
            }
        }
        double[] mean = new double[d], std = new double[d];
        if (used > 0) {
            for (int i = 0; i < d; i++) {
                mean[i] = sum[i] / used;
                std[i] = Math.sqrt(Math.max(0, sumSquares[i] / used - mean[i] * mean[i]));
            }
        }
        return new Result(mean, std, used);
    }

    private static void validate(double[][] x, double[] y, boolean[] categorical) {
        if (x == null) throw new IllegalArgumentException("x is null");
        if (y == null) throw new IllegalArgumentException("y is null");
        if (categorical == null) throw new IllegalArgumentException("categorical is null");
        if (x.length != y.length) {
            throw new IllegalArgumentException("x has " + x.length + " rows but y has " + y.length + " values");
        }
        if (x.length < 2) throw new IllegalArgumentException("need at least 2 trials, got " + x.length);
        if (x[0] == null) throw new IllegalArgumentException("row 0 of x is null");
        int d = x[0].length;
        if (d < 1) throw new IllegalArgumentException("x has no columns");
        if (categorical.length != d) {
            throw new IllegalArgumentException("categorical has " + categorical.length + " flags but x has " + d + " columns");
        }
        for (int r = 0; r < x.length; r++) {
            if (x[r] == null) throw new IllegalArgumentException("row " + r + " of x is null");
            if (x[r].length != d) {
                throw new IllegalArgumentException("row " + r + " of x has " + x[r].length + " columns, row 0 has " + d);
            }
            for (int c = 0; c < d; c++) {
                double v = x[r][c];
                if (!(v >= 0 && v <= 1)) { // also rejects NaN
                    throw new IllegalArgumentException("x[" + r + "][" + c + "] = " + v + " is not in [0,1]");
                }
            }
            if (!Double.isFinite(y[r])) throw new IllegalArgumentException("y[" + r + "] = " + y[r] + " is not finite");
        }
    }

    /** One tree's exact decomposition over the unit cube. */
    static final class TreeVariance {
        final double mean;
        final double total;
        final double[] main;

        private TreeVariance(double mean, double total, double[] main) {
            this.mean = mean;
            this.total = total;
            this.main = main;
        }

        static TreeVariance of(RegressionForest.Tree tree, int d) {
            // the leaves as boxes: lo/hi of leaf L in dimension j at L * d + j
            int nodes = tree.nodes();
            double[] leafLo = new double[nodes * d], leafHi = new double[nodes * d], leafValue = new double[nodes];
            double[] lo = new double[d], hi = new double[d];
            Arrays.fill(hi, 1.0);
            int leaves = collect(tree, 0, lo, hi, leafLo, leafHi, leafValue, 0, d);

            double[] other = new double[leaves * d]; // prod over j != i of width_j
            double[] volume = new double[leaves];
            double[] prefix = new double[d + 1];
            for (int l = 0; l < leaves; l++) {
                prefix[0] = 1;
                for (int j = 0; j < d; j++) prefix[j + 1] = prefix[j] * (leafHi[l * d + j] - leafLo[l * d + j]);
                volume[l] = prefix[d];
                double suffix = 1;
                for (int j = d - 1; j >= 0; j--) {
                    other[l * d + j] = prefix[j] * suffix;
                    suffix *= leafHi[l * d + j] - leafLo[l * d + j];
                }
            }
            double mean = 0;
            boolean constant = true;
            for (int l = 0; l < leaves; l++) {
                mean += volume[l] * leafValue[l];
                constant &= leafValue[l] == leafValue[0];
            }
            double[] main = new double[d];
            if (constant) return new TreeVariance(leafValue[0], 0, main);
            double total = 0;
            for (int l = 0; l < leaves; l++) {
                double dev = leafValue[l] - mean;
                total += volume[l] * dev * dev;
            }

            // each dimension's split points, with 0 and 1: the marginal is constant between them
            int[] perFeature = new int[d];
            for (int k = 0; k < nodes; k++) if (tree.feature[k] >= 0) perFeature[tree.feature[k]]++;
            double[][] points = new double[d][];
            for (int i = 0; i < d; i++) {
                points[i] = new double[perFeature[i] + 2];
                points[i][perFeature[i] + 1] = 1.0;
            }
            int[] fill = new int[d];
            for (int k = 0; k < nodes; k++) {
                int f = tree.feature[k];
                if (f >= 0) points[f][++fill[f]] = tree.threshold[k];
            }
            for (int i = 0; i < d; i++) {
                if (perFeature[i] == 0) continue; // f_i is the mean everywhere: V_i = 0
                double[] p = points[i];
                Arrays.sort(p);
                int cells = p.length - 1;
                double[] step = new double[cells + 1]; // difference array of f_i over the cells
                for (int l = 0; l < leaves; l++) {
                    int from = Arrays.binarySearch(p, leafLo[l * d + i]);
                    int to = Arrays.binarySearch(p, leafHi[l * d + i]);
                    double a = leafValue[l] * other[l * d + i];
                    step[from] += a;
                    step[to] -= a;
                }
                double f = 0, vi = 0;
                for (int c = 0; c < cells; c++) {
                    f += step[c];
                    double dev = f - mean;
                    vi += (p[c + 1] - p[c]) * dev * dev;
                }
                main[i] = vi;
            }
            return new TreeVariance(mean, total, main);
        }

        /** Walks the tree, narrowing [lo, hi) per dimension, and appends each leaf's box. */
        private static int collect(RegressionForest.Tree tree, int node, double[] lo, double[] hi,
                                   double[] leafLo, double[] leafHi, double[] leafValue, int leaves, int d) {
            int f = tree.feature[node];
            if (f < 0) {
                System.arraycopy(lo, 0, leafLo, leaves * d, d);
                System.arraycopy(hi, 0, leafHi, leaves * d, d);
                leafValue[leaves] = tree.value[node];
                return leaves + 1;
            }
            double t = tree.threshold[node];
            double savedHi = hi[f];
            hi[f] = t;
            leaves = collect(tree, tree.left[node], lo, hi, leafLo, leafHi, leafValue, leaves, d);
            hi[f] = savedHi;
            double savedLo = lo[f];
            lo[f] = t;
            leaves = collect(tree, tree.right[node], lo, hi, leafLo, leafHi, leafValue, leaves, d);
            lo[f] = savedLo;
            return leaves;
        }
    }

    /**
     * The importances of a study's dimensions, in the order of the columns given to {@link #of}.
     * Immutable: every accessor returns a copy.
     */
    public static final class Result {
        private final double[] importance;
        private final double[] stdDev;
        private final int treesUsed;

        Result(double[] importance, double[] stdDev, int treesUsed) {
            this.importance = importance;
            this.stdDev = stdDev;
            this.treesUsed = treesUsed;
        }

        /**
         * Per column, the mean over the forest's trees of V<sub>i</sub>/V: the fraction of the
         * forest's variance over the unit cube that the column explains alone. Each lies in
         * [0,1] and they sum to at most 1 (interactions are not counted); all 0 for a constant
         * objective.
         */
        public double[] importance() {
            return importance.clone();
        }

        /** Per column, the standard deviation over the trees of V<sub>i</sub>/V (population, as numpy's). */
        public double[] stdDev() {
            return stdDev.clone();
        }

        /**
         * The importances scaled to sum to 1, as Optuna reports them: each column's share of the
         * explained main effects (not of the total variance). All 0 when every importance is 0.
         */
        public double[] normalised() {
            double sum = 0;
            for (double v : importance) sum += v;
            double[] out = new double[importance.length];
            if (sum > 0) for (int i = 0; i < out.length; i++) out[i] = importance[i] / sum;
            return out;
        }

        /** The column indices from the most to the least important; ties in column order. */
        public int[] ranking() {
            return java.util.stream.IntStream.range(0, importance.length).boxed()
                    .sorted((a, b) -> {
                        int c = Double.compare(importance[b], importance[a]);
                        return c != 0 ? c : Integer.compare(a, b);
                    })
                    .mapToInt(Integer::intValue).toArray();
        }

        /** The number of columns. */
        public int dimensions() {
            return importance.length;
        }

        /** How many of the forest's trees were not constant, and so were averaged. */
        public int treesUsed() {
            return treesUsed;
        }

        @Override
        public String toString() {
            return "ParameterImportance.Result" + Arrays.toString(importance) + " \u00b1 " + Arrays.toString(stdDev);
        }
    }
}
