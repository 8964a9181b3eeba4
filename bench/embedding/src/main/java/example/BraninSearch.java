package example;

import io.ams.core.Direction;
import io.ams.engine.Budget;
import io.ams.engine.Study;
import io.ams.engine.StudyResult;
import io.ams.engine.Trial;
import io.ams.space.Parameter;
import io.ams.space.SearchSpace;

import java.nio.file.Path;

/** README.md's complete embedding example: a stored, resumable search of Branin's function. */
public final class BraninSearch {
    public static void main(String[] args) {
        Path storeFile = Path.of(args.length > 0 ? args[0] : "branin.ams");
        SearchSpace space = SearchSpace.builder()
                .add(Parameter.real("x1", -5, 10))
                .add(Parameter.real("x2", 0, 15))
                .build();
        try (Study study = Study.builder()
                .space(space)
                .objective((config, ctx) -> branin(config.getDouble("x1"), config.getDouble("x2")))
                .direction(Direction.MINIMIZE)
                .strategy("bo")
                .budget(Budget.trials(40))
                .store(storeFile)                  // kill-safe; an existing file resumes its study
                .build()) {
            StudyResult result = study.optimize();
            Trial best = result.best().orElseThrow();
            System.out.println(best.value() + " at " + best.config());
        }
    }

    /** Branin-Hoo; its minimum is 0.397887 at three points. */
    static double branin(double x1, double x2) {
        double b = 5.1 / (4 * Math.PI * Math.PI), c = 5 / Math.PI, t = 1 / (8 * Math.PI);
        double y = x2 - b * x1 * x1 + c * x1 - 6;
        return y * y + 10 * (1 - t) * Math.cos(x1) + 10;
    }
}
