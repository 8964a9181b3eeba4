package io.ams.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An immutable table of {@code rows x cols} float features with either class labels or
 * regression targets.
 *
 * <p>Features are one row-major {@code float[]} (row {@code r}, column {@code c} at
 * {@code r * cols + c}) and labels one {@code int[]}, so the native trainer can copy each in a
 * single call and a 60000 x 784 dataset costs one array, not 60000 row objects.
 *
 * <p><b>Ownership:</b> the factories take ownership of the arrays they are given, and
 * {@link #features()}, {@link #labels()} and {@link #targets()} return those same arrays
 * without copying. Neither side may modify them afterwards; everything in this package that
 * derives a dataset ({@link #subset}, {@link Standardizer}) builds new arrays instead.
 */
public final class Dataset {
    private final String name;
    private final float[] features;
    private final int rows;
    private final int cols;
    private final List<String> featureNames;
    // Exactly one of labels / targets is non-null: the task kind.
    private final int[] labels;
    private final List<String> classNames;
    private final float[] targets;
    private final int targetDim;

    private Dataset(String name, float[] features, int rows, int cols, List<String> featureNames,
                    int[] labels, List<String> classNames, float[] targets, int targetDim) {
        this.name = Objects.requireNonNull(name, "name");
        this.features = Objects.requireNonNull(features, "features");
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException(name + ": negative shape " + rows + " x " + cols);
        }
        if ((long) rows * cols != features.length) {
            throw new IllegalArgumentException(name + ": " + features.length
                    + " feature values do not make " + rows + " x " + cols);
        }
        this.rows = rows;
        this.cols = cols;
        this.featureNames = List.copyOf(featureNames);
        if (!this.featureNames.isEmpty() && this.featureNames.size() != cols) {
            throw new IllegalArgumentException(name + ": " + this.featureNames.size()
                    + " feature names for " + cols + " columns");
        }
        this.labels = labels;
        this.classNames = classNames == null ? null : List.copyOf(classNames);
        this.targets = targets;
        this.targetDim = targetDim;
    }

    /**
     * A classification dataset; the number of classes is {@code classNames.size()} and every
     * label must lie in {@code [0, classes)}.
     *
     * @param featureNames one name per column, or empty when the source has none
     */
    public static Dataset classification(String name, float[] features, int rows, int cols,
                                         List<String> featureNames, int[] labels,
                                         List<String> classNames) {
        Objects.requireNonNull(labels, "labels");
        if (labels.length != rows) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels for " + rows + " rows");
        }
        int classes = classNames.size();
        for (int r = 0; r < rows; r++) {
            if (labels[r] < 0 || labels[r] >= classes) {
                throw new IllegalArgumentException(name + ": label " + labels[r] + " of row " + r
                        + " outside [0, " + classes + ")");
            }
        }
        return new Dataset(name, features, rows, cols, featureNames, labels, classNames, null, 0);
    }

    /**
     * A regression dataset with {@code targetDim} targets per row, row-major like the features.
     *
     * @param featureNames one name per column, or empty when the source has none
     */
    public static Dataset regression(String name, float[] features, int rows, int cols,
                                     List<String> featureNames, float[] targets, int targetDim) {
        Objects.requireNonNull(targets, "targets");
        if (targetDim < 1 || (long) rows * targetDim != targets.length) {
            throw new IllegalArgumentException(name + ": " + targets.length
                    + " target values do not make " + rows + " x " + targetDim);
        }
        return new Dataset(name, features, rows, cols, featureNames, null, null, targets, targetDim);
    }

    /** Where the data came from, e.g. {@code iris} or {@code iris[train]}. */
    public String name() {
        return name;
    }

    /** Number of rows (samples), n. */
    public int rows() {
        return rows;
    }

    /** Number of feature columns, d. */
    public int cols() {
        return cols;
    }

    /** The row-major {@code rows x cols} features; shared, see the class comment. */
    public float[] features() {
        return features;
    }

    /** One value; for bulk access use {@link #features()}. */
    public float feature(int row, int col) {
        Objects.checkIndex(row, rows);
        Objects.checkIndex(col, cols);
        return features[row * cols + col];
    }

    /** A copy of one row's features. */
    public float[] row(int row) {
        Objects.checkIndex(row, rows);
        return Arrays.copyOfRange(features, row * cols, (row + 1) * cols);
    }

    /** Column names from the source's header, or an empty list when it had none. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** True for class labels ({@link #labels()}), false for regression targets ({@link #targets()}). */
    public boolean isClassification() {
        return labels != null;
    }

    /**
     * The class index of every row, each in {@code [0, classes())}; shared, see the class
     * comment.
     *
     * @throws IllegalStateException for a regression dataset
     */
    public int[] labels() {
        requireClassification();
        return labels;
    }

    /** The class index of one row. */
    public int label(int row) {
        requireClassification();
        return labels[row];
    }

    /** Number of classes, k; labels lie in {@code [0, k)}. */
    public int classes() {
        requireClassification();
        return classNames.size();
    }

    /** The original name of each class index (e.g. {@code "setosa"} or {@code "7"}). */
    public List<String> classNames() {
        requireClassification();
        return classNames;
    }

    /** How many rows carry each class index. */
    public int[] classCounts() {
        requireClassification();
        int[] counts = new int[classNames.size()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /**
     * The row-major {@code rows x targetDim} regression targets; shared, see the class comment.
     *
     * @throws IllegalStateException for a classification dataset
     */
    public float[] targets() {
        requireRegression();
        return targets;
    }

    /** Number of regression targets per row. */
    public int targetDim() {
        requireRegression();
        return targetDim;
    }

    /**
     * A new dataset of the given rows, in the given order (repeats allowed), named
     * {@code name}. Class names are kept even for classes absent from the subset, so label
     * indices mean the same thing in every split.
     */
    public Dataset subset(int[] rowIndices, String name) {
        int n = rowIndices.length;
        float[] subFeatures = new float[Math.multiplyExact(n, cols)];
        for (int i = 0; i < n; i++) {
            int r = Objects.checkIndex(rowIndices[i], rows);
            System.arraycopy(features, r * cols, subFeatures, i * cols, cols);
        }
        if (isClassification()) {
            int[] subLabels = new int[n];
            for (int i = 0; i < n; i++) {
                subLabels[i] = labels[rowIndices[i]];
            }
            return new Dataset(name, subFeatures, n, cols, featureNames, subLabels, classNames, null, 0);
        }
        float[] subTargets = new float[Math.multiplyExact(n, targetDim)];
        for (int i = 0; i < n; i++) {
            System.arraycopy(targets, rowIndices[i] * targetDim, subTargets, i * targetDim, targetDim);
        }
        return new Dataset(name, subFeatures, n, cols, featureNames, null, null, subTargets, targetDim);
    }

    /** {@link #subset(int[], String)} keeping this dataset's name. */
    public Dataset subset(int[] rowIndices) {
        return subset(rowIndices, name);
    }

    /** The same data under another name. */
    public Dataset withName(String newName) {
        return new Dataset(newName, features, rows, cols, featureNames, labels, classNames, targets, targetDim);
    }

    /** The same labels or targets with other features of the same shape (takes ownership). */
    Dataset withFeatures(float[] newFeatures) {
        return new Dataset(name, newFeatures, rows, cols, featureNames, labels, classNames, targets, targetDim);
    }

    private void requireClassification() {
        if (labels == null) {
            throw new IllegalStateException(name + " is a regression dataset; it has targets, not labels");
        }
    }

    private void requireRegression() {
        if (targets == null) {
            throw new IllegalStateException(name + " is a classification dataset; it has labels, not targets");
        }
    }

    /** Shape and task, e.g. {@code iris: 150 x 4, 3 classes}. */
    @Override
    public String toString() {
        String task = isClassification()
                ? classNames.size() + " classes"
                : "regression, " + targetDim + (targetDim == 1 ? " target" : " targets");
        return name + ": " + rows + " x " + cols + ", " + task;
    }
}
