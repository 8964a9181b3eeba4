package io.ams.eval;

/**
 * The evaluation of a trial was lost with what ran it (a machine that died, a worker that left)
 * through no fault of the trial: the study runs it again as its next attempt, without counting
 * a failure or spending a retry. What an evaluator that runs trials elsewhere completes a
 * trial's future with when it cannot get its result back.
 */
public final class TrialLost extends RuntimeException {
    public TrialLost(String message) {
        super(message);
    }
}
