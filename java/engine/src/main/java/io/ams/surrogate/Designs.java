package io.ams.surrogate;

import java.util.random.RandomGenerator;

/**
 * Space-filling initial designs in the unit cube [0, 1)^d.
 *
 * <p>{@link #sobol} uses the direction numbers of S. Joe and F. Y. Kuo, "Constructing Sobol sequences
 * with better two-dimensional projections", SIAM J. Sci. Comput. 30 (2008) 2635-2654, file
 * new-joe-kuo-6.21201 (the first {@value #SOBOL_MAX_DIMENSION} dimensions; dimension 1 is the van der
 * Corput sequence), points in Gray-code order (Antonov-Saleev), 52 bits per coordinate. Asking for
 * more dimensions throws {@link IllegalArgumentException}: there is no silent fallback.
 */
public final class Designs {
    private Designs() {}

    /** The number of dimensions the embedded direction-number table covers. */
    public static final int SOBOL_MAX_DIMENSION = 64;

    private static final int BITS = 52;
    private static final double SCALE = 0x1p-52;

    /**
     * Joe-Kuo dimensions 2..64: "s a m_1 ... m_s" (degree of the primitive polynomial, its interior
     * coefficients as an integer, initial direction integers).
     */
    private static final String[] JOE_KUO = {
            "1 0 1", "2 1 1 3", "3 1 1 3 1", "3 2 1 1 1", "4 1 1 1 3 3", "4 4 1 3 5 13", "5 2 1 1 5 5 17",
            "5 4 1 1 5 5 5", "5 7 1 1 7 11 19", "5 11 1 1 5 1 1", "5 13 1 1 1 3 11", "5 14 1 3 5 5 31",
            "6 1 1 3 3 9 7 49", "6 13 1 1 1 15 21 21", "6 16 1 3 1 13 27 49", "6 19 1 1 1 15 7 5",
            "6 22 1 3 1 15 13 25", "6 25 1 1 5 5 19 61", "7 1 1 3 7 11 23 15 103", "7 4 1 3 7 13 13 15 69",
            "7 7 1 1 3 13 7 35 63", "7 8 1 3 5 9 1 25 53", "7 14 1 3 1 13 9 35 107", "7 19 1 3 1 5 27 61 31",
            "7 21 1 1 5 11 19 41 61", "7 28 1 3 5 3 3 13 69", "7 31 1 1 7 13 1 19 1", "7 32 1 3 7 5 13 19 59",
            "7 37 1 1 3 9 25 29 41", "7 41 1 3 5 13 23 1 55", "7 42 1 3 7 3 13 59 17", "7 50 1 3 1 3 5 53 69",
            "7 55 1 1 5 5 23 33 13", "7 56 1 1 7 7 1 61 123", "7 59 1 1 7 9 13 61 49", "7 62 1 3 3 5 3 55 33",
            "8 14 1 3 1 15 31 13 49 245", "8 21 1 3 5 15 31 59 63 97", "8 22 1 3 1 11 11 11 77 249",
            "8 38 1 3 1 11 27 43 71 9", "8 47 1 1 7 15 21 11 81 45", "8 49 1 3 7 3 25 31 65 79",
            "8 50 1 3 1 1 19 11 3 205", "8 52 1 1 5 9 19 21 29 157", "8 56 1 3 7 11 1 33 89 185",
            "8 67 1 3 3 3 15 9 79 71", "8 70 1 3 7 11 15 39 119 27", "8 84 1 1 3 1 11 31 97 225",
            "8 97 1 1 1 3 23 43 57 177", "8 103 1 3 7 7 17 17 37 71", "8 115 1 3 1 5 27 63 123 213",
            "8 122 1 1 3 5 11 43 53 133", "9 8 1 3 5 5 29 17 47 173 479", "9 13 1 3 3 11 3 1 109 9 69",
            "9 16 1 1 1 5 17 39 23 5 343", "9 22 1 3 1 5 25 15 31 103 499", "9 25 1 1 1 11 11 17 63 105 183",
            "9 44 1 1 5 11 9 29 97 231 363", "9 47 1 1 5 15 19 45 41 7 383", "9 52 1 3 7 7 31 19 83 137 221",
            "9 55 1 1 1 3 23 15 111 223 83", "9 59 1 1 5 13 31 15 55 25 161", "9 62 1 1 3 13 25 47 39 87 257"
    };

    /** DIRECTIONS[j][k-1] = v_k for dimension j+1, as 52-bit integers. */
    private static final long[][] DIRECTIONS = directions();

