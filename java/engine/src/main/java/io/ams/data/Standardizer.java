package io.ams.data;

/**
 * Per-feature standardisation {@code (x - mean) / std}, fitted on the training part only so
 * that nothing about validation or test rows leaks into training.
 *
 * <p>A feature that is constant in the training rows (std 0, e.g. an always-blank border
 * pixel) is divided by 1 instead, so it stays finite - 0 in training, the raw offset elsewhere.
 */
public final class Standardizer {
    private final double[] mean;
    private final double[] std;

    private Standardizer(double[] mean, double[] std) {
        this.mean = mean;
        this.std = std;
    }

    /** Mean and population standard deviation of each column of {@code train}. */
    public static Standardizer fit(Dataset train) {
        int n = train.rows();
        int d = train.cols();
        if (n == 0) {
            throw new IllegalArgumentException("cannot fit a standardizer on " + train.name() + ": it has no rows");
        }
        float[] x = train.features();
        // Accumulate in double: float sums over 60000 rows would lose the low digits.
        double[] sum = new double[d];
        for (int r = 0; r < n; r++) {
            int base = r * d;
            for (int c = 0; c < d; c++) {
                sum[c] += x[base + c];
            }
        }
        double[] mean = new double[d];
        for (int c = 0; c < d; c++) {
            mean[c] = sum[c] / n;
        }
        // Two passes (mean, then squared deviations) avoid the cancellation of sum(x^2) - n*mean^2.
        double[] squares = new double[d];
        for (int r = 0; r < n; r++) {
            int base = r * d;
            for (int c = 0; c < d; c++) {
                double deviation = x[base + c] - mean[c];
                squares[c] += deviation * deviation;
            }
        }
        double[] std = new double[d];
        for (int c = 0; c < d; c++) {
            double s = Math.sqrt(squares[c] / n);
            std[c] = s > 0 ? s : 1;
        }
        return new Standardizer(mean, std);
    }

    /** A new dataset with standardised features; labels or targets are shared unchanged. */
    public Dataset apply(Dataset data) {
        int d = mean.length;
        if (data.cols() != d) {
            throw new IllegalArgumentException(data.name() + " has " + data.cols()
                    + " columns; the standardizer was fitted on " + d);
        }
        float[] x = data.features();
        float[] out = new float[x.length];
        for (int base = 0; base < x.length; base += d) {
            for (int c = 0; c < d; c++) {
                out[base + c] = (float) ((x[base + c] - mean[c]) / std[c]);
            }
        }
        return data.withFeatures(out);
    }

    /** All three parts standardised, the row indices kept. */
    public Split apply(Split split) {
        return split.withData(apply(split.train()), apply(split.validation()), apply(split.test()));
    }

    /** The training mean of each feature (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** The training standard deviation of each feature, 1 where it was 0 (a copy). */
    public double[] std() {
        return std.clone();
    }
}
