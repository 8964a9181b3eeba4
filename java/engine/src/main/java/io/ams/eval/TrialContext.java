package io.ams.eval;

import io.ams.core.AtomicFiles;
import io.ams.core.Metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What an objective knows of the trial it evaluates: its id, a seed of its own (derived from
 * the study's seed and the trial id, so a re-run is the same run; a continued trial has its
 * parent's seed), how many BLAS threads it may use, and a place to report intermediate values
 * (its learning curve), which the store keeps with the trial.
 *
 * <p>Multi-fidelity: {@link #fidelity()} is the budget the trial is to train with (for example
 * epochs; 0 = the objective's own full budget); {@link #maxFidelity()} the largest fidelity the
 * strategy will ask for (0 when unknown), for schedules that must span every rung alike;
 * {@link #resumeFrom()} the checkpoint of the earlier trial this one continues, and
 * {@link #checkpoint()} where this trial may save its own state for trials that continue it.
 * A trial that continues from {@link #resumeFrom()} has its parent's curve as the start of its
 * own: the first {@link #report} after that is the step after the parent's last.
 *
 * <p>Measurements: {@link #metric(String, double)} records a named number besides the value the
 * objective returns (the MLP objective records its network's params, flops, latency_ms and
 * train_seconds); the store keeps them with the trial, {@code ams show} and {@code ams export}
 * print them.
 *
 * <p>Pruning: after reporting a value, an objective may ask {@link #shouldPrune()}; on true it
 * throws {@link TrialPruned} (or returns), and the study records the trial as PRUNED.
 */
public final class TrialContext {
    private final long trialId;
    private final long seed;
    private final int threads;
    private final double fidelity;
    private final double maxFidelity;
    private final Path resumeFrom;
    private final double[] parentCurve;
    private final Path checkpoint;
    private final Predicate<double[]> pruner;
    private final List<Double> curve = new ArrayList<>();
    private final Map<String, Double> metrics = new TreeMap<>();
    private boolean continued;
    private String ranOn;
    private volatile boolean pruned;
    private volatile boolean cancelled;
    /** Guards {@link #cancelled}'s change and the hooks, so that a hook added during cancel() still runs. */
    private final List<Runnable> cancelHooks = new ArrayList<>();

    /** A single-fidelity trial without a pruner or a checkpoint location. */
    public TrialContext(long trialId, long seed, int threads) {
        this(trialId, seed, threads, 0, 0, null, null, null, null);
    }

    /**
     * A trial at {@code fidelity} (0 = full), continuing from {@code resumeFrom} (null = from
     * scratch; {@code parentCurve} is the parent's curve, may be null), saving its state at
     * {@code checkpoint} (null = nowhere), asking {@code pruner} (null = never prune) whether
     * the curve so far should stop.
     */
    public TrialContext(long trialId, long seed, int threads, double fidelity, double maxFidelity, Path resumeFrom,
                        double[] parentCurve, Path checkpoint, Predicate<double[]> pruner) {
        if (!(fidelity >= 0) || Double.isInfinite(fidelity)) throw new IllegalArgumentException("fidelity must be finite and >= 0, got " + fidelity);
        this.trialId = trialId;
        this.seed = seed;
        this.threads = threads;
        this.fidelity = fidelity;
        this.maxFidelity = maxFidelity;
        this.resumeFrom = resumeFrom;
        this.parentCurve = parentCurve == null ? new double[0] : parentCurve.clone();
        this.checkpoint = checkpoint;
        this.pruner = pruner;
    }

    public long trialId() { return trialId; }
    public long seed() { return seed; }
    public int threads() { return threads; }
    /** The budget to train with (e.g. epochs); 0 = the objective's own full budget. */
    public double fidelity() { return fidelity; }
    /** The largest fidelity the strategy asks for; 0 when the study is not multi-fidelity. */
    public double maxFidelity() { return maxFidelity; }

    /**
     * The checkpoint of the trial this one continues, when there is one and it exists; the
     * objective restores it and trains only the remaining budget. Once this has returned a
     * checkpoint, the trial's curve starts with the parent's.
     */
    public synchronized Optional<Path> resumeFrom() {
        if (resumeFrom == null || !Files.isRegularFile(resumeFrom)) return Optional.empty();
        if (!continued) {
            continued = true;
            List<Double> own = new ArrayList<>(curve);
            curve.clear();
            for (double v : parentCurve) curve.add(v);
            curve.addAll(own);
        }
        return Optional.of(resumeFrom);
    }

    /** Whether there is a parent checkpoint to continue (what {@link #resumeFrom()} would give, without taking it). */
    public synchronized boolean continuesParent() {
        return resumeFrom != null && Files.isRegularFile(resumeFrom);
    }

    /** Where this trial may save its state (its directory is created on demand). */
    public Path checkpoint() {
        if (checkpoint == null) throw new IllegalStateException("trial " + trialId + " has no checkpoint location (not run by a study)");
        try {
            AtomicFiles.privateDirectories(checkpoint.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the checkpoint directory of " + checkpoint + ": " + e.getMessage(), e);
        }
        return checkpoint;
    }

    /** True when the study gives this trial somewhere to save its state. */
    public boolean hasCheckpoint() {
        return checkpoint != null;
    }

    /** Records an intermediate value (for example the validation metric after an epoch). */
    public synchronized void report(double value) {
        curve.add(value);
    }

    public synchronized double[] curve() {
        return curve.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Records a measurement of this trial under {@code name} (lower-case letters, digits and _,
     * starting with a letter), replacing an earlier one of that name.
     *
     * @throws IllegalArgumentException for a name outside that pattern or a value that is not finite
     */
    public synchronized void metric(String name, double value) {
        metrics.putAll(Metrics.checked(Map.of(name, value)));
    }

    /**
     * Records what the trial reported where it ran, for an evaluator that ran it elsewhere: each
     * of {@code reported} as {@link #report}, each of {@code measured} as {@link #metric}, and
     * {@code ranOn}, the process that ran it (a cluster worker's {@code host:port}), which the
     * store keeps with the trial as its {@code worker} attribute.
     */
    public synchronized void record(double[] reported, Map<String, Double> measured, String ranOn) {
        for (double v : reported) curve.add(v);
        metrics.putAll(Metrics.checked(measured));
        this.ranOn = Objects.requireNonNull(ranOn, "ranOn");
    }

    /** The process that ran the trial when it ran elsewhere ({@link #record}), else null: this one. */
    public synchronized String ranOn() {
        return ranOn;
    }

    /** The measurements recorded so far, by name. */
    public synchronized Map<String, Double> metrics() {
        return Map.copyOf(metrics);
    }

    /**
     * Whether the study's pruner would stop this trial given its curve so far; once true, the
     * trial counts as pruned even if the objective returns normally.
     */
    public boolean shouldPrune() {
        if (pruner == null) return false;
        if (pruner.test(curve())) pruned = true;
        return pruned;
    }

    /** True once {@link #shouldPrune()} has answered true. */
    public boolean pruned() {
        return pruned;
    }

    /**
     * True once the study has given up on this trial (its timeout, the end of the time budget):
     * long objectives should return. (Also true on an interrupted trial thread.)
     */
    public boolean cancelled() {
        return cancelled || Thread.currentThread().isInterrupted();
    }

    /**
     * Runs {@code hook} when the trial is cancelled (at once when it already is), on the
     * cancelling thread: for work that does not look at {@link #cancelled()} itself, such as a
     * native training ({@code network::cancel}), which then stops within a mini-batch instead
     * of running on after the study has given up on it.
     */
    public void onCancel(Runnable hook) {
        synchronized (cancelHooks) {
            if (!cancelled) {
                cancelHooks.add(hook);
                return;
            }
        }
        hook.run();
    }

    /** Gives up on the trial: {@link #cancelled()} turns true and the {@link #onCancel} hooks run. Idempotent. */
    public void cancel() {
        List<Runnable> hooks;
        synchronized (cancelHooks) {
            if (cancelled) return;
            cancelled = true;
            hooks = List.copyOf(cancelHooks);
            cancelHooks.clear();
        }
        hooks.forEach(Runnable::run);
    }
}
