package io.ams.models;

import io.ams.core.AtomicFiles;

import io.ams.eval.Objective;
import io.ams.eval.ScheduleStep;
import io.ams.eval.TrialContext;
import io.ams.eval.TrialPruned;
import io.ams.data.Datasets;
import io.ams.data.PreparedData;
import io.ams.data.ResolvedData;
import io.ams.nn.NativeData;
import io.ams.nn.Network;
import io.ams.nn.TrainConfig;
import io.ams.nn.TrainResult;
import io.ams.nn.Trainer;
import io.ams.nn.TrainingCancelledException;
import io.ams.space.Config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in objective: train an MLP with the native trainer on the training split and
 * score it on the validation split. The data is loaded, split, standardised (on the training
 * split) and copied into native memory once, and shared by every trial.
 *
 * <p>The configuration names it reads, their values and their defaults are declared in
 * {@link MlpParameters}, which also maps a configuration onto the trainer (see genomes/README.md).
 *
 * <p>Multi-fidelity: a trial's fidelity, when above 0, is its number of epochs (it overrides
 * {@code epochs}). The learning-rate schedule then spans the strategy's largest fidelity
 * ({@link TrialContext#maxFidelity()}, else {@code epochs}) at every rung, so a trial at 3
 * epochs trains the first 3 epochs of the same 27-epoch run that its promotion continues. A
 * promoted trial restores its parent's checkpoint (weights, optimizer moments, schedule
 * position, RNG) and trains only the remaining epochs: it ends bit for bit where training the
 * full count in one go ends. For that, a multi-fidelity trial has no early stopping
 * ({@code patience} is ignored) and no best-epoch restore: its value is the validation metric
 * after its last epoch. It saves its state to {@link TrialContext#checkpoint()} after
 * training; network pruning ({@code prune}) runs only at the schedule's horizon, after that
 * checkpoint. The validation metric is reported every epoch and the study's pruner asked,
 * at every fidelity and at none: a pruned trial throws {@link TrialPruned}.
 *
 * <p>Each trial that trains to its end records, besides its value ({@link TrialContext#metric}):
 * {@code params} (the weights left non-zero, after pruning), {@code flops} (FLOPs of one sample's
 * forward pass as the kernels run it: dense, 2 per weight, pruned ones included),
 * {@code latency_ms} (one prediction, batch 1, one thread, the median of
 * {@value #LATENCY_REPEATS} timed passes, once per architecture) and {@code train_seconds} (this trial's training).
 */
public final class MlpObjective implements Objective, AutoCloseable {
    /** What a trial is scored by on the validation split. */
    public enum Metric { ACCURACY, LOSS }

    /** The final pick's figures: validation (as searched) and test (touched only here). */
    public record Report(double validationMetric, double testMetric, double testLoss, TrainResult training) {}

    private final String datasetName;
    /** The split, kept to describe the task ({@link #describe()}) without holding the rows. */
    private final double validationFraction;
    private final double testFraction;
    private final long splitSeed;
    private final Metric metric;
    private final NativeData train;
    private final NativeData validation;
    private final NativeData test;
    /** The measurements every trial that trains to its end records (see the class comment). */
    public static final List<String> METRICS = List.of("params", "flops", "latency_ms", "train_seconds");

    /** One training row: the input the latency is timed on. */
    private final NativeData latencyRow;
    /** Timed passes: a few milliseconds even for the widest networks a genome allows. */
    static final int LATENCY_REPEATS = 101;
    /**
     * Latency by architecture, timed once: it depends on the layers alone (the kernels run dense
     * matrices, pruned or not), and a multi-fidelity search trains the same architecture at
     * every rung, where timing it again would add milliseconds to trials of a few dozen.
     */
    private final java.util.Map<io.ams.nn.MlpSpec, Double> latencies = new java.util.concurrent.ConcurrentHashMap<>();
    /** Evaluations and reports in progress: they read the native data that close() frees. Guarded by this. */
    private int inUse;
    /** The trials among them, cancelled by close(). Guarded by this. */
    private final Set<TrialContext> running = new HashSet<>();
    private boolean closed;

    public MlpObjective(String dataset, double validationFraction, double testFraction, long splitSeed, Metric metric) {
        ResolvedData source = Datasets.resolve(dataset);
        PreparedData data = Datasets.prepare(source, validationFraction, testFraction, splitSeed);
        this.datasetName = dataset;
        this.validationFraction = validationFraction;
        this.testFraction = testFraction;
        this.splitSeed = splitSeed;
        this.metric = metric;
        this.train = NativeData.of(data.train());
        this.validation = NativeData.of(data.validation());
        this.test = NativeData.of(data.test());
        this.latencyRow = NativeData.of(data.train().subset(new int[] {0}));
    }

    /**
     * The meta-features of the training split ({@link io.ams.data.MetaFeatures}, seed 0), for a
     * classification dataset; none for regression, which they do not describe. The split is made
     * again from the dataset rather than kept: the study holds only the native copies.
     */
    @Override
    public java.util.Optional<io.ams.meta.TaskFeatures> describe() {
        PreparedData data = Datasets.prepare(Datasets.resolve(datasetName), validationFraction, testFraction, splitSeed);
        if (!data.train().isClassification()) return java.util.Optional.empty();
        return java.util.Optional.of(io.ams.meta.TaskFeatures.of(io.ams.data.MetaFeatures.of(data.train(), 0)));
    }

    /** What the trained network costs: recorded with the trial (see the class comment). */
    private void recordCosts(Network net, TrainResult r, TrialContext context) {
        context.metric("params", net.nonzeroWeights());
        context.metric("flops", net.flopsPerSample());
        context.metric("latency_ms", latencies.computeIfAbsent(net.spec(), spec -> net.latencyMillis(latencyRow, LATENCY_REPEATS)));
        context.metric("train_seconds", r.wallSeconds());
    }

    public static Metric metric(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "accuracy", "mse" -> Metric.ACCURACY;
            case "loss" -> Metric.LOSS;
            default -> throw new IllegalArgumentException("the MLP objective reports accuracy (mse for regression) or loss, not '" + name + "'");
        };
    }

    @Override
    public double evaluate(Config config, TrialContext context) {
        acquire(context);
        try {
            return context.fidelity() > 0 ? evaluateAtFidelity(config, context) : evaluateFull(config, context);
        } finally {
            release(context);
        }
    }

    private double evaluateFull(Config config, TrialContext context) {
        TrainConfig tc = MlpParameters.trainConfig(config, context.seed(), context.threads());
        try (Network net = Network.forData(tc.network(), train, tc.seed())) {
            // A cancelled trial (timeout, end of the time budget) stops within a mini-batch.
            context.onCancel(net::cancel);
            TrainResult r = Trainer.fit(net, tc, train, validation, e -> {
                context.report(value(e));
                if (context.cancelled()) throw new TrainingCancelledException("trial " + context.trialId() + " cancelled");
                if (context.shouldPrune()) throw new TrialPruned("trial " + context.trialId() + " pruned at epoch " + e.epoch());
            });
            recordCosts(net, r, context);
            return metric == Metric.ACCURACY ? r.validation().metric() : r.validation().loss();
        }
    }

    private double evaluateAtFidelity(Config config, TrialContext context) {
        TrainConfig tc = MlpParameters.trainConfig(config, context.seed(), context.threads());
        int epochs = epochs(context.fidelity());
        int horizon = horizon(tc, epochs, context.maxFidelity());
        try (Network net = Network.forData(tc.network(), train, tc.seed())) {
            context.onCancel(net::cancel);
            Optional<Path> parent = context.resumeFrom();
            if (parent.isPresent()) {
                try {
                    net.restore(Files.readAllBytes(parent.get()));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the checkpoint " + parent.get(), e);
                }
            }
            TrainResult r = Trainer.continueTo(net, tc, train, validation, horizon, epochs, e -> {
                context.report(value(e));
                if (context.cancelled()) throw new TrainingCancelledException("trial " + context.trialId() + " cancelled");
                if (context.shouldPrune()) throw new TrialPruned("trial " + context.trialId() + " pruned at epoch " + e.epoch());
            }, () -> {
                if (context.hasCheckpoint()) save(net, context.checkpoint());
            });
            recordCosts(net, r, context);
            return metric == Metric.ACCURACY ? r.validation().metric() : r.validation().loss();
        }
    }

    private double value(io.ams.nn.EpochStats e) {
        return metric == Metric.ACCURACY ? e.validationMetric() : e.validationLoss();
    }

    /** Epochs of a fidelity: rounded, at least 1. */
    static int epochs(double fidelity) {
        return (int) Math.max(1, Math.round(fidelity));
    }

    /** The epochs the schedule spans: the strategy's largest fidelity, else the configured epochs; never before the last epoch trained. */
    static int horizon(TrainConfig tc, int epochs, double maxFidelity) {
        return Math.max(epochs, maxFidelity > 0 ? epochs(maxFidelity) : tc.epochs());
    }

    /** Written atomically (never half a checkpoint) and never through a planted link. */
    static void save(Network net, Path file) {
        try {
            AtomicFiles.write(file, net.save(), ".tmp");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint " + file, e);
        }
    }

    /**
     * The report of a multi-fidelity trial: trains the configuration from scratch to
     * {@code fidelity} epochs of a schedule spanning {@code maxFidelity} (what a promoted trial's
     * lineage trained, continued or not) and evaluates it on the test split.
     */
    public Report report(Config config, long seed, int threads, double fidelity, double maxFidelity) {
        if (!(fidelity > 0)) return report(config, seed, threads);
        acquire(null);
        try {
            return reportAtFidelity(config, seed, threads, fidelity, maxFidelity);
        } finally {
            release(null);
        }
    }

    private Report reportAtFidelity(Config config, long seed, int threads, double fidelity, double maxFidelity) {
        TrainConfig tc = MlpParameters.trainConfig(config, seed, threads);
        int epochs = epochs(fidelity);
        try (Network net = Network.forData(tc.network(), train, tc.seed())) {
            TrainResult r = Trainer.continueTo(net, tc, train, validation, horizon(tc, epochs, maxFidelity), epochs, null, null);
            var t = net.evaluate(test, threads);
            return new Report(metric == Metric.ACCURACY ? r.validation().metric() : r.validation().loss(), t.metric(), t.loss(), r);
        }
    }

    /**
     * The report of a trial trained under a hyperparameter schedule (population-based
     * training: its lineage's configurations, each up to its fidelity): trains from scratch with
     * the lineage's seed, step by step, each step under its own configuration's optimizer and
     * schedule settings (the architecture is the first's; a schedule does not change it), on
     * a learning-rate schedule spanning {@code maxFidelity}, as the search's continued trials
     * did; so its validation metric is the searched trial's. Evaluates it on the test split.
     */
    public Report report(List<ScheduleStep> schedule, long seed, int threads, double maxFidelity) {
        if (schedule.isEmpty()) throw new IllegalArgumentException("an empty schedule");
        if (schedule.size() == 1) return report(schedule.get(0).config(), seed, threads, schedule.get(0).fidelity(), maxFidelity);
        acquire(null);
        try {
            return reportSchedule(schedule, seed, threads, maxFidelity);
        } finally {
            release(null);
        }
    }

    private Report reportSchedule(List<ScheduleStep> schedule, long seed, int threads, double maxFidelity) {
        TrainConfig first = MlpParameters.trainConfig(schedule.get(0).config(), seed, threads);
        try (Network net = Network.forData(first.network(), train, first.seed())) {
            TrainResult r = null;
            for (ScheduleStep step : schedule) {
                if (!(step.fidelity() > 0)) throw new IllegalArgumentException("a schedule step needs a fidelity > 0, got " + step.fidelity());
                TrainConfig tc = MlpParameters.trainConfig(step.config(), seed, threads);
                int epochs = epochs(step.fidelity());
                r = Trainer.continueTo(net, tc, train, validation, horizon(tc, epochs, maxFidelity), epochs, null, null);
            }
            var t = net.evaluate(test, threads);
            return new Report(metric == Metric.ACCURACY ? r.validation().metric() : r.validation().loss(), t.metric(), t.loss(), r);
        }
    }

    /**
     * Trains the configuration again with the trial's seed (the trainer is deterministic, so
     * this is the very model the search scored) and evaluates it on the test split.
     */
    public Report report(Config config, long seed, int threads) {
        acquire(null);
        try {
            TrainConfig tc = MlpParameters.trainConfig(config, seed, threads);
            try (Network net = Network.forData(tc.network(), train, tc.seed())) {
                TrainResult r = Trainer.fit(net, tc, train, validation, null);
                var t = net.evaluate(test, threads);
                return new Report(metric == Metric.ACCURACY ? r.validation().metric() : r.validation().loss(), t.metric(), t.loss(), r);
            }
        } finally {
            release(null);
        }
    }

    public String dataset() {
        return datasetName;
    }

    private synchronized void acquire(TrialContext context) {
        if (closed) throw new IllegalStateException("the MLP objective on " + datasetName + " is closed");
        inUse++;
        if (context != null) running.add(context);
    }

    private synchronized void release(TrialContext context) {
        inUse--;
        if (context != null) running.remove(context);
        notifyAll();
    }

    /**
     * Cancels the trials still training, waits until every evaluation and report has returned
     * (a trial thread the study gave up on may still be inside one), then frees the native data:
     * freeing it under a running training crashed the JVM. Idempotent.
     */
    @Override
    public void close() {
        List<TrialContext> toCancel;
        synchronized (this) {
            closed = true;
            toCancel = List.copyOf(running);
        }
        toCancel.forEach(TrialContext::cancel); // outside the lock: the hooks take the networks' locks
        boolean interrupted = false;
        synchronized (this) {
            while (inUse > 0) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true; // freeing now would crash the trainings; finish waiting
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        train.close();
        validation.close();
        test.close();
        latencyRow.close();
    }
}
