package io.ams.nn;

import java.util.List;

/**
 * The outcome of {@link Trainer#fit}: the learning curve, the best epoch on validation (whose
 * weights the network holds, fine-tuned after pruning if pruning was asked for), the final
 * network's validation evaluation, timings, throughput
 * (training samples per second, evaluation excluded), size and cost of the network.
 */
public record TrainResult(List<EpochStats> curve, int bestEpoch, Evaluation validation, boolean stoppedEarly,
                          double wallSeconds, double samplesPerSecond, long parameters, long nonzeroWeights,
                          long flopsPerSample, PruningReport pruning) {
    public TrainResult {
        curve = List.copyOf(curve);
    }
}
