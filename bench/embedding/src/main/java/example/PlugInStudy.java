package example;

import io.ams.core.Direction;
import io.ams.engine.Budget;
import io.ams.engine.Study;
import io.ams.engine.StudyResult;
import io.ams.eval.Evaluator;
import io.ams.eval.Objective;
import io.ams.space.Parameter;
import io.ams.space.SearchSpace;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** A registered strategy by name, an evaluator of one's own, a failure budget (README, "Plug-in points"). */
public final class PlugInStudy {
    /** Runs each trial inline, on the study's thread, and counts them. */
    static final class InlineEvaluator implements Evaluator {
        final AtomicInteger submitted = new AtomicInteger();

        @Override
        public CompletableFuture<Double> submit(Callable<Double> task, Duration timeout) {
            submitted.incrementAndGet();
            try {
                return CompletableFuture.completedFuture(task.call());
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public void close() {}
    }

    static final SearchSpace SPACE = SearchSpace.builder()
            .add(Parameter.real("x1", -5, 10))
            .add(Parameter.real("x2", 0, 15))
            .build();

    static StudyResult run(Objective objective, Evaluator evaluator, int trials) {
        try (Study study = Study.builder()
                .space(SPACE)
                .objective(objective)
                .direction(Direction.MINIMIZE)
                .strategy("centre", Map.of("spread", 0.2))   // the plug-in, by name, like a built-in
                .evaluator(evaluator)                        // where trials run; yours to close
                .budget(Budget.trials(trials))
                .maxFailures(10)
                .build()) {
            return study.optimize();
        }
    }

    public static void main(String[] args) {
        try (InlineEvaluator inline = new InlineEvaluator()) {
            StudyResult result = run((config, ctx) -> Math.pow(config.getDouble("x1") - 2, 2) + config.getDouble("x2"),
                    inline, 50);
            System.out.println(result.stopReason() + ": " + result.best().orElseThrow().config());
        }
    }
}
