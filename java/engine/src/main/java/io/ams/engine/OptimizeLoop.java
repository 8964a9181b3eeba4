package io.ams.engine;

import io.ams.eval.Evaluator;
import io.ams.eval.LocalEvaluator;
import io.ams.eval.TrialContext;
import io.ams.eval.TrialPruned;
import io.ams.space.Config;
import io.ams.store.TrialRecord;
import io.ams.store.TrialState;
import org.slf4j.Logger;

import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeoutException;

/**
 * {@link Study#optimize()}: keeps up to {@code workers} trials running on the evaluator, takes
 * their outcomes one at a time on the study's thread (which alone touches the strategy and the
 * store), runs failed attempts again up to {@code retries}, and stops on the budget: trials,
 * time, target or failures. Running trials are finished, not abandoned, when it stops.
 */
final class OptimizeLoop {
    private final Study study;
    private final Logger log;
    private final FailureBudget failures;
    private final LinkedBlockingQueue<Done> done = new LinkedBlockingQueue<>();

    /** An evaluation's outcome, queued for the study's thread. */
    private record Done(long trialId, double value, Throwable error, double[] curve, boolean pruned) {}

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
        int running = 0;
        String stop = null;
        Evaluator given = study.evaluator();
        // The default pool lives for one optimize() call; an evaluator the user gave stays theirs to close.
        try (Evaluator own = given == null ? new LocalEvaluator() : null) {
            Evaluator evaluator = given != null ? given : own;
            while (true) {
                if (stop == null) stop = stopReason(deadline);
                while (stop == null && running < study.workers()) {
                    Ledger.Pending p = study.nextToRun();
                    if (p == null) break;
                    running++;
                    launch(evaluator, p.record);
                    stop = stopReason(deadline);
                }
                if (running == 0) {
                    if (stop == null) {
                        stop = study.ledger().isEmpty() ? "the strategy has nothing more to propose" : "trial budget spent";
                    }
                    break;
                }
                Done d = done.take();
                running--;
                if (settle(d)) {
                    running++;
                    launch(evaluator, study.ledger().awaiting(d.trialId()).record);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop = "interrupted";
        }
        StudyResult result = new StudyResult(study.best(), study.trials(), stop, (System.nanoTime() - start) / 1e9);
        log.info("study {} stopped: {}; {} trials ({} complete, {} failed, {} pruned), best {} in {} s", study.name(), stop,
                result.trials().size(), result.count(TrialState.COMPLETE), result.count(TrialState.FAILED),
                result.count(TrialState.PRUNED), result.best().map(t -> t.value() + " (trial " + t.id() + ")").orElse("none"),
                String.format(Locale.ROOT, "%.1f", result.seconds()));
        study.listeners().forEach(l -> l.finished(result));
        return result;
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
            ended = study.finish(p, TrialState.PRUNED, last, null, d.curve(), null);
        } else if (cause == null && Double.isFinite(d.value())) {
            ended = study.finish(p, TrialState.COMPLETE, d.value(), null, d.curve(), null);
        } else if (p.record.attempt() <= study.retries()) {
            log.warn("trial {} attempt {} failed, running it again: {}", p.record.id(), p.record.attempt(),
                    describe(cause, d.value()), cause);
            study.restart(p);
            return true;
        } else {
            ended = study.finish(p, TrialState.FAILED, Double.NaN, describe(cause, d.value()), d.curve(), cause);
        }
        failures.record(ended.record());
        return false;
    }

    private void launch(Evaluator evaluator, TrialRecord r) {
        Config config = study.trial(r).config();
        TrialContext context = study.contextFor(r);
        var objective = study.objective();
        evaluator.submit(() -> objective.evaluate(config, context), study.trialTimeout())
                .whenComplete((v, e) -> done.add(new Done(r.id(), v == null ? Double.NaN : v, e, context.curve(),
                        context.pruned() && e == null)));
    }

    private String stopReason(long deadline) {
        Trial best = study.best().orElse(null);
        Budget budget = study.budget();
        if (best != null && budget.reached(best.value(), study.direction())) return "target " + budget.target() + " reached";
        String failed = failures.stopReason();
        if (failed != null) return failed;
        if (System.nanoTime() >= deadline) return "time budget of " + budget.maxTime() + " spent";
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
