package io.ams.engine;

/** Hears a study's progress: a progress bar, a log, a report. Called on the study's own thread. */
public interface StudyListener {
    default void started(Study study) {}

    default void trialStarted(Trial trial) {}

    /** A trial ended (COMPLETE, FAILED or PRUNED); {@code best} is the best so far, if any. */
    default void trialEnded(Trial trial, Trial best, int done, int budget) {}

    /** Something the user should know that is not an error (a resumed store's notes, a replay that diverged). */
    default void note(String message) {}

    default void finished(StudyResult result) {}
}
