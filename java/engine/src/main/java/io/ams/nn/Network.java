package io.ams.nn;

import io.ams.natives.NnNative;
import io.ams.natives.NnNative.MlpHandle;

/**
 * A native MLP with its training state (weights, optimizer moments, schedule position, RNG,
 * batch-norm statistics, pruning masks). The calls are coarse: an epoch, an evaluation, a
 * checkpoint, a pruning step. One thread at a time per network (but {@link #cancel()} from
 * any); many networks may train side by side, each with its own BLAS thread count. Close it to
 * free native memory.
 */
public final class Network implements AutoCloseable {
    private MlpHandle handle;
    private final MlpSpec spec;
    private final int inputWidth;
    private final int outputWidth;
    private final Loss loss;

    private Network(MlpHandle handle, MlpSpec spec, int inputWidth, int outputWidth, Loss loss) {
        this.handle = handle;
        this.spec = spec;
        this.inputWidth = inputWidth;
        this.outputWidth = outputWidth;
        this.loss = loss;
    }

    /** A freshly initialised network for data of the given widths; the seed drives init, shuffling and dropout. */
    public static Network create(MlpSpec spec, int inputWidth, int outputWidth, Loss loss, long seed) {
        if (inputWidth < 1) throw new IllegalArgumentException("input width must be >= 1, got " + inputWidth);
        if (outputWidth < 1) throw new IllegalArgumentException("output width must be >= 1, got " + outputWidth);
        if (loss == Loss.SOFTMAX_CROSS_ENTROPY && outputWidth < 2) {
            throw new IllegalArgumentException("classification needs >= 2 classes, got " + outputWidth);
        }
        int n = spec.hidden().size();
        int[] sizes = new int[n + 2];
        int[] activation = new int[n];
        float[] dropout = new float[n];
        int[] batchNorm = new int[n];
        sizes[0] = inputWidth;
        for (int i = 0; i < n; i++) {
            Layer layer = spec.hidden().get(i);
            sizes[i + 1] = layer.units();
            activation[i] = layer.activation().code;
            dropout[i] = (float) layer.dropout();
            batchNorm[i] = layer.batchNorm() ? 1 : 0;
        }
        sizes[n + 1] = outputWidth;
        NnNative.load();
        MlpHandle h = NnNative.ams_mlp_create(sizes.length, sizes, activation, dropout, batchNorm,
                (float) spec.leakySlope(), loss.code, spec.init().code, seed);
        if (h == null || h.isNull()) throw new IllegalArgumentException("network rejected: " + NnNative.lastError());
        return new Network(h, spec, inputWidth, outputWidth, loss);
    }

    /** A network shaped for the data: its width in, its classes (or target width) out, the matching loss. */
    public static Network forData(MlpSpec spec, NativeData data, long seed) {
        return create(spec, data.cols(), data.outputWidth(),
                data.isClassification() ? Loss.SOFTMAX_CROSS_ENTROPY : Loss.MSE, seed);
    }

    /**
     * Sets the optimizer and the schedule. Epoch-based schedule settings become step counts
     * with {@code stepsPerEpoch}; cosine annealing ends after {@code totalEpochs}.
     */
    public void configure(Optimizer o, Schedule s, long stepsPerEpoch, int totalEpochs) {
        if (stepsPerEpoch < 1) throw new IllegalArgumentException("steps per epoch must be >= 1, got " + stepsPerEpoch);
        if (totalEpochs < 1) throw new IllegalArgumentException("total epochs must be >= 1, got " + totalEpochs);
        check(NnNative.ams_mlp_set_optimizer(handle(), o.kind().code, (float) o.lr(), (float) o.momentum(),
                (float) o.beta1(), (float) o.beta2(), (float) o.eps(), (float) o.weightDecay(), (float) o.clipNorm()),
                "set optimizer");
        schedule(o, s, stepsPerEpoch, totalEpochs);
    }

    /**
     * Like {@link #configure}, but keeps the training state: the optimizer's moments and step
     * count and the schedule's position stay, only the settings change (the learning rate,
     * momentum, weight decay, clipping, the schedule's parameters), from the next step on. The
     * optimizer kind must be the one the network trains with. A network restored from a
     * checkpoint continues under new hyperparameters this way (population-based training).
     */
    public void retune(Optimizer o, Schedule s, long stepsPerEpoch, int totalEpochs) {
        if (stepsPerEpoch < 1) throw new IllegalArgumentException("steps per epoch must be >= 1, got " + stepsPerEpoch);
        if (totalEpochs < 1) throw new IllegalArgumentException("total epochs must be >= 1, got " + totalEpochs);
        check(NnNative.ams_mlp_retune(handle(), o.kind().code, (float) o.lr(), (float) o.momentum(),
                (float) o.beta1(), (float) o.beta2(), (float) o.eps(), (float) o.weightDecay(), (float) o.clipNorm()),
                "retune optimizer");
        schedule(o, s, stepsPerEpoch, totalEpochs);
    }

