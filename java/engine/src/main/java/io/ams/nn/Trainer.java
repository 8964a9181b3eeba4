package io.ams.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Trains a network under a {@link TrainConfig}: epochs with early stopping on the validation
 * metric (the best epoch's weights are restored at the end), then optional one-shot or
 * gradual pruning with fine-tuning ({@link Pruning}). Evaluation uses the validation split
 * only; the test split is the caller's, for the final report.
 */
public final class Trainer {
    private Trainer() {}

    public static TrainResult fit(Network net, TrainConfig config, NativeData train, NativeData validation,
                                  Consumer<EpochStats> onEpoch) {
        long start = System.nanoTime();
        long stepsPerEpoch = Network.stepsPerEpoch(train.rows(), config.batchSize());
        net.configure(config.optimizer(), config.schedule(), stepsPerEpoch, config.epochs());
        boolean higherIsBetter = train.isClassification();

        List<EpochStats> curve = new ArrayList<>();
        double[] trainSeconds = {0};
        Runner runner = runner(net, config, train, validation, curve, trainSeconds, onEpoch);

        Evaluation best = null;
        int bestEpoch = 0;
        byte[] bestState = null;
        boolean stoppedEarly = false;
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            Evaluation v = runner.run(epoch, "train");
            if (best == null || better(v.metric(), best.metric(), higherIsBetter)) {
                best = v;
                bestEpoch = epoch;
                // Keep the best epoch's state (it is what the study scores), unless it is the last.
                bestState = epoch < config.epochs() ? net.save() : null;
            } else if (config.patience() > 0 && epoch - bestEpoch >= config.patience()) {
                stoppedEarly = true;
                break;
            }
        }
        if (bestState != null && bestEpoch != curve.size()) {
            net.restore(bestState);
        }

        PruningReport pruningReport = null;
        if (config.pruning() != null) {
            Pruned p = pruneAndFineTune(net, config, validation, best, curve.size(), runner);
            pruningReport = p.report();
            best = p.last();
        }

        double wall = (System.nanoTime() - start) / 1e9;
        return new TrainResult(curve, bestEpoch, best, stoppedEarly, wall,
                trainSeconds[0] > 0 ? (double) curve.size() * train.rows() / trainSeconds[0] : 0, net.parameterCount(), net.nonzeroWeights(),
                net.flopsPerSample(), pruningReport);
    }

    /**
     * Pruning in {@link Pruning}'s steps, each followed by its share of the fine-tuning (at the
     * configured rate, without the main run's schedule), starting after {@code epoch} epochs.
     */
    private record Pruned(PruningReport report, Evaluation last) {}

    private static Pruned pruneAndFineTune(Network net, TrainConfig config, NativeData validation, Evaluation best,
                                                  int epoch, Runner runner) {
        Pruning pruning = config.pruning();
        long stepsPerEpoch = Network.stepsPerEpoch(runner.rows(), config.batchSize());
        long weightsBefore = net.weightCount();
        double before = best.metric();
        double afterPruning = before;
        if (pruning.fineTuneEpochs() > 0) {
            net.configure(config.optimizer(), Schedule.constant(), stepsPerEpoch, pruning.fineTuneEpochs());
        }
        Evaluation now = best;
        for (int step = 1; step <= pruning.steps(); step++) {
            int epochs = pruning.fineTuneEpochsAfter(step);
            if (epochs == 0 && step < pruning.steps()) continue;
            net.prune(pruning.mode(), pruning.sparsityAt(step));
            now = net.evaluate(validation, config.threads());
            afterPruning = now.metric();
            for (int e = 0; e < epochs; e++) {
                now = runner.run(++epoch, "finetune");
            }
        }
        return new Pruned(new PruningReport(pruning, before, afterPruning, now.metric(), weightsBefore,
                net.nonzeroWeights(), net.parameterCount() - (net.weightCount() - net.nonzeroWeights())), now);
    }

    /**
     * Multi-fidelity training: continues {@code net} (fresh, or restored from a checkpoint of
     * this same run) up to epoch {@code to} of a run whose schedule spans {@code horizon} epochs,
     * so that training to 3 epochs and then on to 9 leaves the very state of training to 9 in
     * one go. The epochs already done are read from the network's step count. No early stopping
     * and no best-epoch restore (either would make the continued run differ from the
     * uninterrupted one; the multi-fidelity strategy does the stopping): the network ends at
     * epoch {@code to}. Pruning ({@link TrainConfig#pruning()}) runs only when {@code to}
     * reaches the horizon, after {@code beforePruning} has seen the trained state (to save a
     * checkpoint of it). A network already trained (restored) takes {@code config}'s optimizer
     * and schedule settings from here on, keeping its optimizer state ({@link Network#retune}).
     * Returns the result; its curve holds this call's epochs only.
     */
    public static TrainResult continueTo(Network net, TrainConfig config, NativeData train, NativeData validation,
                                         int horizon, int to, Consumer<EpochStats> onEpoch, Runnable beforePruning) {
        if (to < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + to);
        if (horizon < to) throw new IllegalArgumentException("the schedule's horizon " + horizon + " is before epoch " + to);
        long start = System.nanoTime();
        long stepsPerEpoch = Network.stepsPerEpoch(train.rows(), config.batchSize());
        long steps = net.steps();
        if (steps % stepsPerEpoch != 0) {
            throw new IllegalArgumentException("the network stopped after " + steps + " steps, not at the end of an epoch of "
                    + stepsPerEpoch + " steps (another batch size?)");
        }
        int from = (int) (steps / stepsPerEpoch);
        // A restored network continues under this config's settings (the same ones, unless a
        // population-based schedule changed them), keeping its moments and schedule position.
        if (from == 0) net.configure(config.optimizer(), config.schedule(), stepsPerEpoch, horizon);
        else net.retune(config.optimizer(), config.schedule(), stepsPerEpoch, horizon);
        List<EpochStats> curve = new ArrayList<>();
        double[] trainSeconds = {0};
        Runner runner = runner(net, config, train, validation, curve, trainSeconds, onEpoch);
        Evaluation last = null;
        for (int epoch = from + 1; epoch <= to; epoch++) last = runner.run(epoch, "train");
        if (last == null) last = net.evaluate(validation, config.threads());
        if (beforePruning != null) beforePruning.run();
        PruningReport pruningReport = null;
        if (config.pruning() != null && to >= horizon) {
            Pruned p = pruneAndFineTune(net, config, validation, last, Math.max(from, to), runner);
            pruningReport = p.report();
            last = p.last();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        long samples = (long) Math.max(0, to - from) * train.rows();
        return new TrainResult(curve, to, last, false, wall, trainSeconds[0] > 0 ? samples / trainSeconds[0] : 0,
                net.parameterCount(), net.nonzeroWeights(), net.flopsPerSample(), pruningReport);
    }

    private static Runner runner(Network net, TrainConfig config, NativeData train, NativeData validation,
                                 List<EpochStats> curve, double[] trainSeconds, Consumer<EpochStats> onEpoch) {
        return new Runner() {
            @Override
            public Evaluation run(int epoch, String phase) {
                long t0 = System.nanoTime();
                double loss = net.trainEpoch(train, config.batchSize(), config.threads());
                double seconds = (System.nanoTime() - t0) / 1e9;
                trainSeconds[0] += seconds;
                Evaluation v = net.evaluate(validation, config.threads());
                EpochStats stats = new EpochStats(epoch, phase, loss, v.loss(), v.metric(), seconds);
                curve.add(stats);
                if (onEpoch != null) onEpoch.accept(stats);
                return v;
            }

            @Override
            public long rows() {
                return train.rows();
            }
        };
    }

    private static boolean better(double candidate, double incumbent, boolean higherIsBetter) {
        return higherIsBetter ? candidate > incumbent : candidate < incumbent;
    }

    private interface Runner {
        Evaluation run(int epoch, String phase);

        long rows();
    }
}
