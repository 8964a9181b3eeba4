package example.plugin;

import io.ams.core.Direction;
import io.ams.engine.Budget;
import io.ams.engine.StrategyProvider;
import io.ams.engine.Study;
import io.ams.engine.StudyResult;
import io.ams.engine.Trial;
import io.ams.engine.strategies.Strategies;
import io.ams.eval.Evaluator;
import io.ams.genome.Genome;
import io.ams.genome.GenomeException;
import io.ams.genome.GenomeStudy;
import io.ams.models.TestFunctions;
import io.ams.space.Parameter;
import io.ams.space.SearchSpace;
import io.ams.store.InMemoryTrialStore;
import io.ams.store.StudyMeta;
import io.ams.store.TrialState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plug-in points, used from outside io.ams as a user would: a strategy registered through
 * META-INF/services, named in a genome file and in the builder; a strategy factory and
 * instance; an evaluator of one's own; a store of one's own.
 */
class PluginPointsTest {
    private static final SearchSpace BRANIN = SearchSpace.builder()
            .add(Parameter.real("x1", -5, 10))
            .add(Parameter.real("x2", 0, 15))
            .build();

    private static final String GENOME = """
            objective: {function: branin}
            space:
              x1: {real: [-5, 10]}
              x2: {real: [0, 15]}
            strategy:
              name: centre
              seed: 4
              spread: %s
            budget: {trials: 20}
            """;

