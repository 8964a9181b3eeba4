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
 * Raw JavaCPP binding of {@code native/include/ams/nn.h}. The only class (with its package)
 * that touches native pointers; everything else goes through {@code io.ams.nn} and
 * {@code io.ams.data}, which check arguments before calling here.
 */
// The OpenBLAS that libamskernels.so links with (by soname) is the preset's full
// libopenblas.so.0 (BLAS and LAPACK), preloaded with the GCC runtime it needs from the preset
// jar's org/bytedeco/openblas/<platform>/. Its files only, never the preset's classes: loading
// org.bytedeco.openblas.global.openblas initialises openblas_nolapack first, which extracts
// libopenblas.so.0 a second time as libopenblas_nolapack.so.0 and maps that copy too.
// The same preloads as GpNative.
@Platform(include = "ams/nn.h", link = "amskernels",
        preload = {"gcc_s@.1", "quadmath@.0", "gfortran@.5", "openblas@.0"},
        preloadresource = "/org/bytedeco/openblas/")
public final class NnNative {
    static {
        NativeCache.configure(); // before JavaCPP picks its cache folder
        Loader.load();
    }

    private NnNative() {}

    /** Forces loading of the native libraries (a no-op after the first call). */
    public static void load() {}

    @Opaque @Name("ams_data")
    public static final class DataHandle extends Pointer {
        public DataHandle() { super((Pointer) null); }
        public DataHandle(Pointer p) { super(p); }
    }

    @Opaque @Name("ams_mlp")
    public static final class MlpHandle extends Pointer {
        public MlpHandle() { super((Pointer) null); }
        public MlpHandle(Pointer p) { super(p); }
    }

    public static final int ACT_IDENTITY = 0, ACT_RELU = 1, ACT_LEAKY_RELU = 2, ACT_TANH = 3,
            ACT_SIGMOID = 4, ACT_GELU = 5;
    public static final int LOSS_SOFTMAX_CE = 0, LOSS_MSE = 1;
    public static final int INIT_HE = 0, INIT_XAVIER = 1;
    public static final int OPT_SGD = 0, OPT_MOMENTUM = 1, OPT_NESTEROV = 2, OPT_ADAM = 3,
            OPT_ADAMW = 4, OPT_RMSPROP = 5, OPT_ADAGRAD = 6;
    public static final int SCHED_CONSTANT = 0, SCHED_STEP = 1, SCHED_COSINE = 2;
    public static final int PRUNE_WEIGHTS = 0, PRUNE_NEURONS = 1;
    /** ams_mlp_train_epoch's return code when ams_mlp_cancel stopped it. */
    public static final int CANCELLED = -7;

    public static native @Cast("const char*") BytePointer ams_last_error();
    public static native @Cast("const char*") BytePointer ams_blas_config();

    public static native DataHandle ams_data_create(@Const float[] x, @Cast("int64_t") long n, int d,
            @Cast("const int32_t*") int[] labels, int classes, @Const float[] targets, int targetDim);
    public static native void ams_data_free(DataHandle data);
    public static native @Cast("int64_t") long ams_data_rows(@Const DataHandle data);
    public static native int ams_data_cols(@Const DataHandle data);

    public static native MlpHandle ams_mlp_create(int nSizes, @Cast("const int32_t*") int[] sizes,
            @Cast("const int32_t*") int[] activation, @Const float[] dropout,
            @Cast("const int32_t*") int[] batchnorm, float leakySlope, int loss, int init,
            @Cast("uint64_t") long seed);
    public static native void ams_mlp_free(MlpHandle mlp);
    public static native int ams_mlp_set_optimizer(MlpHandle mlp, int kind, float lr, float momentum,
            float beta1, float beta2, float eps, float weightDecay, float clipNorm);
    public static native int ams_mlp_retune(MlpHandle mlp, int kind, float lr, float momentum,
            float beta1, float beta2, float eps, float weightDecay, float clipNorm);
    public static native int ams_mlp_set_schedule(MlpHandle mlp, int kind, @Cast("int64_t") long stepSize,
            float gamma, @Cast("int64_t") long warmupSteps, @Cast("int64_t") long totalSteps, float minLr);
    public static native int ams_mlp_train_epoch(MlpHandle mlp, @Const DataHandle data, int batchSize,
            int threads, double[] meanLoss);
    public static native void ams_mlp_cancel(MlpHandle mlp);
    public static native @Cast("int64_t") long ams_mlp_active_trainings();
    public static native int ams_mlp_evaluate(@Const MlpHandle mlp, @Const DataHandle data, int threads,
            double[] loss, double[] metric);
    public static native int ams_mlp_predict(@Const MlpHandle mlp, @Const DataHandle data, int threads, float[] out);
    public static native int ams_mlp_loss_grad(MlpHandle mlp, @Const DataHandle data, @Cast("int64_t") long rows,
            double[] loss, float[] grad);
    public static native @Cast("int64_t") long ams_mlp_param_count(@Const MlpHandle mlp);
    public static native @Cast("int64_t") long ams_mlp_nonzero_weights(@Const MlpHandle mlp);
    public static native @Cast("int64_t") long ams_mlp_weight_count(@Const MlpHandle mlp);
    public static native @Cast("int64_t") long ams_mlp_flops_per_sample(@Const MlpHandle mlp);
    public static native int ams_mlp_get_params(@Const MlpHandle mlp, float[] out);
    public static native int ams_mlp_set_params(MlpHandle mlp, @Const float[] in);
    public static native @Cast("int64_t") long ams_mlp_step(@Const MlpHandle mlp);
    public static native @Cast("int64_t") long ams_mlp_state_size(@Const MlpHandle mlp);
    public static native int ams_mlp_save(@Const MlpHandle mlp, @Cast("void*") byte[] buf, @Cast("int64_t") long len);
    public static native int ams_mlp_restore(MlpHandle mlp, @Cast("const void*") byte[] buf, @Cast("int64_t") long len);
    public static native int ams_mlp_prune(MlpHandle mlp, int mode, float sparsity);

    /** The last native error on this thread, or "" when none. */
    public static String lastError() {
        BytePointer p = ams_last_error();
        return p == null || p.isNull() ? "" : p.getString();
    }
}
