package io.ams.nn;

/**
 * Everything that decides one training run: architecture, optimizer, schedule, batch size,
 * epoch budget, early-stopping patience (0 = off), optional pruning, seed and BLAS threads.
 * The same config, data and thread count give bit-identical results.
 */
public record TrainConfig(MlpSpec network, Optimizer optimizer, Schedule schedule, int batchSize,
                          int epochs, int patience, Pruning pruning, long seed, int threads) {
    public TrainConfig {
        if (network == null) throw new IllegalArgumentException("network is missing");
        if (optimizer == null) throw new IllegalArgumentException("optimizer is missing");
        if (schedule == null) throw new IllegalArgumentException("schedule is missing");
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        if (patience < 0) throw new IllegalArgumentException("patience must be >= 0 (0 = off), got " + patience);
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }

    /** Adam at lr 1e-3, constant schedule, batch 128, no early stopping, no pruning, 1 thread. */
    public static TrainConfig defaults(MlpSpec network, int epochs, long seed) {
        return new TrainConfig(network, Optimizer.of(OptimizerKind.ADAM, 1e-3), Schedule.constant(), 128,
                epochs, 0, null, seed, 1);
    }

    public TrainConfig withOptimizer(Optimizer o) { return new TrainConfig(network, o, schedule, batchSize, epochs, patience, pruning, seed, threads); }
    public TrainConfig withSchedule(Schedule s) { return new TrainConfig(network, optimizer, s, batchSize, epochs, patience, pruning, seed, threads); }
    public TrainConfig withBatchSize(int b) { return new TrainConfig(network, optimizer, schedule, b, epochs, patience, pruning, seed, threads); }
    public TrainConfig withEpochs(int e) { return new TrainConfig(network, optimizer, schedule, batchSize, e, patience, pruning, seed, threads); }
    public TrainConfig withPatience(int p) { return new TrainConfig(network, optimizer, schedule, batchSize, epochs, p, pruning, seed, threads); }
    public TrainConfig withPruning(Pruning p) { return new TrainConfig(network, optimizer, schedule, batchSize, epochs, patience, p, seed, threads); }
    public TrainConfig withSeed(long s) { return new TrainConfig(network, optimizer, schedule, batchSize, epochs, patience, pruning, s, threads); }
    public TrainConfig withThreads(int t) { return new TrainConfig(network, optimizer, schedule, batchSize, epochs, patience, pruning, seed, t); }
}
