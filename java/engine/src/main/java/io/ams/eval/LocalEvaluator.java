package io.ams.eval;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Evaluates on threads of this JVM, named {@code ams-trial-N}, all daemons. A timed-out task is
 * interrupted; the study keeps its worker slot until it has returned (a trial that ignores
 * both interruption and {@link TrialContext#cancelled()} holds its slot), so that no more
 * trials run at once than the study's workers and none outlives optimize().
 */
public final class LocalEvaluator implements Evaluator {
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;

    public LocalEvaluator() {
        this.workers = Executors.newCachedThreadPool(daemon("ams-trial-"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("ams-trial-timer-"));
    }

    @Override
    public CompletableFuture<Double> submit(Callable<Double> task, Duration timeout) {
        CompletableFuture<Double> result = new CompletableFuture<>();
        Future<?> running = workers.submit(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        if (timeout != null) {
            var alarm = timer.schedule(() -> {
                if (result.completeExceptionally(new TimeoutException("trial exceeded its timeout of " + io.ams.core.Durations.text(timeout)))) {
                    running.cancel(true);
                }
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
            result.whenComplete((v, e) -> alarm.cancel(false));
        }
        return result;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
