package io.ams.surrogate;

import java.util.Arrays;

/**
 * Hyperparameters in standardised-target units: one lengthscale per input dimension, the
 * signal variance of the latent function and the observation-noise variance. All must be
 * finite and positive. The lengthscale array is copied in and out.
 */
public record Hyperparameters(double[] lengthscales, double signalVariance, double noiseVariance) {

    public Hyperparameters {
        if (lengthscales == null) throw new IllegalArgumentException("lengthscales is null");
        if (lengthscales.length == 0) throw new IllegalArgumentException("lengthscales is empty: need one per dimension");
        lengthscales = lengthscales.clone();
        for (int k = 0; k < lengthscales.length; k++) {
            if (!(lengthscales[k] > 0) || !Double.isFinite(lengthscales[k])) {
                throw new IllegalArgumentException("lengthscale " + k + " must be finite and > 0, got " + lengthscales[k]);
            }
        }
        if (!(signalVariance > 0) || !Double.isFinite(signalVariance)) {
            throw new IllegalArgumentException("signal variance must be finite and > 0, got " + signalVariance);
        }
        if (!(noiseVariance > 0) || !Double.isFinite(noiseVariance)) {
            throw new IllegalArgumentException("noise variance must be finite and > 0, got " + noiseVariance);
        }
    }

    @Override
    public double[] lengthscales() {
        return lengthscales.clone();
    }

    /** Number of input dimensions. */
    public int dimensions() {
        return lengthscales.length;
    }

    /** (log l_1 .. log l_d, log s2, log sn2): the native parameter vector. */
    double[] toTheta() {
        int d = lengthscales.length;
        double[] t = new double[d + 2];
        for (int k = 0; k < d; k++) t[k] = Math.log(lengthscales[k]);
        t[d] = Math.log(signalVariance);
        t[d + 1] = Math.log(noiseVariance);
        return t;
    }

    static Hyperparameters fromTheta(double[] theta) {
        int d = theta.length - 2;
        double[] l = new double[d];
        for (int k = 0; k < d; k++) l[k] = Math.exp(theta[k]);
        return new Hyperparameters(l, Math.exp(theta[d]), Math.exp(theta[d + 1]));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hyperparameters h && Arrays.equals(lengthscales, h.lengthscales)
                && Double.compare(signalVariance, h.signalVariance) == 0
                && Double.compare(noiseVariance, h.noiseVariance) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(lengthscales) + Double.hashCode(signalVariance)) + Double.hashCode(noiseVariance);
    }

    @Override
    public String toString() {
        return "Hyperparameters[lengthscales=" + Arrays.toString(lengthscales) + ", signalVariance=" + signalVariance
                + ", noiseVariance=" + noiseVariance + "]";
    }
}
