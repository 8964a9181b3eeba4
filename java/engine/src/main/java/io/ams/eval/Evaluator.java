package io.ams.eval;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Runs trial evaluations somewhere: this JVM's threads ({@link LocalEvaluator}), or elsewhere,
 * given each trial as a {@link TrialTask}. The study decides how many run at once; the evaluator
 * only runs what it is given.
 */
public interface Evaluator extends AutoCloseable {
    /**
     * Starts one evaluation. The future completes with the value, or exceptionally with the
     * task's exception, or with a {@link java.util.concurrent.TimeoutException} once
     * {@code timeout} has passed (the task is then interrupted; the study also cancels its
     * {@link TrialContext}, and keeps the trial's worker slot until the task has returned).
     */
    CompletableFuture<Double> submit(Callable<Double> task, Duration timeout);

    /**
     * Starts the evaluation of {@code trial}, whose {@code local} task runs it in this JVM. The
     * default runs {@code local} ({@link #submit(Callable, Duration)}). An evaluator that runs
     * trials elsewhere sends {@code trial} instead, records what the trial reported there into
     * {@link TrialTask#context()} ({@link TrialContext#record}) and completes the future as
     * {@link #submit(Callable, Duration)} says; with {@link TrialLost} when the result cannot come
     * back (the study then runs the trial again).
     */
    default CompletableFuture<Double> submit(TrialTask trial, Callable<Double> local, Duration timeout) {
        return submit(local, timeout);
    }

    @Override
    void close();
}
