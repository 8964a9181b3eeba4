package io.ams.eval;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Runs trial evaluations somewhere (this JVM's threads now; a cluster later). The study
 * decides how many run at once; the evaluator only runs what it is given.
 */
public interface Evaluator extends AutoCloseable {
    /**
     * Starts one evaluation. The future completes with the value, or exceptionally with the
     * task's exception, or with a {@link java.util.concurrent.TimeoutException} once
     * {@code timeout} has passed (the task is then interrupted; the study also cancels its
     * {@link TrialContext}, and keeps the trial's worker slot until the task has returned).
     */
    CompletableFuture<Double> submit(Callable<Double> task, Duration timeout);

    @Override
    void close();
}