    private void schedule(Optimizer o, Schedule s, long stepsPerEpoch, int totalEpochs) {
        long totalSteps = totalEpochs * stepsPerEpoch;
        // A warm-up as long as the run (a searched warm-up can be) ends a step before it, so
        // that the schedule still reaches its full rate once.
        long warmupSteps = Math.min(Math.round(s.warmupEpochs() * stepsPerEpoch), totalSteps - 1);
        check(NnNative.ams_mlp_set_schedule(handle(), s.kind().code, Math.max(1, s.stepEpochs()) * stepsPerEpoch,
                (float) s.gamma(), warmupSteps, totalSteps, (float) (s.minLrFraction() * o.lr())), "set schedule");
    }

    /** Number of optimizer steps an epoch over {@code rows} samples takes at this batch size. */
    public static long stepsPerEpoch(long rows, int batchSize) {
        return (rows + batchSize - 1) / batchSize;
    }

    /** One epoch in a seeded shuffled order; returns the mean training loss. */
    public double trainEpoch(NativeData data, int batchSize, int threads) {
        checkData(data);
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        checkThreads(threads);
        double[] loss = new double[1];
        int rc = NnNative.ams_mlp_train_epoch(handle(), data.handle(), batchSize, threads, loss);
        if (rc == NnNative.CANCELLED) throw new TrainingCancelledException("training cancelled");
        check(rc, "train epoch");
        return loss[0];
    }

    /**
     * Stops this network's training from any thread: the epoch in progress ends before its next
     * mini-batch with {@link TrainingCancelledException}, and so does every later epoch (the
     * network is then only fit to be closed). A no-op on a closed network. Synchronized with
     * {@link #close()}, so that it never touches freed memory.
     */
    public synchronized void cancel() {
        if (handle != null) NnNative.ams_mlp_cancel(handle);
    }

    /** Native epochs in progress in this JVM, all networks together (0 once every training has returned). */
    public static long activeTrainings() {
        NnNative.load();
        return NnNative.ams_mlp_active_trainings();
    }

    public Evaluation evaluate(NativeData data, int threads) {
        checkData(data);
        checkThreads(threads);
        double[] loss = new double[1];
        double[] metric = new double[1];
        check(NnNative.ams_mlp_evaluate(handle(), data.handle(), threads, loss, metric), "evaluate");
        return new Evaluation(loss[0], metric[0]);
    }

