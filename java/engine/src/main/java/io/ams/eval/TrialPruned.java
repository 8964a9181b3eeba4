package io.ams.eval;

/**
 * Thrown by an objective that stops a trial because {@link TrialContext#shouldPrune()} said so.
 * The study records the trial as PRUNED with its last reported value (not as FAILED), and
 * tells the strategy NaN, so the trial ranks last.
 */
public final class TrialPruned extends RuntimeException {
    public TrialPruned() {
        super("pruned");
    }

    public TrialPruned(String message) {
        super(message);
    }
}
