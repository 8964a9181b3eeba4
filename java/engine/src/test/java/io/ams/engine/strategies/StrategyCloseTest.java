package io.ams.engine.strategies;

import io.ams.core.Direction;
import io.ams.engine.Budget;
import io.ams.engine.SearchDomain;
import io.ams.engine.Strategy;
import io.ams.engine.Study;
import io.ams.engine.StudyBuilder;
import io.ams.space.Parameter;
import io.ams.space.SearchSpace;
import io.ams.surrogate.GaussianProcess;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The strategies that hold a GP in native memory free it when their study closes, not when the GC runs. */
class StrategyCloseTest {
    private static final SearchSpace SPACE = SearchSpace.builder()
            .add(Parameter.real("x", 0, 1)).add(Parameter.real("y", 0, 1)).build();

    @Test
    void closingTheStudyFreesTheStrategysGaussianProcesses() {
        Map<String, Map<String, ?>> strategies = Map.of(
                "bo", Map.of("initial", 4),
                "parego", Map.of("initial", 4),
                "saga", Map.of("population", 6),
                "bohb", Map.of("min_fidelity", 1, "max_fidelity", 9, "min_points", 3));
        SearchDomain domain = StudyBuilder.domain(SPACE);
        strategies.forEach((name, options) -> {
            Strategy strategy = Strategies.create(name, options, domain, Direction.MINIMIZE, 1);
            List<GaussianProcess> models;
            try (Study study = Study.builder().space(SPACE).strategy(strategy).workers(1).budget(Budget.trials(30))
                    .objective((c, ctx) -> Math.pow(c.getDouble("x") - 0.3, 2) + c.getDouble("y")).build()) {
                study.optimize();
                models = models(strategy);
                assertFalse(models.isEmpty(), name + " fitted no GP in 30 trials");
                assertTrue(models.stream().noneMatch(GaussianProcess::isClosed), name + "'s GP is open while the study is");
            }
            assertTrue(models.stream().allMatch(GaussianProcess::isClosed), name + "'s GP is freed by Study.close()");
        });
    }

    /** The GPs a strategy holds now. */
    private static List<GaussianProcess> models(Strategy s) {
        List<Surrogate> surrogates = switch (s.name()) {
            case "bo" -> List.of(((BayesianOptimization) s).surrogate());
            case "parego" -> List.of(((ParEgo) s).surrogate());
            case "saga" -> List.of(((SurrogateScreen) ((GeneticAlgorithm) s).screen()).surrogate());
            case "bohb" -> ((ModelBasedSampler) ((SuccessiveHalving) s).sampler()).surrogates();
            default -> throw new IllegalArgumentException(s.name());
        };
        return surrogates.stream().map(Surrogate::currentModel).filter(Objects::nonNull).toList();
    }
}