    private static long[][] directions() {
        long[][] v = new long[SOBOL_MAX_DIMENSION][BITS];
        for (int k = 1; k <= BITS; k++) v[0][k - 1] = 1L << (BITS - k);
        for (int j = 1; j < SOBOL_MAX_DIMENSION; j++) {
            String[] f = JOE_KUO[j - 1].split(" ");
            int s = Integer.parseInt(f[0]);
            int a = Integer.parseInt(f[1]);
            long[] vj = v[j];
            for (int k = 1; k <= s; k++) vj[k - 1] = Long.parseLong(f[1 + k]) << (BITS - k);
            for (int k = s + 1; k <= BITS; k++) {
                long x = vj[k - s - 1] ^ (vj[k - s - 1] >>> s);
                for (int i = 1; i < s; i++) if (((a >>> (s - 1 - i)) & 1) != 0) x ^= vj[k - i - 1];
                vj[k - 1] = x;
            }
        }
        return v;
    }

    /**
     * A Latin hypercube: n points in [0, 1)^d with, in every dimension, exactly one point in each of
     * the n strata [i/n, (i+1)/n), at a uniformly random position within it.
     */
    public static double[][] latinHypercube(int n, int d, RandomGenerator rnd) {
        if (n < 0 || d < 0) throw new IllegalArgumentException("n and d must be >= 0, got " + n + ", " + d);
        double[][] x = new double[n][d];
        int[] perm = new int[n];
        double below1 = Math.nextDown(1.0);
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < n; i++) perm[i] = i;
            for (int i = n - 1; i > 0; i--) { // Fisher-Yates
                int k = rnd.nextInt(i + 1);
                int t = perm[i]; perm[i] = perm[k]; perm[k] = t;
            }
            for (int i = 0; i < n; i++) x[i][j] = Math.min((perm[i] + rnd.nextDouble()) / n, below1);
        }
        return x;
    }

    /**
     * Points skip, skip+1, ..., skip+n-1 of the d-dimensional Sobol sequence (point 0 is the origin;
     * skipping it, or a power of two, is common). Every block of 2^k consecutive points starting at
     * a multiple of 2^k is a (t, k, d)-net: in particular each half of [0, 1) holds exactly half of
     * them in every dimension.
     *
     * @throws IllegalArgumentException if d &gt; {@value #SOBOL_MAX_DIMENSION}
     */
    public static double[][] sobol(int n, int d, long skip) {
        return sobol(n, d, skip, new long[d]);
    }

    /**
     * The first n points of the d-dimensional Sobol sequence with a random digital shift: each
     * dimension's 52-bit coordinates are XORed with a random 52-bit integer drawn from rnd. The
     * shift keeps the net properties (stratification) and makes designs differ between seeds; the
     * origin is no longer a point.
     */
    public static double[][] sobol(int n, int d, RandomGenerator rnd) {
        long[] shift = new long[d];
        for (int j = 0; j < d; j++) shift[j] = rnd.nextLong() >>> (64 - BITS);
        return sobol(n, d, 0, shift);
    }

    private static double[][] sobol(int n, int d, long skip, long[] shift) {
        if (n < 0 || d < 0) throw new IllegalArgumentException("n and d must be >= 0, got " + n + ", " + d);
        if (d > SOBOL_MAX_DIMENSION)
            throw new IllegalArgumentException("Sobol designs go up to " + SOBOL_MAX_DIMENSION + " dimensions, asked for " + d);
        if (skip < 0 || skip + n > (1L << BITS) || skip + n < 0)
            throw new IllegalArgumentException("Sobol indices must lie in [0, 2^52), got skip " + skip + ", n " + n);
        double[][] x = new double[n][d];
        if (n == 0) return x;
        long[] cur = new long[d];
        long gray = skip ^ (skip >>> 1);
        for (int j = 0; j < d; j++) {
            long c = 0;
            for (int b = 0; b < BITS; b++) if (((gray >>> b) & 1) != 0) c ^= DIRECTIONS[j][b];
            cur[j] = c;
        }
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                int bit = Long.numberOfTrailingZeros(skip + i); // Gray code of skip+i differs from skip+i-1 here
                for (int j = 0; j < d; j++) cur[j] ^= DIRECTIONS[j][bit];
            }
            for (int j = 0; j < d; j++) x[i][j] = (cur[j] ^ shift[j]) * SCALE;
        }
        return x;
    }
}
