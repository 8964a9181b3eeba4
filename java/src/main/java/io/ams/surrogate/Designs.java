package io.ams.surrogate;

import java.util.random.RandomGenerator;

/** Space-filling point sets in the unit cube, for initial designs and acquisition candidates. */
public final class Designs {
    private Designs() {}

    /**
     * A Latin hypercube: n points in [0, 1)^d such that, in every dimension, each of the n
     * strata [k/n, (k+1)/n) holds exactly one point, placed uniformly within it.
     */
    public static double[][] latinHypercube(int n, int d, RandomGenerator rnd) {
        if (n < 1 || d < 1) throw new IllegalArgumentException("a design needs n >= 1 and d >= 1, got n=" + n + ", d=" + d);
        double[][] points = new double[n][d];
        int[] strata = new int[n];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < n; i++) strata[i] = i;
            for (int i = n - 1; i > 0; i--) {
                int k = rnd.nextInt(i + 1);
                int t = strata[i];
                strata[i] = strata[k];
                strata[k] = t;
            }
            for (int i = 0; i < n; i++) points[i][j] = Math.min((strata[i] + rnd.nextDouble()) / n, Math.nextDown(1.0));
        }
        return points;
    }
}
