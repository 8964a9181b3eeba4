package io.ams.nn;

import java.util.concurrent.CancellationException;

/** A training stopped by {@link Network#cancel()}: the caller gave up on it (a timeout, the end of a search). */
public final class TrainingCancelledException extends CancellationException {
    public TrainingCancelledException(String message) {
        super(message);
    }
}
