package io.ams.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * What an objective knows of the trial it evaluates: its id, a seed of its own (derived from
 * the study's seed and the trial id, so a re-run is the same run), how many BLAS threads it
 * may use, and a place to report intermediate values (its learning curve), which the store
 * keeps with the trial.
 */
public final class TrialContext {
    private final long trialId;
    private final long seed;
    private final int threads;
    private final List<Double> curve = new ArrayList<>();

    public TrialContext(long trialId, long seed, int threads) {
        this.trialId = trialId;
        this.seed = seed;
        this.threads = threads;
    }

    public long trialId() { return trialId; }
    public long seed() { return seed; }
    public int threads() { return threads; }

    /** Records an intermediate value (for example the validation metric after an epoch). */
    public synchronized void report(double value) {
        curve.add(value);
    }

    public synchronized double[] curve() {
        return curve.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** True once the study has given up on this trial (timeout): long objectives should return. */
    public boolean cancelled() {
        return Thread.currentThread().isInterrupted();
    }
}
