package io.ams.cluster;

import java.io.Serializable;
import java.util.HashMap;

/** What travels through the cluster: Java-serialised records, kept small. */
final class Messages {
    private Messages() {}

    /**
     * A study as a worker builds its objective: the genome it was run from (named {@code name} in
     * errors), or, for a study set up in Java, its objective's class (then {@code genome} is null).
     */
    record StudySpec(String genome, String name, String objectiveClass, String version) implements Serializable {}

    /**
     * One attempt of one trial to evaluate; a continuation carries its parent's checkpoint and curve,
     * and {@code wantsCheckpoint} asks for the trial's own checkpoint back.
     */
    record Task(String study, long trialId, int attempt, String config, long seed, int threads, double fidelity,
                double maxFidelity, long timeoutMillis, String version, byte[] parentCheckpoint, double[] parentCurve,
                boolean wantsCheckpoint) implements Serializable {
        String key() {
            return Messages.key(study, trialId, attempt);
        }
    }

    /**
     * What came of a task: the value, or the failure ({@code errorType} the exception's class
     * name, "pruned", or "timeout"), what the trial reported (its own curve, without a parent's),
     * from which worker, and the checkpoint it saved when the task asked for it (else null).
     */
    record Result(String study, long trialId, int attempt, double value, double[] curve, HashMap<String, Double> metrics,
                  String errorType, String errorMessage, String worker, byte[] checkpoint) implements Serializable {
        String key() {
            return Messages.key(study, trialId, attempt);
        }
    }

    static String key(String study, long trialId, int attempt) {
        return study + "/" + trialId + "/" + attempt;
    }
}
