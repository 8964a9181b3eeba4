package io.ams.store;

/**
 * Where a trial is in its life. A trial is stored as {@link #RUNNING} when it starts and
 * stored again with one of the final states when it ends; a trial still {@code RUNNING}
 * after a restart was interrupted and is re-run.
 */
public enum TrialState {
    /** Started, no result yet. */
    RUNNING(0),
    /** Finished with a value. */
    COMPLETE(1),
    /** The objective threw, timed out or returned NaN; the record carries the error. */
    FAILED(2),
    /** Stopped early by a pruner or a multi-fidelity scheduler; the value is the last one seen. */
    PRUNED(3);

    /** The byte written to disk: fixed per state, so reordering the constants never changes old files. */
    final byte code;

    TrialState(int code) {
        this.code = (byte) code;
    }

    /** True once the trial has ended, whatever the outcome. */
    public boolean isFinal() {
        return this != RUNNING;
    }

    static TrialState ofCode(byte code) {
        for (TrialState s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown trial state code " + code);
    }
}
