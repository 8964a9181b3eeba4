package io.ams.surrogate;

/**
 * Stationary ARD covariance functions of {@link GaussianProcess}. Both take one lengthscale
 * per dimension; on categorical dimensions the squared difference is replaced by
 * {@code (a != b ? 1 : 0)} (a Hamming-type kernel).
 */
public enum Kernel {
    /** Matérn 5/2: {@code s2 (1 + sqrt5 r + 5/3 r^2) exp(-sqrt5 r)}. */
    MATERN52(0),
    /** Squared exponential: {@code s2 exp(-r^2 / 2)}. */
    SQUARED_EXPONENTIAL(1);

    /** The AMS_GP_* value of native/include/ams/gp.h. */
    final int code;

    Kernel(int code) {
        this.code = code;
    }
}
