package io.ams.genome;

import example.plugin.Paraboloid;
import io.ams.core.Direction;
import io.ams.engine.StudyResult;
import io.ams.engine.Trial;
import io.ams.store.TrialState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A genome whose objective is a user's Java class: {@code objective: {java: CLASS}}. */
class JavaObjectiveGenomeTest {
    static final String GENOME = """
            objective: {java: example.plugin.Paraboloid, records: [radius]}
            metric: {name: distance, direction: minimize}
            constraints: {radius: {max: 1.2}}
            space:
              x: {real: [-1, 1]}
              y: {real: [-2, 2]}
            strategy: {name: random, seed: 3}
            budget: {trials: 60}
            """;

    @Test
    void aGenomeRunsTheClassItNamesAndClosesIt() {
        Genome g = Genome.parse(GENOME, "java.yaml");
        int closedBefore = Paraboloid.CLOSED.get();
        try (GenomeStudy gs = GenomeStudy.open(g, GENOME, GenomeStudy.Overrides.NONE, List.of())) {
            StudyResult r = gs.study().optimize();
            assertEquals(60, r.trials().size());
            assertEquals(Direction.MINIMIZE, gs.study().direction());
            for (Trial t : r.trials()) {
                assertEquals(TrialState.COMPLETE, t.state());
                double x = t.config().getDouble("x"), y = t.config().getDouble("y");
                assertEquals((x - 0.3) * (x - 0.3) + (y + 1) * (y + 1), t.value(), 1e-12, "the class's value");
                assertEquals(Math.hypot(x, y), t.metrics().get("radius"), 1e-12, "what it records is kept");
            }
            Trial best = r.best().orElseThrow();
            assertTrue(best.metrics().get("radius") <= 1.2, "the constraint on what it records applies");
            assertTrue(gs.finalReport(best, 1).isEmpty(), "no test split: a Java objective splits its own data");
        }
        assertEquals(closedBefore + 1, Paraboloid.CLOSED.get(), "the study closes the objective it built");
    }

    private static String withObjective(String objective) {
        return GENOME.replace("objective: {java: example.plugin.Paraboloid, records: [radius]}", objective)
                .replace("constraints: {radius: {max: 1.2}}\n", "");
    }

    @Test
    void aClassThatIsNotThereOrNoObjectiveIsAnErrorAtItsLine() {
        for (String[] c : new String[][]{
                {"objective: {java: example.plugin.Paraboloidd}", "is not on the classpath"},
                {"objective: {java: example.plugin.Paraboloid$NotAnObjective}", "does not implement io.ams.eval.Objective"},
                {"objective: {java: example.plugin.Paraboloid$NeedsArguments}", "needs a public constructor without arguments"}}) {
            String text = withObjective(c[0]);
            Genome g = Genome.parse(text, "java.yaml");
            GenomeException e = assertThrows(GenomeException.class, () -> GenomeStudy.open(g, text, GenomeStudy.Overrides.NONE, List.of()));
            assertTrue(e.getMessage().startsWith("java.yaml:1:"), e.getMessage());
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
    }

    @Test
    void whatAJavaObjectiveNeedsIsCheckedWhenTheGenomeIsRead() {
        String[][] cases = {
                {GENOME.replace("metric: {name: distance, direction: minimize}\n", ""), "a java objective needs metric:"},
                {withObjective("objective: {java: 'not a class'}"), "is not a Java class name"},
                {withObjective("objective: {java: example.plugin.Paraboloid, dimension: 2}"), "dimension applies to a function objective"},
                {withObjective("objective: {function: branin, java: example.plugin.Paraboloid}"), "not function and java"},
                {withObjective("objective: {mlp: {dataset: iris}, records: [radius]}"), "records applies to a java objective"},
                {GENOME.replace("records: [radius]", "records: [size]"), "records size, not 'radius'"},
                {withObjective("objective: {java: example.plugin.Paraboloid}") + "split: {validation: 0.2}\n", "splits its own data"},
        };
        for (String[] c : cases) {
            GenomeException e = assertThrows(GenomeException.class, () -> Genome.parse(c[0], "java.yaml"), c[1]);
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
    }
}
