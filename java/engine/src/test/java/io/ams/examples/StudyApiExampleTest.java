package io.ams.examples;

import io.ams.engine.Budget;
import io.ams.core.Direction;
import io.ams.engine.Study;
import io.ams.engine.StudyResult;
import io.ams.engine.Trial;
import io.ams.space.Parameter;
import io.ams.space.SearchSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import io.ams.models.TestFunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedding example of README.md's "Searching" section, as written there: it must compile and work. */
class StudyApiExampleTest {
    static double branin(double x1, double x2) {
        return TestFunctions.branin(x1, x2);
    }

    @Test
    void optimizeThenAskAndTell(@TempDir Path dir) {
        Path storeFile = dir.resolve("branin.ams");
        double found;
        // ---- README: Searching / Embedding ----
        SearchSpace space = SearchSpace.builder()
                .add(Parameter.real("x1", -5, 10))
                .add(Parameter.real("x2", 0, 15))
                .build();
        try (Study study = Study.builder()
                .space(space)
                .objective((config, ctx) -> branin(config.getDouble("x1"), config.getDouble("x2")))
                .direction(Direction.MINIMIZE)
                .strategy("ga")
                .budget(Budget.trials(100))
                .store(storeFile)                  // optional: kill-safe; an existing file resumes
                .build()) {
            StudyResult result = study.optimize();
            Trial best = result.best().orElseThrow();
            System.out.println(best.value() + " at " + best.config());
            // ---- end ----
            found = best.value();
            assertEquals(100, result.trials().size());
        }
        assertTrue(found < 2.0, "best " + found);

        int told = 0;
        // ---- README: ask/tell ----
        try (Study study = Study.builder()
                .space(space)
                .strategy("ga")
                .budget(Budget.trials(40))
                .build()) {
            while (true) {
                Optional<Trial> next = study.ask();        // empty: budget spent (or a GA generation still out)
                if (next.isEmpty()) break;
                Trial trial = next.get();
                study.tell(trial, branin(trial.config().getDouble("x1"), trial.config().getDouble("x2")));
                // ---- end ----
                told++;
            }
            assertEquals(40, study.trials().size());
            assertTrue(study.best().orElseThrow().value() < 20, study.best().toString());
        }
        assertTrue(told > 0 && told <= 40, "told " + told);
    }
}
