package io.ams.engine;

import io.ams.eval.Objective;
import io.ams.models.TestFunctions;
import io.ams.space.Parameter;
import io.ams.space.SearchSpace;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A deterministic study (the default) repeats exactly with 2 workers whose trials take random
 * times, for asynchronous strategies too, and a resume continues it as if it had not stopped.
 */
class DeterministicStudyTest {
    private static final SearchSpace BRANIN = SearchSpace.builder()
            .add(Parameter.real("x1", -5, 10))
            .add(Parameter.real("x2", 0, 15))
            .build();

    /** Branin after a random 0-15 ms: which of two trials ends first changes from run to run. */
    private static final Objective JITTERED = (c, ctx) -> {
        Thread.sleep(ThreadLocalRandom.current().nextInt(16));
        return TestFunctions.branin(c.getDouble("x1"), c.getDouble("x2"));
    };

    private static List<String> run(String strategy, int trials, Path store) {
        StudyBuilder b = Study.builder().space(BRANIN).objective(JITTERED).strategy(strategy, options(strategy)).seed(11)
                .workers(2).budget(Budget.trials(trials));
        if (store != null) b.store(store);
        try (Study s = b.build()) {
            s.optimize();
            return s.trials().stream().map(t -> t.config().canonical() + " = " + t.value()).toList();
        }
    }

    private static Map<String, ?> options(String strategy) {
        return strategy.equals("bo") ? Map.of("initial", 4) : Map.of();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bo", "turbo", "regevo", "local", "random", "cmaes"})
    void twoWorkersRepeatExactly(String strategy) {
        List<String> first = run(strategy, 24, null);
        for (int again = 0; again < 2; again++) assertEquals(first, run(strategy, 24, null), strategy);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bo", "regevo"})
    void aResumedStudyContinuesAsIfItHadNotStopped(String strategy, @TempDir Path dir) {
        List<String> whole = run(strategy, 24, null);
        Path store = dir.resolve("s.ams");
        run(strategy, 9, store);
        assertEquals(whole, run(strategy, 24, store), strategy);
    }
}