    @Test
    void theRegistryListsThePlugInAfterTheBuiltIns() {
        List<String> names = Strategies.names();
        assertTrue(names.containsAll(List.of("random", "ga", "regevo", "local", "bo", "saga", "sh", "hyperband", "asha",
                "dehb", "bohb", "pbt")), names.toString());
        assertEquals("centre", names.get(names.size() - 1), "plug-ins come after the built-ins: " + names);
        StrategyProvider centre = Strategies.provider("centre");
        assertEquals(List.of("spread"), centre.options());
        assertFalse(centre.description().isBlank());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Strategies.provider("nosuch"));
        assertTrue(e.getMessage().startsWith("unknown strategy 'nosuch'; available: auto, random, ga,")
                && e.getMessage().contains("centre"), e.getMessage());
    }

    @Test
    void aGenomeFileNamesThePlugIn() {
        Genome genome = Genome.parse(GENOME.formatted("0.2"), "centre.yaml");
        assertEquals("centre", genome.strategy().name());
        try (GenomeStudy gs = GenomeStudy.open(genome, GENOME, GenomeStudy.Overrides.NONE, List.of())) {
            assertEquals("centre", gs.study().strategyName());
            StudyResult r = gs.study().optimize();
            assertEquals(20, r.count(TrialState.COMPLETE));
            // spread 0.2 around the centre (2.5, 7.5): x1 within 1.5 of it, x2 within 1.5.
            for (Trial t : r.trials()) {
                assertTrue(Math.abs(t.config().getDouble("x1") - 2.5) <= 1.5 + 1e-9, t.config().toString());
                assertTrue(Math.abs(t.config().getDouble("x2") - 7.5) <= 1.5 + 1e-9, t.config().toString());
            }
        }
    }

    @Test
    void thePlugInsOptionsAreCheckedAtTheirLine() {
        GenomeException e = assertThrows(GenomeException.class, () -> Genome.parse(GENOME.formatted("2"), "centre.yaml"));
        assertEquals(8, e.line(), e.getMessage());
        assertEquals("strategy.spread", e.field());
        assertTrue(e.problem().startsWith("must be in [0, 1], got 2"), e.getMessage());
        e = assertThrows(GenomeException.class, () -> Genome.parse(GENOME.formatted("0.2\n  sprad: 1"), "centre.yaml"));
        assertEquals(9, e.line(), e.getMessage());
        assertEquals("strategy.sprad", e.field());
        assertTrue(e.problem().startsWith("unknown option (did you mean 'spread'?); known options: spread"), e.getMessage());
    }

    @Test
    void theBuilderTakesThePlugInByNameAFactoryOrAnInstance() {
        for (var strategy : List.<java.util.function.UnaryOperator<io.ams.engine.StudyBuilder>>of(
                b -> b.strategy("centre", Map.of("spread", 0.1)),
                b -> b.strategy((domain, direction, seed, options) -> new CentreStrategy(domain.dimensions(),
                        options.number("spread", 0.5, 0, 1), seed), Map.of("spread", 0.1)),
                b -> b.strategy(new CentreStrategy(2, 0.1, 9)))) {
            try (Study study = strategy.apply(Study.builder().space(BRANIN)
                    .objective((c, ctx) -> TestFunctions.branin(c.getDouble("x1"), c.getDouble("x2")))
                    .budget(Budget.trials(10)).workers(1)).build()) {
                assertEquals("centre", study.strategyName());
                for (Trial t : study.optimize().trials()) {
                    assertTrue(Math.abs(t.config().getDouble("x1") - 2.5) <= 0.75 + 1e-9, t.config().toString());
                }
            }
        }
        // A factory's options are checked like a registered strategy's.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Study.builder().space(BRANIN)
                .strategy((domain, direction, seed, options) -> new CentreStrategy(2, 0.5, seed), Map.of("spread", 0.1))
                .build());
        assertTrue(e.getMessage().contains("'spread': unknown option"), e.getMessage());
    }

    /** Runs every trial inline, on the study's own thread, and counts them. */
    private static final class InlineEvaluator implements Evaluator {
        final AtomicInteger submitted = new AtomicInteger();
        boolean closed;

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
        public void close() {
            closed = true;
        }
    }

    @Test
    void aCustomEvaluatorRunsTheTrials() {
        InlineEvaluator evaluator = new InlineEvaluator();
        Thread studyThread = Thread.currentThread();
        AtomicInteger onStudyThread = new AtomicInteger();
        try (Study study = Study.builder().space(BRANIN)
                .objective((c, ctx) -> {
                    if (Thread.currentThread() == studyThread) onStudyThread.incrementAndGet();
                    return TestFunctions.branin(c.getDouble("x1"), c.getDouble("x2"));
                })
                .strategy("regevo").budget(Budget.trials(30)).seed(2).workers(3).evaluator(evaluator).build()) {
            StudyResult r = study.optimize();
            assertEquals(30, r.count(TrialState.COMPLETE));
            long trained = r.trials().stream().filter(t -> !t.record().isDuplicate()).count();
            assertEquals(trained, evaluator.submitted.get(), "every trial that trained went through the evaluator");
            assertEquals(trained, onStudyThread.get(), "and ran where the evaluator ran it");
            assertTrue(r.best().orElseThrow().value() < 5, "best " + r.best().get().value());
        }
        assertFalse(evaluator.closed, "an evaluator the user gave stays the user's to close");
    }

    @Test
    void aStoreOfOnesOwnKeepsTheTrialsAndStaysOpen() {
        InMemoryTrialStore store = new InMemoryTrialStore(StudyMeta.of("mine", "", "{}", Direction.MINIMIZE, 0, "random",
                Map.of()));
        try (Study study = Study.builder().space(BRANIN).objective((c, ctx) -> c.getDouble("x1"))
                .budget(Budget.trials(7)).workers(1).store(store).build()) {
            assertSame(store, study.store());
            study.optimize();
        }
        assertEquals(7, store.size(), "the study wrote to the given store, and did not close it");
        // The same store, now holding this study's trials, resumes it.
        try (Study again = Study.builder().space(BRANIN).objective((c, ctx) -> c.getDouble("x1"))
                .budget(Budget.trials(9)).workers(1).store(store).build()) {
            assertEquals(9, again.optimize().trials().size());
        }
    }
}
