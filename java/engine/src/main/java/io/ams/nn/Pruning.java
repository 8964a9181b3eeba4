package io.ams.nn;

/**
 * Magnitude pruning after training: reach {@code sparsity} (fraction of each layer's weights,
 * or of each hidden layer's neurons) in {@code steps} equal increments, each followed by
 * {@code ceil(fineTuneEpochs / steps)} epochs of fine-tuning.
 */
public record Pruning(Mode mode, double sparsity, int steps, int fineTuneEpochs) {
    public enum Mode {
        WEIGHTS, NEURONS;

        public static Mode parse(String name) { return Names.parse(Mode.class, name); }
    }

    public Pruning {
        if (mode == null) throw new IllegalArgumentException("pruning mode is missing");
        if (!(sparsity > 0 && sparsity < 1)) throw new IllegalArgumentException("pruning sparsity must be in (0, 1), got " + sparsity);
        if (steps < 1) throw new IllegalArgumentException("pruning steps must be >= 1, got " + steps);
        if (fineTuneEpochs < 0) throw new IllegalArgumentException("fine-tune epochs must be >= 0, got " + fineTuneEpochs);
    }
}
