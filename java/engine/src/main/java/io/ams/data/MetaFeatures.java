package io.ams.data;

import io.ams.core.SymmetricEigen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Meta-features of a classification dataset, for meta-learning (issue 15): which past search a
 * new dataset resembles. Computed by {@link #of(Dataset, long)}; every random choice derives from
 * the seed, so the same dataset and seed give the same values.
 *
 * <p><b>Definitions</b> ({@code n} rows, {@code d} columns, {@code k} classes):
 * <ul>
 *   <li>{@code classEntropy} {@code H = -sum_c p_c ln p_c} over the class frequencies
 *       {@code p_c = count_c / n} (natural log; absent classes contribute 0);
 *       {@code normalisedClassEntropy = H / ln k}, defined as 0 when {@code k = 1}.</li>
 *   <li>{@code imbalance}: the smallest class count over the largest, among the classes that
 *       occur (a declared class with no rows is ignored); 1 means balanced.</li>
 *   <li>{@code meanSkewness}, {@code meanKurtosis}: per column, on all rows, the population
 *       moments {@code m_j = mean((x - mean x)^j)}, skewness {@code m3 / m2^1.5} and excess
 *       kurtosis {@code m4 / m2^2 - 3}, averaged over all {@code d} columns. A constant column
 *       (every value equal) contributes 0 to both and is counted in the average.</li>
 *   <li>{@code pcaComponents}: the fewest principal components of the standardised features
 *       whose eigenvalues reach 95% of the total variance, from the correlation matrix of at
 *       most {@value #PCA_ROWS} rows drawn uniformly without replacement (all rows when there
 *       are no more) and of the first {@value #MAX_COLUMNS} columns; eigenvalues by
 *       {@link io.ams.core.SymmetricEigen} (cyclic Jacobi). Columns constant in that sample have zero
 *       variance once standardised, so they add nothing to the total (0 components when all
 *       are constant). {@code pcaFraction = pcaComponents / min(d, 200)}.</li>
 *   <li>Landmarkers, on a stratified subsample of at most {@value #LANDMARK_ROWS} rows (each
 *       class keeps its share, largest-remainder rounding; all rows when there are no more),
 *       with the features standardised on that subsample (mean 0, population standard
 *       deviation 1, constant columns 0):
 *       <ul>
 *         <li>{@code oneNnAccuracy}: leave-one-out 1-nearest-neighbour accuracy, Euclidean
 *             distance on all columns; among equally near neighbours the earliest row wins.</li>
 *         <li>{@code linearAccuracy}: one-vs-rest ridge regression in closed form: targets are
 *             the one-hot class indicators (1 / 0), inputs the first {@value #MAX_COLUMNS}
 *             standardised columns plus a bias column of ones, weights
 *             {@code W = (X^T X + lambda I)^-1 X^T Y} with {@code lambda = 1e-3} (the bias is
 *             penalised alike, which at this lambda is immaterial), solved by Cholesky; the
 *             predicted class is the arg-max of {@code x W} (lowest class on ties). Accuracy by
 *             stratified {@code min(5, n)}-fold cross-validation, folds seeded; the
 *             standardisation is the subsample's, shared by all folds.</li>
 *       </ul></li>
 * </ul>
 *
 * <p>Regression datasets are refused with an {@link IllegalArgumentException}: most of these
 * values are about classes. So are datasets with fewer than 2 rows or no column.
 *
 * @param samples                n
 * @param features               d
 * @param classes                k, the declared number of classes
 * @param logSamples             ln n
 * @param logFeatures            ln d
 * @param classEntropy           H, natural log
 * @param normalisedClassEntropy H / ln k, in [0, 1]
 * @param imbalance              smallest / largest class count, in (0, 1]
 * @param meanSkewness           mean population skewness over columns
 * @param meanKurtosis           mean population excess kurtosis over columns
 * @param pcaComponents          components explaining 95% of the standardised variance
 * @param pcaFraction            pcaComponents / min(d, 200)
 * @param oneNnAccuracy          leave-one-out 1-NN accuracy
 * @param linearAccuracy         cross-validated one-vs-rest ridge accuracy
 */
public record MetaFeatures(int samples, int features, int classes, double logSamples, double logFeatures,
                           double classEntropy, double normalisedClassEntropy, double imbalance,
                           double meanSkewness, double meanKurtosis, int pcaComponents, double pcaFraction,
                           double oneNnAccuracy, double linearAccuracy) {
    /** Rows sampled for the PCA meta-features. */
    public static final int PCA_ROWS = 2000;
    /** Rows in the stratified subsample for the landmarkers. */
    public static final int LANDMARK_ROWS = 1000;
    /** Columns used by PCA and the linear landmarker: the first ones. */
    public static final int MAX_COLUMNS = 200;
    /** Share of the variance the PCA components must explain. */
    public static final double PCA_VARIANCE = 0.95;
    /** Ridge penalty of the linear landmarker. */
    public static final double RIDGE_LAMBDA = 1e-3;
    /** Folds of the linear landmarker's cross-validation, fewer when there are fewer rows. */
    public static final int FOLDS = 5;

    private static final List<String> VECTOR_NAMES = List.of("log_samples", "log_features",
            "normalised_class_entropy", "imbalance", "mean_skewness_slog", "mean_kurtosis_slog", "pca_fraction",
            "one_nn_accuracy", "linear_accuracy");

    /** The meta-features of {@code data}; {@code seed} drives the subsamples and the folds. */
    public static MetaFeatures of(Dataset data, long seed) {
        if (!data.isClassification()) {
            throw new IllegalArgumentException(data.name()
                    + " is a regression dataset; meta-features are defined for classification only");
        }
        int n = data.rows();
        int d = data.cols();
        if (n < 2 || d < 1) {
            throw new IllegalArgumentException(data.name() + ": meta-features need at least 2 rows and 1 column, not "
                    + n + " x " + d);
        }
        int k = data.classes();
        int[] counts = data.classCounts();
        double entropy = 0;
        int smallest = Integer.MAX_VALUE;
        int largest = 0;
        for (int count : counts) {
            if (count > 0) {
                double p = (double) count / n;
                entropy -= p * Math.log(p);
                smallest = Math.min(smallest, count);
                largest = Math.max(largest, count);
            }
        }
        double normalisedEntropy = k > 1 ? entropy / Math.log(k) : 0;

        double[] moments = meanSkewnessAndKurtosis(data);

        int usedColumns = Math.min(d, MAX_COLUMNS);
        int components = pcaComponents(data, sampleRows(n, PCA_ROWS, new Random(seed)), usedColumns);

        int[] landmarkRows = stratifiedRows(data, LANDMARK_ROWS, new Random(mix(seed, 1)));
        double[][] z = standardised(data, landmarkRows, d);
        int[] labels = new int[landmarkRows.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = data.label(landmarkRows[i]);
        }
        double oneNn = oneNnAccuracy(z, labels);
        double linear = linearAccuracy(z, usedColumns, labels, k, new Random(mix(seed, 2)));

        return new MetaFeatures(n, d, k, Math.log(n), Math.log(d), entropy, normalisedEntropy,
                (double) smallest / largest, moments[0], moments[1], components, (double) components / usedColumns,
                oneNn, linear);
    }

    /**
     * The values compared by {@link #distance}, in the order of {@link #names()}: ln n, ln d,
     * normalised class entropy, imbalance, {@code sign(x) ln(1 + |x|)} of the mean skewness
     * and of the mean kurtosis (moments can be huge on sparse columns), PCA fraction, 1-NN
     * accuracy, linear accuracy.
     */
    public double[] vector() {
        return new double[] {logSamples, logFeatures, normalisedClassEntropy, imbalance, signedLog1p(meanSkewness),
            signedLog1p(meanKurtosis), pcaFraction, oneNnAccuracy, linearAccuracy};
    }

    /** The names of {@link #vector()}'s entries. */
    public List<String> names() {
        return VECTOR_NAMES;
    }

    /** Every meta-feature by name, in the record's order (for reports and JSON). */
    public Map<String, Double> values() {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("samples", (double) samples);
        values.put("features", (double) features);
        values.put("classes", (double) classes);
        values.put("log_samples", logSamples);
        values.put("log_features", logFeatures);
        values.put("class_entropy", classEntropy);
        values.put("normalised_class_entropy", normalisedClassEntropy);
        values.put("imbalance", imbalance);
        values.put("mean_skewness", meanSkewness);
        values.put("mean_kurtosis", meanKurtosis);
        values.put("pca_components", (double) pcaComponents);
        values.put("pca_fraction", pcaFraction);
        values.put("one_nn_accuracy", oneNnAccuracy);
        values.put("linear_accuracy", linearAccuracy);
        return values;
    }

    /** Euclidean distance between the two {@link #vector()}s. */
    public static double distance(MetaFeatures a, MetaFeatures b) {
        double[] x = a.vector();
        double[] y = b.vector();
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double diff = x[i] - y[i];
            sum += diff * diff;
        }
        return Math.sqrt(sum);
    }

    static double signedLog1p(double x) {
        return Math.signum(x) * Math.log1p(Math.abs(x));
    }

    private static long mix(long seed, long stream) {
        return seed * 0x9E3779B97F4A7C15L + stream;
    }

    /** Mean population skewness and excess kurtosis over all columns; constant columns count as 0. */
    private static double[] meanSkewnessAndKurtosis(Dataset data) {
        int n = data.rows();
        int d = data.cols();
        float[] x = data.features();
        double skewSum = 0;
        double kurtSum = 0;
        for (int c = 0; c < d; c++) {
            float first = x[c];
            boolean constant = true;
            double sum = 0;
            for (int r = 0; r < n; r++) {
                float value = x[r * d + c];
                constant &= value == first;
                sum += value;
            }
            if (constant) {
                continue;
            }
            double mean = sum / n;
            double m2 = 0;
            double m3 = 0;
            double m4 = 0;
            for (int r = 0; r < n; r++) {
                double dev = x[r * d + c] - mean;
                double dev2 = dev * dev;
                m2 += dev2;
                m3 += dev2 * dev;
                m4 += dev2 * dev2;
            }
            m2 /= n;
            m3 /= n;
            m4 /= n;
            skewSum += m3 / Math.pow(m2, 1.5);
            kurtSum += m4 / (m2 * m2) - 3;
        }
        return new double[] {skewSum / d, kurtSum / d};
    }

    /** All rows when there are at most {@code limit}, else {@code limit} drawn without replacement, ascending. */
    private static int[] sampleRows(int n, int limit, Random random) {
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        if (n <= limit) {
            return all;
        }
        for (int i = 0; i < limit; i++) {
            int j = i + random.nextInt(n - i);
            int swap = all[i];
            all[i] = all[j];
            all[j] = swap;
        }
        int[] chosen = Arrays.copyOf(all, limit);
        Arrays.sort(chosen);
        return chosen;
    }

    /** All rows when there are at most {@code limit}, else a stratified draw of {@code limit}, ascending. */
    static int[] stratifiedRows(Dataset data, int limit, Random random) {
        int n = data.rows();
        if (n <= limit) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int[] counts = data.classCounts();
        int k = counts.length;
        int[][] groups = new int[k][];
        for (int c = 0; c < k; c++) {
            groups[c] = new int[counts[c]];
        }
        int[] filled = new int[k];
        int[] labels = data.labels();
        for (int r = 0; r < n; r++) {
            groups[labels[r]][filled[labels[r]]++] = r;
        }
        int[] quota = new int[k];
        double[] remainder = new double[k];
        int missing = limit;
        for (int c = 0; c < k; c++) {
            double exact = (double) counts[c] * limit / n;
            quota[c] = (int) Math.floor(exact);
            remainder[c] = exact - quota[c];
            missing -= quota[c];
        }
        Integer[] order = new Integer[k];
        Arrays.setAll(order, c -> c);
        Arrays.sort(order, Comparator.comparingDouble((Integer c) -> -remainder[c]));
        for (int i = 0; missing > 0; i = (i + 1) % k) {
            int c = order[i];
            if (quota[c] < counts[c]) {
                quota[c]++;
                missing--;
            }
        }
        int[] chosen = new int[limit];
        int at = 0;
        for (int c = 0; c < k; c++) {
            int[] group = groups[c];
            for (int i = 0; i < quota[c]; i++) {
                int j = i + random.nextInt(group.length - i);
                int swap = group[i];
                group[i] = group[j];
                group[j] = swap;
                chosen[at++] = group[i];
            }
        }
        Arrays.sort(chosen);
        return chosen;
    }

    /**
     * The first {@code columns} columns of the given rows, each standardised on those rows to
     * mean 0 and population standard deviation 1; a column constant on those rows becomes 0.
     */
    private static double[][] standardised(Dataset data, int[] rows, int columns) {
        int m = rows.length;
        int d = data.cols();
        float[] x = data.features();
        double[][] z = new double[m][columns];
        for (int c = 0; c < columns; c++) {
            float first = x[rows[0] * d + c];
            boolean constant = true;
            double sum = 0;
            for (int i = 0; i < m; i++) {
                float value = x[rows[i] * d + c];
                constant &= value == first;
                sum += value;
            }
            if (constant) {
                continue;
            }
            double mean = sum / m;
            double squares = 0;
            for (int i = 0; i < m; i++) {
                double dev = x[rows[i] * d + c] - mean;
                squares += dev * dev;
            }
            double sd = Math.sqrt(squares / m);
            for (int i = 0; i < m; i++) {
                z[i][c] = (x[rows[i] * d + c] - mean) / sd;
            }
        }
        return z;
    }

    private static int pcaComponents(Dataset data, int[] rows, int columns) {
        double[][] z = standardised(data, rows, columns);
        List<Integer> varying = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            for (double[] row : z) {
                if (row[c] != 0) {
                    varying.add(c);
                    break;
                }
            }
        }
        int p = varying.size();
        if (p == 0) {
            return 0;
        }
        int m = rows.length;
        double[][] correlation = new double[p][p];
        for (int a = 0; a < p; a++) {
            int ca = varying.get(a);
            for (int b = a; b < p; b++) {
                int cb = varying.get(b);
                double sum = 0;
                for (double[] row : z) {
                    sum += row[ca] * row[cb];
                }
                correlation[a][b] = sum / m;
                correlation[b][a] = correlation[a][b];
            }
        }
        double[] eigenvalues = SymmetricEigen.of(correlation).values();
        double total = 0;
        for (int a = 0; a < p; a++) {
            total += correlation[a][a];
        }
        double target = PCA_VARIANCE * total - 1e-12 * total;
        double cumulative = 0;
        for (int j = 0; j < p; j++) {
            cumulative += eigenvalues[j];
            if (cumulative >= target) {
                return j + 1;
            }
        }
        return p;
    }

    private static double oneNnAccuracy(double[][] z, int[] labels) {
        int m = z.length;
        int correct = 0;
        for (int i = 0; i < m; i++) {
            double best = Double.POSITIVE_INFINITY;
            int nearest = -1;
            for (int j = 0; j < m; j++) {
                if (j == i) {
                    continue;
                }
                double dist = 0;
                double[] a = z[i];
                double[] b = z[j];
                for (int c = 0; c < a.length && dist < best; c++) {
                    double diff = a[c] - b[c];
                    dist += diff * diff;
                }
                if (dist < best) {
                    best = dist;
                    nearest = j;
                }
            }
            if (labels[nearest] == labels[i]) {
                correct++;
            }
        }
        return (double) correct / m;
    }

    private static double linearAccuracy(double[][] z, int columns, int[] labels, int k, Random random) {
        int m = z.length;
        int folds = Math.min(FOLDS, m);
        int[] fold = stratifiedFolds(labels, k, folds, random);
        int q = columns + 1;
        int correct = 0;
        for (int f = 0; f < folds; f++) {
            double[][] gram = new double[q][q];
            double[][] rhs = new double[q][k];
            double[] input = new double[q];
            for (int i = 0; i < m; i++) {
                if (fold[i] == f) {
                    continue;
                }
                fillInput(z[i], columns, input);
                for (int a = 0; a < q; a++) {
                    double xa = input[a];
                    if (xa == 0) {
                        continue;
                    }
                    double[] gramRow = gram[a];
                    for (int b = a; b < q; b++) {
                        gramRow[b] += xa * input[b];
                    }
                    rhs[a][labels[i]] += xa;
                }
            }
            for (int a = 0; a < q; a++) {
                gram[a][a] += RIDGE_LAMBDA;
                for (int b = 0; b < a; b++) {
                    gram[a][b] = gram[b][a];
                }
            }
            double[][] weights = choleskySolve(gram, rhs);
            for (int i = 0; i < m; i++) {
                if (fold[i] != f) {
                    continue;
                }
                fillInput(z[i], columns, input);
                int predicted = 0;
                double bestScore = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    double score = 0;
                    for (int a = 0; a < q; a++) {
                        score += input[a] * weights[a][c];
                    }
                    if (score > bestScore) {
                        bestScore = score;
                        predicted = c;
                    }
                }
                if (predicted == labels[i]) {
                    correct++;
                }
            }
        }
        return (double) correct / m;
    }

    private static void fillInput(double[] row, int columns, double[] input) {
        System.arraycopy(row, 0, input, 0, columns);
        input[columns] = 1;
    }

    /** Each class's positions shuffled, then dealt to the folds in turn, continuing across classes. */
    private static int[] stratifiedFolds(int[] labels, int k, int folds, Random random) {
        int m = labels.length;
        int[] fold = new int[m];
        int next = 0;
        for (int c = 0; c < k; c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                if (labels[i] == c) {
                    members.add(i);
                }
            }
            for (int i = members.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                Integer swap = members.get(i);
                members.set(i, members.get(j));
                members.set(j, swap);
            }
            for (int member : members) {
                fold[member] = next;
                next = (next + 1) % folds;
            }
        }
        return fold;
    }

    /** Solves {@code A X = B} for a symmetric positive definite {@code A} (both left unchanged). */
    static double[][] choleskySolve(double[][] a, double[][] b) {
        int q = a.length;
        double[][] l = new double[q][q];
        for (int i = 0; i < q; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j];
                double[] li = l[i];
                double[] lj = l[j];
                for (int t = 0; t < j; t++) {
                    sum -= li[t] * lj[t];
                }
                if (i == j) {
                    if (sum <= 0) {
                        throw new ArithmeticException("matrix is not positive definite");
                    }
                    li[i] = Math.sqrt(sum);
                } else {
                    li[j] = sum / lj[j];
                }
            }
        }
        int k = b[0].length;
        double[][] x = new double[q][k];
        for (int c = 0; c < k; c++) {
            double[] y = new double[q];
            for (int i = 0; i < q; i++) {
                double sum = b[i][c];
                for (int t = 0; t < i; t++) {
                    sum -= l[i][t] * y[t];
                }
                y[i] = sum / l[i][i];
            }
            for (int i = q - 1; i >= 0; i--) {
                double sum = y[i];
                for (int t = i + 1; t < q; t++) {
                    sum -= l[t][i] * x[t][c];
                }
                x[i][c] = sum / l[i][i];
            }
        }
        return x;
    }
}
