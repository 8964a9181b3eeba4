package io.ams.cluster;

/** A trial failed on a worker: the exception it threw there, by class name and message, and where. */
public final class RemoteTrialException extends RuntimeException {
    public RemoteTrialException(String type, String message, String worker) {
        super(type.substring(type.lastIndexOf('.') + 1) + (message == null ? "" : ": " + message) + " (on worker " + worker + ")");
    }
}
