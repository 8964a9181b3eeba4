package io.ams.lcbench;

import io.ams.eval.Objective;
import io.ams.eval.TrialContext;
import io.ams.meta.TaskFeatures;
import io.ams.space.Config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One LCBench task as an objective: a configuration's {@code target} after as many epochs as the
 * trial's fidelity (all {@value LcBench#MAX_EPOCH} outside multi-fidelity search; a fractional
 * fidelity rounds to the nearest epoch), with the curve of every epoch reported and the other
 * five predictions recorded as measurements. A continuation reports the epochs after its
 * parent's only (its checkpoint is the epoch it reached: the surrogate has no other state).
 *
 * <p>The configuration names the seven hyperparameters of {@link LcBench#HYPERPARAMETERS}.
 */
public final class LcBenchObjective implements Objective, AutoCloseable {
    private final String task;
    private final String target;
    private final int targetColumn;
    private final LcBenchSurrogate surrogate;

    /**
     * @param task   an OpenML task id of {@link LcBench#TASKS}
     * @param target one of {@link LcBench#TARGETS}, the value each trial returns
     */
    public LcBenchObjective(String task, String target) {
        if (!LcBench.TASKS.contains(task)) {
            throw new IllegalArgumentException("unknown LCBench task '" + task + "'; the 34 tasks: " + String.join(", ", LcBench.TASKS));
        }
        LcBench.direction(target);  // checks the name
        this.task = task;
        this.target = target;
        this.targetColumn = LcBench.TARGETS.indexOf(target);
        this.surrogate = LcBenchSurrogate.open();
    }

    public String task() { return task; }
    public String target() { return target; }

    /** The epoch a fidelity asks for: 0 is all of them. */
    static int epochOf(double fidelity) {
        if (fidelity == 0) return LcBench.MAX_EPOCH;
        long epoch = Math.round(fidelity);
        if (epoch < 1 || epoch > LcBench.MAX_EPOCH) {
            throw new IllegalArgumentException("LCBench trains 1 to " + LcBench.MAX_EPOCH + " epochs; the trial asked for " + fidelity
                    + " (set the strategy's max_fidelity to at most " + LcBench.MAX_EPOCH + ")");
        }
        return (int) epoch;
    }

    /** All six predictions for {@code config} after {@code epoch} epochs. */
    public float[] predict(Config config, int epoch) {
        double[] inputs = new double[LcBench.INPUTS.size()];
        inputs[0] = epoch;
        for (int i = 1; i < inputs.length; i++) inputs[i] = config.getDouble(LcBench.INPUTS.get(i));
        return surrogate.predict(task, inputs);
    }

    @Override
    public double evaluate(Config config, TrialContext context) throws IOException {
        int epoch = epochOf(context.fidelity());
        Optional<Path> parent = context.resumeFrom();
        int from = 1;
        if (parent.isPresent()) from = Integer.parseInt(Files.readString(parent.get(), StandardCharsets.UTF_8).trim()) + 1;
        float[] last = null;
        for (int e = Math.min(from, epoch); e <= epoch; e++) {
            if (context.cancelled()) throw new java.io.InterruptedIOException("trial cancelled at epoch " + e);
            last = predict(config, e);
            if (e >= from) context.report(last[targetColumn]);
        }
        for (int i = 0; i < LcBench.TARGETS.size(); i++) {
            if (i != targetColumn) context.metric(LcBench.TARGETS.get(i), last[i]);
        }
        Path checkpoint = context.checkpoint();
        if (checkpoint != null) Files.writeString(checkpoint, Integer.toString(epoch), StandardCharsets.UTF_8);
        return last[targetColumn];
    }

    /**
     * The task described by landmarking with configurations: the target's value of each of the
     * {@link LcBench#probes()} after {@value LcBench#PROBE_EPOCH} epochs. On the surrogate this
     * costs nothing; on the real task it would be {@code probes x epochs} of training, which the
     * cost says.
     */
    @Override
    public Optional<TaskFeatures> describe() {
        List<Config> probes = LcBench.probes();
        List<String> names = new ArrayList<>();
        double[] values = new double[probes.size()];
        for (int i = 0; i < probes.size(); i++) {
            names.add("probe_" + (i + 1) + "_epoch_" + LcBench.PROBE_EPOCH);
            values[i] = predict(probes.get(i), LcBench.PROBE_EPOCH)[targetColumn];
        }
        int epochs = probes.size() * LcBench.PROBE_EPOCH;
        return Optional.of(new TaskFeatures(TaskFeatures.PROBES, names, values, String.format(Locale.ROOT,
                "%d probe configurations x %d epochs = %d epochs (%.2f of one full %d-epoch training)", probes.size(),
                LcBench.PROBE_EPOCH, epochs, epochs / (double) LcBench.MAX_EPOCH, LcBench.MAX_EPOCH)));
    }

    @Override
    public void close() {
        surrogate.close();
    }
}
