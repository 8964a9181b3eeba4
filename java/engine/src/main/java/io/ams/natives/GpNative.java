package io.ams.natives;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Opaque;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * Raw JavaCPP binding of {@code native/include/ams/gp.h} (float64 Gaussian-process kernels).
 * Everything else goes through {@code io.ams.surrogate}, which checks arguments first.
 * Arrays are copied across the boundary on each call.
 */
// The OpenBLAS that libamskernels.so links with (by soname) is the preset's full
// libopenblas.so.0 (BLAS and LAPACK), preloaded with the GCC runtime it needs from the preset
// jar's org/bytedeco/openblas/<platform>/. Its files only, never the preset's classes: loading
// org.bytedeco.openblas.global.openblas initialises openblas_nolapack first, which extracts
// libopenblas.so.0 a second time as libopenblas_nolapack.so.0 and maps that copy too.
// The same preloads as NnNative.
@Platform(include = "ams/gp.h", link = "amskernels",
        preload = {"gcc_s@.1", "quadmath@.0", "gfortran@.5", "openblas@.0"},
        preloadresource = "/org/bytedeco/openblas/")
public final class GpNative {
    static {
        NativeCache.configure(); // before JavaCPP picks its cache folder
        Loader.load();
    }

    private GpNative() {}

    /** Forces loading of the native libraries (a no-op after the first call). */
    public static void load() {}

    @Opaque @Name("ams_gp")
    public static final class GpHandle extends Pointer {
        public GpHandle() { super((Pointer) null); }
        public GpHandle(Pointer p) { super(p); }
    }

    public static final int MATERN52 = 0, SE = 1;
    /** Return code: kernel matrix not positive definite even after jitter escalation. */
    public static final int NOT_PD = -6;
    public static final int JITTER_RETRIES = 6;

    public static native @Cast("const char*") BytePointer ams_last_error();

    public static native int ams_gp_nll(int kernel, int n, int d, @Const double[] x, @Const double[] y,
            @Cast("const int32_t*") int[] cat, @Const double[] theta, double jitter, int threads,
            double[] nll, double[] grad, double[] jitterUsed);

    public static native GpHandle ams_gp_create(int kernel, int n, int d, @Const double[] x, @Const double[] y,
            @Cast("const int32_t*") int[] cat, @Const double[] theta, double jitter, int threads);
    public static native void ams_gp_free(GpHandle gp);
    public static native int ams_gp_predict(@Const GpHandle gp, @Cast("int64_t") long m, @Const double[] xs,
            int threads, double[] mean, double[] var);
    public static native double ams_gp_log_likelihood(@Const GpHandle gp);
    public static native double ams_gp_jitter(@Const GpHandle gp);
    public static native int ams_gp_size(@Const GpHandle gp);
    public static native int ams_gp_dims(@Const GpHandle gp);

    /** The last native error on this thread, or "" when none. */
    public static String lastError() {
        BytePointer p = ams_last_error();
        return p == null || p.isNull() ? "" : p.getString();
    }
}
