package io.ams.engine;

import io.ams.eval.Evaluator;
import io.ams.eval.LocalEvaluator;
import io.ams.eval.TrialContext;
import io.ams.eval.TrialLost;
import io.ams.eval.TrialPruned;
import io.ams.eval.TrialTask;
import io.ams.space.Config;
import io.ams.store.InMemoryTrialStore;
import io.ams.store.TrialRecord;
import io.ams.store.TrialState;
import org.slf4j.Logger;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link Study#optimize()}: keeps up to {@code workers} trials running on the evaluator, takes
 * their outcomes one at a time on the study's thread (which alone touches the strategy and the
 * store), runs failed attempts again up to {@code retries}, and stops on the budget: trials,
 * time, target or failures. When the time is up, running trials are cancelled and waited for
 * (or finished, {@link Budget#finishRunning()}); on the other stops they are finished.
 *
 * <p>A worker slot is taken until its trial's task has really returned, not only until the
 * evaluator's future completes: a timed-out trial's future completes at the timeout while its
 * thread may still be training. Launching another trial in that slot ran more trainings than
 * workers, and optimize() returned while abandoned trials still trained on the objective's
 * native data, which the caller then freed under them (a JVM crash). The timed-out trial is
 * cancelled ({@link TrialContext#cancel()}; an MLP stops within a mini-batch), and its outcome
 * (the timeout) is recorded once its task has returned. So when optimize() returns, no task it
 * started is still running, unless it ignored its cancellation for the study's cancel grace:
 * such a task is abandoned with a warning (its slot freed, its thread left to end), so that an
 * objective that hangs costs a thread but never stalls the search.
 */
final class OptimizeLoop {
    private final Study study;
    private final Logger log;
    private final FailureBudget failures;
    private final LinkedBlockingQueue<Done> done = new LinkedBlockingQueue<>();
    /** The attempts holding a worker slot, by trial id (the study's thread only). */
    private final Map<Long, Attempt> out = new HashMap<>();

    /** An evaluation's outcome, queued for the study's thread once its task has returned. */
    private record Done(long trialId, double value, Throwable error, double[] curve, java.util.Map<String, Double> metrics,
                        boolean pruned, Attempt attempt) {
        /** Where the trial ran when its evaluator ran it elsewhere (a cluster worker), else null. */
        String ranOn() {
            return attempt == null ? null : attempt.context.ranOn();
        }
    }

    /**
     * One attempt of a trial on the evaluator. It is over (its {@link Done} queued, its slot
     * free) when both the evaluator's future has completed and the task has returned, or the
     * future completed before the task started (then the task will not run the objective).
     */
    private final class Attempt {
        private static final int NEW = 0, STARTED = 1, OVER = 2, ABANDONED = 3;
        final TrialContext context;
        private final AtomicInteger arrivals = new AtomicInteger();
        private volatile Done outcome;
        /** Cancelled because the time budget is spent (not a failure: the trial runs again later). */
        volatile boolean cancelledAtTimeUp;
        private int phase = NEW;      // guarded by this
        /** Abandoned before the evaluator's future completed: a stand-in outcome took its place. */
        private boolean outcomeGivenUp; // guarded by this
        private Thread thread;        // the task's, while STARTED; guarded by this

        Attempt(TrialContext context) {
            this.context = context;
        }

        /** On the task's thread: false when the attempt was given up before it started. */
        synchronized boolean start() {
            if (phase != NEW) return false;
            phase = STARTED;
            thread = Thread.currentThread();
            return true;
        }

        /** On the task's thread, when the objective has returned or thrown. */
        void taskOver() {
            boolean abandoned;
            synchronized (this) {
                abandoned = phase == ABANDONED;
                phase = OVER;
                thread = null;
            }
            if (!abandoned) arrive(); // an abandoned task's share arrived when it was abandoned
        }

        /** When the evaluator's future completes. */
        void futureOver(Done d) {
            boolean neverStarted;
            synchronized (this) {
                if (outcomeGivenUp) return; // abandoned before: its stand-in outcome is already queued
                outcome = d;
                neverStarted = phase == NEW;
                if (neverStarted) phase = OVER;
            }
            if (neverStarted) arrive(); // the task's share: it will not run
            arrive();
        }

        private void arrive() {
            if (arrivals.incrementAndGet() == 2) done.add(outcome);
        }

        /**
         * Stops the task: the context's flag and hooks, and an interrupt while the task runs (not
         * after). A task still running after the study's cancel grace is abandoned.
         */
        void cancel() {
            context.cancel();
            synchronized (this) {
                if (phase == STARTED) thread.interrupt();
            }
            CompletableFuture.delayedExecutor(study.cancelGrace().toNanos(), TimeUnit.NANOSECONDS).execute(this::abandon);
        }

        /**
         * Frees the slot of a task that ignored its cancellation: an objective that neither checks
         * {@link TrialContext#cancelled()} nor answers interrupts must not stall the search
         * forever. Its thread is left to end on its own; the MLP objective never gets here, and
         * its close() waits for its trainings before freeing their data.
         */
        private void abandon() {
            Thread stuck;
            boolean standIn;
            synchronized (this) {
                if (phase != STARTED) return;
                phase = ABANDONED;
                stuck = thread;
                // Without a trial timeout the evaluator's future ends only with the task: stand in for it.
                standIn = outcome == null;
                if (standIn) {
                    outcomeGivenUp = true;
                    outcome = new Done(context.trialId(), Double.NaN, new TimeoutException("trial " + context.trialId()
                            + " abandoned: it ignored its cancellation for " + study.cancelGrace()), context.curve(),
                            context.metrics(), false, this);
                }
            }
            log.warn("trial {} ignored its cancellation for {}; abandoned, its thread {} keeps running",
                    context.trialId(), study.cancelGrace(), stuck.getName());
            if (standIn) arrive();
            arrive();
        }
    }

    OptimizeLoop(Study study) {
        this.study = study;
        this.log = study.log();
        this.failures = study.newFailureBudget();
    }

    StudyResult run() {
        long start = System.nanoTime();
        long deadline = start + study.budget().maxTime().toNanos();
        int storedAtStart = study.store().size();
        log.info("study {}: {} search, {} direction, budget {} trials, {} workers{}", study.name(), study.strategyName(),
                study.direction().name().toLowerCase(Locale.ROOT), study.budget().maxTrials(), study.workers(),
                storedAtStart == 0 ? "" : ", resuming with " + storedAtStart + " trials stored");
        study.listeners().forEach(l -> l.started(study));
        String stop = null;
        boolean cancelling = false;
        Evaluator given = study.evaluator();
        // The default pool lives for one optimize() call; an evaluator the user gave stays theirs to close.
        try (Evaluator own = given == null ? new LocalEvaluator() : null) {
            Evaluator evaluator = given != null ? given : own;
            try {
                while (true) {
                    if (stop == null) stop = stopReason(deadline);
                    while (stop == null && out.size() < study.workers()) {
                        Ledger.Pending p = study.nextToRun();
                        if (p == null) break;
                        launch(evaluator, p.record);
                        stop = stopReason(deadline);
                    }
                    if (!cancelling && stop != null && System.nanoTime() >= deadline && !study.budget().finishRunning()) {
                        cancelling = true;
                        if (!out.isEmpty()) log.info("time budget spent: cancelling {} running trials", out.size());
                        out.values().forEach(a -> {
                            a.cancelledAtTimeUp = true;
                            a.cancel();
                        });
                    }
                    if (out.isEmpty()) {
                        if (stop == null) {
                            stop = study.ledger().isEmpty() ? "the strategy has nothing more to propose" : "trial budget spent";
                        }
                        break;
                    }
                    // Wake up at the deadline: running trials are cancelled then, not when they end.
                    long wait = cancelling || stop != null && study.budget().finishRunning() ? Long.MAX_VALUE : deadline - System.nanoTime();
                    Done d = wait == Long.MAX_VALUE ? done.take() : done.poll(Math.max(0, wait), TimeUnit.NANOSECONDS);
                    if (d == null) continue;
                    out.remove(d.trialId());
                    if (d.attempt().cancelledAtTimeUp && !ranToTheEnd(d)) {
                        unfinished(d.trialId(), "cancelled: the time budget is spent");
                    } else if (settle(d)) {
                        if (cancelling) unfinished(d.trialId(), "a retry left for later: the time budget is spent");
                        else launch(evaluator, study.ledger().awaiting(d.trialId()).record);
                    }
                }
            } catch (InterruptedException e) {
                stop = "interrupted";
                // Cancel what runs and wait for it: returning now would leave trials running on
                // whatever the caller frees next.
                out.values().forEach(Attempt::cancel);
                drainUninterruptibly();
                Thread.currentThread().interrupt();
            }
        }
        StudyResult result = new StudyResult(study.best(), study.trials(), stop, (System.nanoTime() - start) / 1e9);
        log.info("study {} stopped: {}; {} trials ({} complete, {} failed, {} pruned), best {} in {} s", study.name(), stop,
                result.trials().size(), result.count(TrialState.COMPLETE), result.count(TrialState.FAILED),
                result.count(TrialState.PRUNED), result.best().map(t -> t.value() + " (trial " + t.id() + ")").orElse("none"),
                String.format(Locale.ROOT, "%.1f", result.seconds()));
        study.listeners().forEach(l -> l.finished(result));
        return result;
    }

    /** A cancelled attempt that still completed (or was pruned) counts as such. */
    private static boolean ranToTheEnd(Done d) {
        Throwable cause = unwrap(d.error());
        return cause == null && (d.pruned() || Double.isFinite(d.value())) || cause instanceof TrialPruned;
    }

    /**
     * A trial stopped without a result of its own: it stays RUNNING in the store (as after a
     * kill, so a resume runs it again), and its proposal is idle again for a later optimize().
     */
    private void unfinished(long trialId, String why) {
        Ledger.Pending p = study.ledger().awaiting(trialId);
        if (p != null) p.running = false;
        // in memory there is nothing to resume: the trial is simply not run
        String next = study.store() instanceof InMemoryTrialStore ? "" : "; it runs again on resume";
        study.listeners().forEach(l -> l.note("trial " + trialId + " " + why + next));
    }

    /** After an interrupt: waits, ignoring further interrupts, until every task started has returned. */
    private void drainUninterruptibly() {
        while (!out.isEmpty()) {
            try {
                Done d = done.take();
                out.remove(d.trialId());
                unfinished(d.trialId(), "interrupted");
            } catch (InterruptedException again) {
                // keep waiting; the interrupt is restored by the caller
            }
        }
    }

    /**
     * Records an evaluation's outcome. Returns true when the trial is to run again (a failed
     * attempt with retries left), already restarted in the store.
     */
    private boolean settle(Done d) {
        Ledger.Pending p = study.ledger().awaiting(d.trialId());
        Throwable cause = unwrap(d.error());
        Trial ended;
        if (d.pruned() || cause instanceof TrialPruned) {
            double last = d.curve().length > 0 ? d.curve()[d.curve().length - 1] : d.value();
            ended = study.finish(p, TrialState.PRUNED, last, null, d.curve(), d.metrics(), d.ranOn(), null);
        } else if (cause == null && Double.isFinite(d.value())) {
            ended = study.finish(p, TrialState.COMPLETE, d.value(), null, d.curve(), d.metrics(), d.ranOn(), null);
        } else if (cause instanceof TrialLost) {
            // not the trial's fault: run it again, spending neither a retry nor the failure budget
            log.warn("trial {} attempt {} lost, running it again: {}", p.record.id(), p.record.attempt(), cause.getMessage());
            study.restart(p);
            return true;
        } else if (p.record.attempt() <= study.retries()) {
            log.warn("trial {} attempt {} failed, running it again: {}", p.record.id(), p.record.attempt(),
                    describe(cause, d.value()), cause);
            study.restart(p);
            return true;
        } else {
            ended = study.finish(p, TrialState.FAILED, Double.NaN, describe(cause, d.value()), d.curve(), d.metrics(), d.ranOn(), cause);
        }
        failures.record(ended.record());
        return false;
    }

    private void launch(Evaluator evaluator, TrialRecord r) {
        Config config = study.trial(r).config();
        TrialContext context = study.contextFor(r);
        var objective = study.objective();
        // Checked here, not by the objective: an objective finds no parent file and trains from scratch.
        String cannotRun = study.missingParentCheckpoint(r);
        Attempt attempt = new Attempt(context);
        out.put(r.id(), attempt);
        TrialTask task = new TrialTask(r.id(), r.attempt(), config, r.seed(), context.threads(), r.fidelity(),
                context.maxFidelity(), context.continuesParent(), context);
        evaluator.submit(task, () -> {
            if (!attempt.start()) return Double.NaN; // given up before it started: run nothing
            try {
                if (cannotRun != null) throw new IllegalStateException(cannotRun);
                return objective.evaluate(config, context);
            } finally {
                attempt.taskOver();
            }
        }, study.trialTimeout()).whenComplete((v, e) -> {
            // The evaluator gave up (a timeout): stop the task, which may still be running.
            if (e != null) attempt.cancel();
            attempt.futureOver(new Done(r.id(), v == null ? Double.NaN : v, e, context.curve(), context.metrics(),
                    context.pruned() && e == null, attempt));
        });
    }

    private String stopReason(long deadline) {
        Trial best = study.best().orElse(null);
        Budget budget = study.budget();
        if (best != null && budget.reached(best.value(), study.direction())) return "target " + budget.target() + " reached";
        String failed = failures.stopReason();
        if (failed != null) return failed;
        if (System.nanoTime() >= deadline) return "time budget of " + io.ams.core.Durations.text(budget.maxTime()) + " spent";
        return null;
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static String describe(Throwable cause, double value) {
        if (cause == null) return "objective returned " + value;
        if (cause instanceof TimeoutException) return cause.getMessage();
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