    /** Outputs (logits, or regression values) row-major, rows x output width. */
    public float[] predict(NativeData data, int threads) {
        checkData(data);
        checkThreads(threads);
        long size = data.rows() * outputWidth;
        if (size > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("prediction of " + size + " values does not fit a Java array");
        float[] out = new float[(int) size];
        check(NnNative.ams_mlp_predict(handle(), data.handle(), threads, out), "predict");
        return out;
    }

    /**
     * Loss and exact gradient on the first {@code rows} rows, training mode without dropout,
     * nothing updated; the gradient is in {@link #parameters()} order. For gradient checks.
     */
    public double lossAndGradient(NativeData data, long rows, float[] gradient) {
        checkData(data);
        if (rows < 1 || rows > data.rows()) throw new IllegalArgumentException("rows must be in [1, " + data.rows() + "], got " + rows);
        if (gradient.length != parameterCount()) throw new IllegalArgumentException("gradient array has " + gradient.length + " entries, network has " + parameterCount());
        double[] loss = new double[1];
        check(NnNative.ams_mlp_loss_grad(handle(), data.handle(), rows, loss, gradient), "loss and gradient");
        return loss[0];
    }

    /** All parameters: per layer W (in x out, row-major), b, then batch-norm gamma and beta if present. */
    public float[] parameters() {
        float[] p = new float[Math.toIntExact(parameterCount())];
        check(NnNative.ams_mlp_get_params(handle(), p), "get parameters");
        return p;
    }

    public void setParameters(float[] p) {
        if (p.length != parameterCount()) throw new IllegalArgumentException("expected " + parameterCount() + " parameters, got " + p.length);
        check(NnNative.ams_mlp_set_params(handle(), p), "set parameters");
    }

    public long parameterCount() { return NnNative.ams_mlp_param_count(handle()); }
    public long weightCount() { return NnNative.ams_mlp_weight_count(handle()); }
    public long nonzeroWeights() { return NnNative.ams_mlp_nonzero_weights(handle()); }
    /** FLOPs of one sample's forward pass: 2 per weight (the multiply-adds of every layer's GEMM). */
    public long flopsPerSample() { return NnNative.ams_mlp_flops_per_sample(handle()); }

    /**
     * FLOPs of one training sample in the GEMMs the kernels run: the forward pass and the weight
     * gradients of every layer, and the input gradients of every layer but the first (nothing
     * needs the gradient with respect to the data), so a little over twice the forward pass, not
     * three times. The optimizer's update (a few flops per parameter per batch, depending on the
     * optimizer) and the element-wise passes are not counted.
     */
    public long trainFlopsPerSample() {
        int firstLayerOut = spec.hidden().isEmpty() ? outputWidth : spec.hidden().get(0).units();
        return 3 * flopsPerSample() - 2L * inputWidth * firstLayerOut;
    }

    /**
     * What serving one request costs: the median time, in milliseconds, of a forward pass of
     * {@code oneRow}'s single sample (batch 1, one thread, through the same JNI call a Java
     * caller makes), over {@code repeats} passes after a tenth as many to warm up.
     */
    public double latencyMillis(NativeData oneRow, int repeats) {
        if (repeats < 1) throw new IllegalArgumentException("repeats must be >= 1, got " + repeats);
        if (oneRow.rows() != 1) throw new IllegalArgumentException("latency is timed on one row, got " + oneRow.rows());
        checkData(oneRow);
        float[] out = new float[outputWidth];
        for (int i = 0; i < repeats / 10 + 1; i++) {
            check(NnNative.ams_mlp_predict(handle(), oneRow.handle(), 1, out), "predict");
        }
        long[] nanos = new long[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            check(NnNative.ams_mlp_predict(handle(), oneRow.handle(), 1, out), "predict");
            nanos[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(nanos);
        double median = repeats % 2 == 1 ? nanos[repeats / 2] : (nanos[repeats / 2 - 1] + nanos[repeats / 2]) / 2.0;
        return median / 1e6;
    }
    public long steps() { return NnNative.ams_mlp_step(handle()); }
    public MlpSpec spec() { return spec; }
    public int inputWidth() { return inputWidth; }
    public int outputWidth() { return outputWidth; }
    public Loss loss() { return loss; }

    /** The complete training state; {@link #restore} into a network of the same shape continues bit for bit. */
    public byte[] save() {
        long size = NnNative.ams_mlp_state_size(handle());
        if (size <= 0) throw new IllegalStateException("checkpoint size unavailable: " + NnNative.lastError());
        byte[] buf = new byte[Math.toIntExact(size)];
        check(NnNative.ams_mlp_save(handle(), buf, buf.length), "save checkpoint");
        return buf;
    }

    /** Restores a {@link #save} of a network of the same shape; a foreign or truncated one is rejected. */
    public void restore(byte[] checkpoint) {
        if (checkpoint == null || checkpoint.length == 0) throw new IllegalArgumentException("checkpoint is empty");
        check(NnNative.ams_mlp_restore(handle(), checkpoint, checkpoint.length), "restore checkpoint");
    }

    /** Magnitude pruning to the sparsity (weights per layer, or hidden neurons per layer); pruned stay zero. */
    public void prune(Pruning.Mode mode, double sparsity) {
        if (!(sparsity >= 0 && sparsity < 1)) throw new IllegalArgumentException("sparsity must be in [0, 1), got " + sparsity);
        int code = mode == Pruning.Mode.WEIGHTS ? NnNative.PRUNE_WEIGHTS : NnNative.PRUNE_NEURONS;
        check(NnNative.ams_mlp_prune(handle(), code, (float) sparsity), "prune");
    }

    @Override
    public synchronized void close() {
        if (handle != null) {
            NnNative.ams_mlp_free(handle);
            handle = null;
        }
    }

    private MlpHandle handle() {
        if (handle == null) throw new IllegalStateException("network is closed");
        return handle;
    }

    private void checkData(NativeData data) {
        if (data.cols() != inputWidth) {
            throw new IllegalArgumentException("dataset '" + data.name() + "' has " + data.cols() + " features, network expects " + inputWidth);
        }
        if (data.outputWidth() != outputWidth || data.isClassification() != (loss == Loss.SOFTMAX_CROSS_ENTROPY)) {
            throw new IllegalArgumentException("dataset '" + data.name() + "' has "
                    + (data.isClassification() ? data.classes() + " classes" : data.outputWidth() + " regression targets")
                    + ", network outputs " + outputWidth + (loss == Loss.MSE ? " regression values" : " classes"));
        }
    }

    private static void checkThreads(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }

    private static void check(int rc, String what) {
        if (rc != 0) throw new IllegalStateException(what + " failed: " + NnNative.lastError());
    }
}
