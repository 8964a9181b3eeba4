package io.ams.genome;

import io.ams.core.Direction;
import io.ams.engine.StudyResult;
import io.ams.engine.Trial;
import io.ams.models.TestFunctions;
import io.ams.store.TrialState;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenomeStudyTest {
    static final String TINY_MLP = """
            objective: {mlp: {dataset: iris}}
            split: {validation: 0.2, test: 0.2, seed: 1}
            space:
              training:
                lr: {log_real: [1.0e-3, 1.0e-1]}
                optimizer: {choice: [adam, nesterov]}
                momentum: {real: [0.5, 0.95], when: {optimizer: [nesterov]}}
                epochs: 15
                batch: 16
              architecture:
                layers: {min: 1, max: 2, units: {int: [4, 16]}, activation: {choice: [relu, tanh]}}
            strategy: {name: ga, seed: 2, population: 4}
            budget: {trials: 10}
            """;

    @Test
    void braninGenomeRunsAndFindsItsBasin() throws Exception {
        Path file = Path.of("..", "..", "genomes", "branin.yaml");
        Genome g = Genome.read(file);
        try (GenomeStudy gs = GenomeStudy.open(g, Files.readString(file),
                new GenomeStudy.Overrides("regevo", 150, null, 4L, 1, null, null), List.of())) {
            StudyResult r = gs.study().optimize();
            assertTrue(r.trials().size() <= 150);
            assertTrue(r.best().orElseThrow().value() - TestFunctions.BRANIN_MIN < 0.5, "best " + r.best().get().value());
            assertEquals("regevo", gs.study().strategyName());
        }
    }

    @Test
    void aRotatedFunctionGenomeEvaluatesItsInstance() throws Exception {
        String yaml = """
                objective: {function: rastrigin_rotated, instance: 2}
                metric: {name: value, direction: minimize}
                space:
                  x1: {real: [-5, 5]}
                  x2: {real: [-5, 5]}
                  x3: {real: [-5, 5]}
                strategy: {name: random, seed: 1}
                budget: {trials: 5}
                """;
        try (GenomeStudy gs = GenomeStudy.open(Genome.parse(yaml, "r.yaml"), yaml, GenomeStudy.Overrides.NONE, List.of())) {
            StudyResult r = gs.study().optimize();
            assertEquals(5, r.trials().size());
            for (Trial t : r.trials()) {
                double[] x = {t.config().getDouble("x1"), t.config().getDouble("x2"), t.config().getDouble("x3")};
                assertEquals(TestFunctions.rastriginRotated(x, 2), t.value(), 1e-12);
                assertTrue(Math.abs(TestFunctions.rastriginRotated(x, 0) - t.value()) > 1e-9, "instance 2, not 0");
            }
        }
    }

    @Test
    void mlpGenomeSearchesAndReportsTestAccuracyOnce() {
        Genome g = Genome.parse(TINY_MLP, "tiny.yaml");
        try (GenomeStudy gs = GenomeStudy.open(g, TINY_MLP, GenomeStudy.Overrides.NONE, List.of())) {
            StudyResult r = gs.study().optimize();
            assertEquals(10, r.trials().size());
            assertEquals(Direction.MAXIMIZE, gs.study().direction());
            Trial best = r.best().orElseThrow();
            assertTrue(best.value() > 0.8, "validation accuracy " + best.value());
            assertTrue(r.trials().stream().allMatch(t -> t.state() == TrialState.COMPLETE));
            var report = gs.finalReport(best, 1).orElseThrow();
            assertEquals(best.value(), report.validationMetric());
            assertTrue(report.testMetric() > 0.7, "test accuracy " + report.testMetric());
        }
    }

    /**
     * The way a user meets meta-learning: a study on iris is archived; a genome on wine with
     * warm_start evaluates iris's best configurations first, nearest by the datasets' meta-features.
     */
    @Test
    void aGenomesWarmStartBeginsWithTheArchivedStudysBestConfigurations(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path archive = dir.resolve("archive");
        GenomeStudy.Overrides archived = new GenomeStudy.Overrides(null, null, null, null, 1, null, null, null, null, archive);
        List<io.ams.space.Config> irisBest;
        try (GenomeStudy gs = GenomeStudy.open(Genome.parse(TINY_MLP, "iris.yaml"), TINY_MLP, archived, List.of())) {
            gs.study().optimize();
            irisBest = gs.study().trials().stream().sorted(java.util.Comparator.comparingDouble(Trial::value).reversed())
                    .map(Trial::config).distinct().limit(3).toList();
        }
        String wine = TINY_MLP.replace("dataset: iris", "dataset: wine")
                .replace("budget: {trials: 10}", "warm_start: {archive: " + archive + ", configurations: 3}\nbudget: {trials: 4}");
        Genome g = Genome.parse(wine, "wine.yaml");
        assertEquals(3, g.warmStart().orElseThrow().configurations());
        List<String> notes = new java.util.ArrayList<>();
        io.ams.engine.StudyListener listener = new io.ams.engine.StudyListener() {
            @Override public void note(String message) { notes.add(message); }
        };
        try (GenomeStudy gs = GenomeStudy.open(g, wine, new GenomeStudy.Overrides(null, null, null, null, 1, null, null),
                List.of(listener))) {
            gs.study().optimize();
            assertEquals(irisBest, gs.study().warmStart());
            assertEquals(irisBest, gs.study().trials().subList(0, 3).stream().map(Trial::config).toList());
        }
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("warm start: 3 configurations from iris.yaml (mlp:iris) at distance")),
                notes.toString());
    }

    @Test
    void aGenomeMayNameEveryStrategyOfTheRegistry() {
        // StrategySpec asks the registry: every name it has reads, with its default options.
        for (String name : io.ams.engine.strategies.Strategies.names()) {
            assertEquals(name, Genome.parse("""
                    objective: {function: branin}
                    space: {x1: {real: [-5, 10]}, x2: {real: [0, 15]}}
                    strategy: %s
                    budget: {trials: 3}
                    """.formatted(name), "s.yaml").strategy().name());
        }
    }
}
