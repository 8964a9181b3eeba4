package io.ams.surrogate;

import java.util.Objects;

/**
 * Fitting settings of {@link GaussianProcess#fit}: the kernel, how many random restarts
 * besides the given (or default) start, the L-BFGS iteration limit per start, and the BLAS
 * thread count of the native calls (1 gives bit-reproducible fits).
 */
public record GpSettings(Kernel kernel, int restarts, int maxIterations, int threads) {

    public GpSettings {
        Objects.requireNonNull(kernel, "kernel");
        if (restarts < 0) throw new IllegalArgumentException("restarts must be >= 0, got " + restarts);
        if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }

    /** Matérn 5/2, 2 restarts, 100 iterations, 1 thread. */
    public static GpSettings defaults() {
        return new GpSettings(Kernel.MATERN52, 2, 100, 1);
    }
}
