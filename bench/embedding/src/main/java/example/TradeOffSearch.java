package example;

import io.ams.core.Direction;
import io.ams.engine.Budget;
import io.ams.engine.Constraint;
import io.ams.engine.Goal;
import io.ams.engine.ParetoSummary;
import io.ams.engine.Study;
import io.ams.space.Parameter;
import io.ams.space.SearchSpace;

/**
 * README.md's several-objectives example with a model of its own: a polynomial of chosen degree
 * fitted to noisy samples of sin(x), whose error falls and whose size (coefficients) grows with
 * the degree. The search trades accuracy against size under a size bound.
 */
public final class TradeOffSearch {
    public static ParetoSummary run(long seed) {
        SearchSpace space = SearchSpace.builder()
                .add(Parameter.integer("degree", 1, 12))
                .add(Parameter.logReal("ridge", 1e-8, 1))
                .build();
        try (Study study = Study.builder()
                .space(space)
                .objective((config, ctx) -> {
                    int degree = config.getInt("degree");
                    ctx.metric("params", degree + 1);          // the goal: recorded with the trial
                    return Polynomials.validationError(degree, config.getDouble("ridge"));
                })
                .direction(Direction.MINIMIZE)
                .goal(Goal.minimize("params"))
                .constraint(Constraint.atMost("params", 10))
                .reference(1.0, 11)
                .strategy("nsga2")
                .seed(seed)
                .budget(Budget.trials(120))
                .build()) {
            study.optimize();
            return study.front();
        }
    }

    public static void main(String[] args) {
        ParetoSummary front = run(1);
        front.front().forEach(t -> System.out.println(t.value() + " with " + t.metrics().get("params") + " coefficients"));
        System.out.println("hypervolume " + front.hypervolume());
    }
}
