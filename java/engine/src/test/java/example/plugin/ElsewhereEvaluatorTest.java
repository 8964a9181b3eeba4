package example.plugin;

import io.ams.engine.Budget;
import io.ams.engine.Study;
import io.ams.eval.Evaluator;
import io.ams.eval.Objective;
import io.ams.eval.TrialContext;
import io.ams.eval.TrialLost;
import io.ams.eval.TrialTask;
import io.ams.space.Parameter;
import io.ams.space.SearchSpace;
import io.ams.store.TrialRecord;
import io.ams.store.TrialState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An evaluator that runs trials elsewhere, as a cluster's would: it never calls the study's
 * closure, only what a {@link TrialTask} says, in a context of its own, and copies back what
 * the trial reported. A study through it is the study run locally; a trial it loses is run
 * again as its next attempt without failing.
 */
class ElsewhereEvaluatorTest {
    static final SearchSpace SPACE = SearchSpace.builder()
            .add(Parameter.real("x", -2, 2), Parameter.logReal("lr", 1e-4, 1), Parameter.choice("act", "relu", "tanh"))
            .build();

    /** Depends on the configuration and the seed, reports a curve and a measurement. */
    static final Objective OBJECTIVE = (c, ctx) -> {
        double v = Math.pow(c.getDouble("x") - 0.5, 2) + Math.log10(c.getDouble("lr")) * (c.get("act").equals("relu") ? 0.1 : 0.2)
                + Math.floorMod(ctx.seed(), 1000) * 1e-9;
        ctx.report(v + 1);
        ctx.report(v);
        ctx.metric("size", Math.abs(c.getDouble("x")) * 10);
        return v;
    };

    static final class Elsewhere implements Evaluator {
        final ExecutorService machine = Executors.newFixedThreadPool(2);
        final Set<Long> loseOnce = ConcurrentHashMap.newKeySet();

        @Override
        public CompletableFuture<Double> submit(Callable<Double> task, Duration timeout) {
            throw new UnsupportedOperationException("runs trials from their TrialTask only");
        }

        @Override
        public CompletableFuture<Double> submit(TrialTask trial, Callable<Double> local, Duration timeout) {
            CompletableFuture<Double> result = new CompletableFuture<>();
            machine.submit(() -> {
                if (loseOnce.remove(trial.trialId())) {
                    result.completeExceptionally(new TrialLost("the worker running trial " + trial.trialId() + " left"));
                    return;
                }
                TrialContext there = new TrialContext(trial.trialId(), trial.seed(), trial.threads());
                try {
                    double v = OBJECTIVE.evaluate(trial.config(), there);
                    trial.context().record(there.curve(), there.metrics(), "machine-" + (trial.trialId() % 2));
                    result.complete(v);
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
            return result;
        }

        @Override
        public void close() {
            machine.shutdownNow();
        }
    }

    private static List<TrialRecord> run(Evaluator evaluator) {
        var b = Study.builder().space(SPACE).objective(OBJECTIVE).strategy("ga", Map.of("population", 8)).seed(11)
                .budget(Budget.trials(40)).workers(2);
        if (evaluator != null) b.evaluator(evaluator);
        try (Study study = b.build()) {
            study.optimize();
            return study.store().all().stream().sorted(Comparator.comparingLong(TrialRecord::id)).toList();
        }
    }

    @Test
    void aStudyThroughAnEvaluatorThatRunsTrialsElsewhereIsTheLocalStudy() {
        List<TrialRecord> local = run(null);
        List<TrialRecord> elsewhere;
        try (Elsewhere e = new Elsewhere()) {
            elsewhere = run(e);
        }
        assertEquals(local.size(), elsewhere.size());
        for (int i = 0; i < local.size(); i++) {
            TrialRecord a = local.get(i), b = elsewhere.get(i);
            assertEquals(a.config(), b.config(), "trial " + a.id());
            assertEquals(a.seed(), b.seed());
            assertEquals(a.value(), b.value(), 0.0, "trial " + a.id());
            assertArrayEquals(a.curve(), b.curve(), "trial " + a.id() + "'s curve came back");
            assertEquals(a.metrics(), b.metrics(), "trial " + a.id() + "'s measurements came back");
            assertEquals(null, a.attrs().get(Study.WORKER), "a trial run by the study itself names no worker");
            assertEquals("machine-" + (b.id() % 2), b.attrs().get(Study.WORKER), "the store names where trial " + b.id() + " ran");
        }
    }

    @Test
    void aLostTrialRunsAgainAsItsNextAttemptWithoutFailing() {
        List<TrialRecord> local = run(null);
        List<TrialRecord> elsewhere;
        try (Elsewhere e = new Elsewhere()) {
            e.loseOnce.addAll(Set.of(2L, 5L, 17L));
            elsewhere = run(e);
        }
        assertEquals(40, elsewhere.size(), "the budget is met");
        assertTrue(elsewhere.stream().allMatch(t -> t.state() == TrialState.COMPLETE), "no trial failed");
        for (TrialRecord t : elsewhere) {
            assertEquals(Set.of(2L, 5L, 17L).contains(t.id()) ? 2 : 1, t.attempt(), "trial " + t.id());
            TrialRecord same = local.get((int) t.id());
            assertEquals(same.config(), t.config(), "the same trials as locally");
            assertEquals(same.value(), t.value(), 0.0);
        }
    }
}
