package io.ams.engine;

import io.ams.store.TrialRecord;
import io.ams.store.TrialState;

/**
 * When failures stop a search, counted over this run (like the time budget, so a resumed study,
 * perhaps after fixing what failed, gets a fresh allowance):
 * <ul>
 *   <li>after {@code maxFailures} trials have FAILED (retries of one trial count once);</li>
 *   <li>as soon as the first {@code sameErrorTrials} trials of the run have all failed with the
 *       same error: the objective is broken (a missing file, a bad import), not unlucky, and
 *       running the rest of the budget would only repeat it.</li>
 * </ul>
 */
final class FailureBudget {
    private final int maxFailures;
    private final int sameErrorTrials;
    private int failed;
    private int finished;
    /** The error all of the run's finished trials failed with so far; null once one did not. */
    private String commonError;
    private String lastError;

    /** {@code maxFailures}: Integer.MAX_VALUE for no limit; {@code sameErrorTrials}: 0 to never stop on repeats. */
    FailureBudget(int maxFailures, int sameErrorTrials) {
        this.maxFailures = maxFailures;
        this.sameErrorTrials = sameErrorTrials;
    }

    /** A trial of this run reached a final state. */
    void record(TrialRecord finishedTrial) {
        finished++;
        boolean failure = finishedTrial.state() == TrialState.FAILED;
        if (failure) {
            failed++;
            lastError = finishedTrial.error();
        }
        if (finished == 1) commonError = failure ? finishedTrial.error() : null;
        else if (commonError != null && (!failure || !commonError.equals(finishedTrial.error()))) commonError = null;
    }

    /** Why the search must stop, or null while failures are within budget. */
    String stopReason() {
        if (sameErrorTrials > 0 && finished >= sameErrorTrials && commonError != null) {
            return "the first " + sameErrorTrials + " trials all failed with the same error: " + commonError;
        }
        if (failed >= maxFailures) {
            return failed + " trials failed, the failure budget (max failures " + maxFailures + "); the last error: " + lastError;
        }
        return null;
    }
}
