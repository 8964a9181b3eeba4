package io.ams.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Trains a network under a {@link TrainConfig}: epochs with early stopping on the validation
 * metric (the best epoch's weights are restored at the end), then optional gradual pruning
 * with fine-tuning. Evaluation uses the validation split only; the test split is the
 * caller's, for the final report.
 */
public final class Trainer {
    private Trainer() {}

    public static TrainResult fit(Network net, TrainConfig config, NativeData train, NativeData validation,
                                  Consumer<EpochStats> onEpoch) {
        long start = System.nanoTime();
        int threads = config.threads();
        long stepsPerEpoch = Network.stepsPerEpoch(train.rows(), config.batchSize());
        net.configure(config.optimizer(), config.schedule(), stepsPerEpoch, config.epochs());
        boolean higherIsBetter = train.isClassification();

        List<EpochStats> curve = new ArrayList<>();
        double[] trainSeconds = {0};
        long[] samples = {0};
        Runner runner = (epoch, phase) -> {
            long t0 = System.nanoTime();
            double loss = net.trainEpoch(train, config.batchSize(), threads);
            double seconds = (System.nanoTime() - t0) / 1e9;
            trainSeconds[0] += seconds;
            samples[0] += train.rows();
            Evaluation v = net.evaluate(validation, threads);
            EpochStats stats = new EpochStats(epoch, phase, loss, v.loss(), v.metric(), seconds);
            curve.add(stats);
            if (onEpoch != null) onEpoch.accept(stats);
            return v;
        };

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
        Pruning pruning = config.pruning();
        if (pruning != null) {
            long weightsBefore = net.weightCount();
            double before = best.metric();
            double afterPruning = before;
            int fineTunePerStep = (pruning.fineTuneEpochs() + pruning.steps() - 1) / pruning.steps();
            int epoch = curve.size();
            if (fineTunePerStep > 0) {
                // Fine-tuning runs at the configured rate, without the main run's schedule.
                net.configure(config.optimizer(), Schedule.constant(), stepsPerEpoch, fineTunePerStep * pruning.steps());
            }
            for (int step = 1; step <= pruning.steps(); step++) {
                net.prune(pruning.mode(), pruning.sparsity() * step / pruning.steps());
                best = net.evaluate(validation, threads);
                afterPruning = best.metric();
                for (int e = 0; e < fineTunePerStep; e++) {
                    best = runner.run(++epoch, "finetune");
                }
            }
            pruningReport = new PruningReport(pruning, before, afterPruning, best.metric(), weightsBefore,
                    net.nonzeroWeights(), net.parameterCount() - (net.weightCount() - net.nonzeroWeights()));
        }

        double wall = (System.nanoTime() - start) / 1e9;
        return new TrainResult(curve, bestEpoch, best, stoppedEarly, wall,
                trainSeconds[0] > 0 ? samples[0] / trainSeconds[0] : 0, net.parameterCount(), net.nonzeroWeights(),
                net.flopsPerSample(), pruningReport);
    }

    private static boolean better(double candidate, double incumbent, boolean higherIsBetter) {
        return higherIsBetter ? candidate > incumbent : candidate < incumbent;
    }

    @FunctionalInterface
    private interface Runner {
        Evaluation run(int epoch, String phase);
    }
}
