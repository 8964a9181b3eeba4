package io.ams.engine.strategies;

/**
 * The rungs of a multi-fidelity strategy: {@code max * eta^-k} for k = K .. 0, the lowest at
 * least {@code min}. With min 1, max 27 and eta 3: 1, 3, 9, 27.
 */
record Fidelities(double min, double max, int eta, double[] rungs) {
    static Fidelities of(String strategy, double min, double max, int eta) {
        if (!(min > 0) || Double.isInfinite(min)) throw new IllegalArgumentException(strategy + ": min_fidelity must be > 0, got " + min);
        if (!(max >= min) || Double.isInfinite(max)) throw new IllegalArgumentException(strategy + ": max_fidelity must be >= min_fidelity (" + min + "), got " + max);
        if (eta < 2) throw new IllegalArgumentException(strategy + ": eta must be >= 2, got " + eta);
        int k = (int) Math.floor(Math.log(max / min) / Math.log(eta) + 1e-9);
        double[] rungs = new double[k + 1];
        for (int i = 0; i <= k; i++) rungs[i] = i == k ? max : max / Math.pow(eta, k - i);
        return new Fidelities(min, max, eta, rungs);
    }

    /** The index of the top rung (Hyperband's s_max). */
    int top() {
        return rungs.length - 1;
    }
}
