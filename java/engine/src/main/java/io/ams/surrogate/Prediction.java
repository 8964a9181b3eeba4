package io.ams.surrogate;

import java.util.Arrays;

/**
 * Posterior of the latent function at a set of points, in the caller's (raw) target units:
 * the mean and the variance of the latent function (observation noise not included).
 * Arrays are copied in and out.
 */
public record Prediction(double[] mean, double[] variance) {

    public Prediction {
        if (mean == null || variance == null) throw new IllegalArgumentException("mean and variance must not be null");
        if (mean.length != variance.length) {
            throw new IllegalArgumentException("mean has " + mean.length + " values, variance " + variance.length);
        }
        mean = mean.clone();
        variance = variance.clone();
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] variance() {
        return variance.clone();
    }

    /** Number of points. */
    public int size() {
        return mean.length;
    }

    /** Mean at point i (no copy). */
    public double mean(int i) {
        return mean[i];
    }

    /** Latent variance at point i (no copy). */
    public double variance(int i) {
        return variance[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prediction p && Arrays.equals(mean, p.mean) && Arrays.equals(variance, p.variance);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(variance);
    }

    @Override
    public String toString() {
        return "Prediction[mean=" + Arrays.toString(mean) + ", variance=" + Arrays.toString(variance) + "]";
    }
}
