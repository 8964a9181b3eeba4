package io.ams.nn;

/**
 * Magnitude pruning after training: reach {@code sparsity} (fraction of each layer's weights,
 * or of each hidden layer's neurons) in {@code steps} steps with {@code fineTuneEpochs} epochs
 * of fine-tuning in all, one-shot ({@code steps = 1}) and gradual alike.
 *
 * <p>Gradual pruning follows a cubic ramp ({@link #sparsityAt}, Zhu and Gupta 2017): large
 * cuts while the network is still dense, small ones near the target, so the last step (the
 * one the network ends with) costs the least accuracy. The last step is followed by
 * {@code ceil(fineTuneEpochs / 2)} epochs; the other {@code floor(fineTuneEpochs / 2)} are
 * spread over the earlier steps, the later ones first ({@link #fineTuneEpochsAfter}). An earlier
 * step left without an epoch is skipped: pruning again before any training prunes to the next
 * step's sparsity anyway. So more steps than epochs never add fine-tuning, and with fewer than
 * two fine-tuning epochs gradual pruning is one-shot pruning.
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

    /** The sparsity after {@code step} (1 to {@link #steps}): {@code sparsity * (1 - (1 - step / steps)^3)}. */
    public double sparsityAt(int step) {
        checkStep(step);
        double left = 1.0 - (double) step / steps;
        return sparsity * (1 - left * left * left);
    }

    /** The fine-tuning epochs after {@code step} (1 to {@link #steps}); they add up to {@link #fineTuneEpochs}. */
    public int fineTuneEpochsAfter(int step) {
        checkStep(step);
        int ramp = steps > 1 ? fineTuneEpochs / 2 : 0;
        if (step == steps) return fineTuneEpochs - ramp;
        // floor(step * ramp / (steps - 1)) cumulated: when epochs are fewer than steps, the
        // early steps go without and are skipped.
        return (int) ((long) step * ramp / (steps - 1) - (long) (step - 1) * ramp / (steps - 1));
    }

    private void checkStep(int step) {
        if (step < 1 || step > steps) throw new IllegalArgumentException("step must be in [1, " + steps + "], got " + step);
    }
}
