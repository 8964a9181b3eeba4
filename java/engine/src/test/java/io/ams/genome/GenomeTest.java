package io.ams.genome;

import io.ams.space.ChoiceParameter;
import io.ams.space.LayerStack;
import io.ams.space.IntParameter;
import io.ams.space.Parameter;
import io.ams.space.SearchSpace;
import io.ams.core.Direction;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenomeTest {

    static Path genomes() {
        return ShippedGenomes.folder();
    }

    /** Every shipped genome of a built-in objective parses; those of the LCBench plug-in parse in java/lcbench's tests. */
    @Test
    void everyShippedGenomeParses() throws IOException {
        List<Path> files = ShippedGenomes.ofBuiltInObjectives();
        assertEquals(List.of("branin.yaml", "dtlz2.yaml", "mlp-digits-dehb.yaml", "mlp-digits-hyperband.yaml", "mlp-digits-pbt.yaml", "mlp-digits.yaml", "mlp-fashion-front-hyperband.yaml", "mlp-fashion-front.yaml", "mlp-fashion-hyperband.yaml", "mlp-fashion.yaml", "rosenbrock10.yaml", "zdt1.yaml", "zdt2.yaml"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        for (Path file : files) Genome.read(file);
    }

    /** genomes/README.md's table names every genome, and no genome's comment names a repository file that is not there (build outputs aside). */
    @Test
    void everyGenomeIsListedAndNamesOnlyFilesThatExist() throws IOException {
        String readme = Files.readString(genomes().resolve("README.md"));
        Path root = genomes().getParent();
        java.util.regex.Pattern repoPath = java.util.regex.Pattern.compile("\\b((?:bench|genomes|docs|java|native)/[\\w./-]*\\w)");
        try (Stream<Path> s = Files.list(genomes())) {
            for (Path file : s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                String name = file.getFileName().toString();
                assertTrue(readme.contains("| `" + name + "`"), "genomes/README.md does not list " + name);
                java.util.regex.Matcher m = repoPath.matcher(Files.readString(file));
                while (m.find()) {
                    // a build's output (java/lcbench/target/ams-lcbench.jar) exists once the build the comment gives has run
                    if (m.group(1).contains("/target/")) continue;
                    assertTrue(Files.exists(root.resolve(m.group(1))), name + " names " + m.group(1) + ", which does not exist");
                }
            }
        }
    }

    @Test
    void theHyperbandGenomeSearchesTheMainJobsSpaceOverEpochs() {
        Genome hb = Genome.read(genomes().resolve("mlp-digits-hyperband.yaml"));
        Genome main = Genome.read(genomes().resolve("mlp-digits.yaml"));
        assertEquals(new StrategySpec("hyperband", 1, Map.of("min_fidelity", 1L, "max_fidelity", 27L, "eta", 3L)), hb.strategy());
        assertEquals(new PrunerSpec("median", Map.of("warmup", 3L, "min_trials", 5L)), hb.pruner());
        assertEquals(main.space().toString().replace("name=epochs, value=20", "name=epochs, value=27"), hb.space().toString());
    }

    @Test
    void thePbtGenomeSearchesTheMainJobsSpaceByPopulationBasedTraining() {
        Genome pbt = Genome.read(genomes().resolve("mlp-digits-pbt.yaml"));
        Genome main = Genome.read(genomes().resolve("mlp-digits.yaml"));
        assertEquals("pbt", pbt.strategy().name());
        assertEquals(8L, pbt.strategy().options().get("population"));
        assertEquals(main.space().toString(), pbt.space().toString());
    }

    @Test
    void theDehbGenomeIsTheHyperbandOneWithDifferentialEvolution() {
        Genome dehb = Genome.read(genomes().resolve("mlp-digits-dehb.yaml"));
        Genome hb = Genome.read(genomes().resolve("mlp-digits-hyperband.yaml"));
        assertEquals(new StrategySpec("dehb", 1, Map.of("min_fidelity", 1L, "max_fidelity", 27L, "eta", 3L, "f", 0.5, "cr", 0.5)),
                dehb.strategy());
        assertEquals(hb.pruner(), dehb.pruner());
        assertEquals(hb.space().toString(), dehb.space().toString());
    }

    @Test
    void mainJobIsAJointSearchOnDigits() {
        Genome g = Genome.read(genomes().resolve("mlp-digits.yaml"));
        assertEquals(new ObjectiveSpec.Mlp("digits"), g.objective());
        assertEquals(new MetricSpec("accuracy", Direction.MAXIMIZE), g.metric());
        assertEquals(Optional.of(new SplitSpec(0.15, 0.15, 1)), g.split());
        assertEquals("ga", g.strategy().name());
        assertEquals(24, g.strategy().longOption("population", 0));
        assertEquals(1, g.strategy().seed());
        assertEquals(1000, g.budget().trials().getAsInt());
        assertEquals(Optional.of(Duration.ofMinutes(2)), g.budget().time());

        SearchSpace space = g.space();
        LayerStack layers = space.stack("layers").orElseThrow();
        assertEquals(1, layers.minDepth());
        assertEquals(3, layers.maxDepth());
        assertEquals(Parameter.logInt("units", 16, 256).withDefault(64), layers.perLayer().get(0));
        assertEquals(Parameter.bool("batchnorm").withDefault(false), layers.perLayer().get(3));
        assertEquals(Parameter.real("momentum", 0.5, 0.99).withDefault(0.9).when("optimizer", "momentum", "nesterov"),
                space.parameter("momentum").orElseThrow());
        assertEquals(Parameter.fixed("epochs", 20), space.parameter("epochs").orElseThrow());
        assertEquals(Parameter.fixed("finetune_epochs", 3).when("prune", "weights", "neurons"),
                space.parameter("finetune_epochs").orElseThrow());
    }

    @Test
    void testFunctionGenomes() {
        Genome branin = Genome.read(genomes().resolve("branin.yaml"));
        assertEquals(new ObjectiveSpec.TestFunction("branin", 2), branin.objective());
        assertEquals(Direction.MINIMIZE, branin.metric().direction());
        assertEquals(Optional.empty(), branin.split());
        assertEquals(0.398, branin.budget().target().getAsDouble());
        assertEquals(List.of(Parameter.real("x1", -5, 10), Parameter.real("x2", 0, 15)), branin.space().parameters());

        Genome rosenbrock = Genome.read(genomes().resolve("rosenbrock10.yaml"));
        assertEquals(new ObjectiveSpec.TestFunction("rosenbrock", 10), rosenbrock.objective());
        assertEquals(10, rosenbrock.space().parameters().size());
    }

    @Test
    void rotatedFunctionsTakeAnInstance() {
        String yaml = """
                objective: {function: rastrigin_rotated, instance: 3}
                metric: {name: value, direction: minimize}
                space:
                  x1: {real: [-5, 5]}
                  x2: {real: [-5, 5]}
                  x3: {real: [-5, 5]}
                strategy: {name: random, seed: 1}
                budget: {trials: 5}
                """;
        assertEquals(new ObjectiveSpec.TestFunction("rastrigin_rotated", 3, 3), Genome.parse(yaml, "r.yaml").objective());
        assertEquals(new ObjectiveSpec.TestFunction("rastrigin_rotated", 3, 0),
                Genome.parse(yaml.replace(", instance: 3", ""), "r.yaml").objective());
        GenomeException e = assertThrows(GenomeException.class,
                () -> Genome.parse(yaml.replace("rastrigin_rotated", "griewank"), "r.yaml"));
        assertTrue(e.getMessage().contains("instance applies to ellipsoid_rotated and rastrigin_rotated, not griewank"), e.getMessage());
        assertTrue(e.getMessage().contains(":1"), e.getMessage());
        GenomeException dim = assertThrows(GenomeException.class,
                () -> Genome.parse(yaml.replace("instance: 3", "dimension: 4"), "r.yaml"));
        assertTrue(dim.getMessage().contains("needs 4 parameters, the space has 3"), dim.getMessage());
        assertEquals(new ObjectiveSpec.TestFunction("styblinski_tang", 3),
                Genome.parse(yaml.replace("rastrigin_rotated, instance: 3", "styblinski_tang"), "r.yaml").objective());
    }

    @Test
    void aFileSpaceEqualsTheSameSpaceBuiltInJava() {
        String yaml = """
                objective: {mlp: {dataset: iris}}
                space:
                  training:
                    optimizer: {choice: [sgd, momentum, adam], default: adam}
                    lr: {log_real: [1.0e-4, 0.3]}
                    momentum: {real: [0.5, 0.99], when: {optimizer: momentum}}
                    batch: {int: [16, 128], step: 16, default: 32}
                    epochs: 10
                  architecture:
                    layers:
                      min: 0
                      max: 4
                      default: 2
                      units: {log_int: [8, 512]}
                      activation: {choice: [relu, leaky-relu]}
                      dropout: {real: [0.01, 0.3], when: {activation: leaky-relu}}
                      batchnorm: {choice: [false, true]}
                  pruning:
                    sparsity: {fixed: 0.5, when: {optimizer: [sgd, adam]}}
                  patience: {int: [0, 3]}
                budget: {trials: 5}
                """;
        SearchSpace expected = SearchSpace.builder()
                .add(Parameter.choice("optimizer", "sgd", "momentum", "adam").withDefault("adam"))
                .add(Parameter.logReal("lr", 1e-4, 0.3))
                .add(Parameter.real("momentum", 0.5, 0.99).when("optimizer", "momentum"))
                .add(Parameter.integer("batch", 16, 128).withStep(16).withDefault(32))
                .add(Parameter.fixed("epochs", 10))
                .add(LayerStack.of("layers", 0, 4).withDefaultDepth(2).with(
                        Parameter.logInt("units", 8, 512),
                        Parameter.choice("activation", "relu", "leaky-relu"),
                        Parameter.real("dropout", 0.01, 0.3).when("activation", "leaky-relu"),
                        Parameter.bool("batchnorm")))
                .add(Parameter.fixed("sparsity", 0.5).when("optimizer", "sgd", "adam"))
                .add(Parameter.integer("patience", 0, 3))
                .build();
        Genome g = Genome.parse(yaml, "inline.yaml");
        assertEquals(expected, g.space());
        // defaults of the sections left out
        assertEquals(new MetricSpec("accuracy", Direction.MAXIMIZE), g.metric());
        assertEquals(Optional.of(SplitSpec.DEFAULT), g.split());
        assertEquals(StrategySpec.of("auto"), g.strategy());
    }

    @Test
    void scalarsFollowYaml12() {
        Genome numbers = Genome.parse("""
                objective: {function: branin}
                space:
                  x1: {real: [-5, 1e1]}
                  x2: {real: [.0, 15.]}
                budget: {trials: 3}
                """, "numbers.yaml");
        assertEquals(Parameter.real("x1", -5, 10), numbers.space().parameters().get(0));
        assertEquals(Parameter.real("x2", 0, 15), numbers.space().parameters().get(1));
        Genome choices = Genome.parse("""
                objective: {mlp: {dataset: digits}}
                space:
                  optimizer: {choice: [adam, "sgd"]}
                  batch: {choice: [32, 64]}
                  warmup_epochs: {choice: [0, 1.5, .5e1]}
                  layers: {min: 1, max: 1, units: 8, batchnorm: {choice: [true, false]}}
                budget: {trials: 3}
                """, "choices.yaml");
        assertEquals(List.of("adam", "sgd"), ((ChoiceParameter) choices.space().parameters().get(0)).choices());
        assertEquals(List.of(32L, 64L), ((ChoiceParameter) choices.space().parameters().get(1)).choices());
        assertEquals(List.of(0L, 1.5, 5.0), ((ChoiceParameter) choices.space().parameters().get(2)).choices());
        assertEquals(List.of(true, false), ((ChoiceParameter) choices.space().stacks().get(0).perLayer().get(1)).choices());
        // `yes` is the string 'yes' (YAML 1.1 made it a boolean)
        GenomeException e = assertThrows(GenomeException.class, () -> Genome.parse("""
                objective: {mlp: {dataset: digits}}
                space:
                  layers: {min: 1, max: 1, units: 8, batchnorm: {choice: [yes, no]}}
                budget: {trials: 3}
                """, "yes.yaml"));
        assertEquals("yes.yaml:3: space.layers.batchnorm.choice[0]: batchnorm takes true or false, got 'yes'", e.getMessage());
    }

    @Test
    void aWideIntegerRangeIsCheckedWithItsStep() {
        // 2^62 values are too many to tell apart; every 2^20-th of them is not
        Genome g = Genome.parse("""
                objective: {function: branin}
                space:
                  x1: {int: [0, 4611686018427387904], step: 1048576}
                  x2: {real: [0, 15]}
                budget: {trials: 3}
                """, "wide.yaml");
        assertEquals((1L << 42) + 1, ((IntParameter) g.space().parameters().get(0)).count());
        GenomeException e = assertThrows(GenomeException.class, () -> Genome.parse("""
                objective: {function: branin}
                space:
                  x1: {int: [0, 4611686018427387904], step: 3}
                  x2: {real: [0, 15]}
                budget: {trials: 3}
                """, "off-grid.yaml"));
        assertTrue(e.getMessage().startsWith("off-grid.yaml:3: space.x1: the range [0, 4611686018427387904] has"
                + " 4611686018427387905 values"), e.getMessage());
    }

    @Test
    void constraintsBoundWhatTheObjectiveMeasuresAndEveryMistakeHasItsLine() {
        String mlp = """
                objective: {mlp: {dataset: digits}}
                space:
                  lr: {log_real: [1.0e-3, 0.1]}
                budget: {trials: 3}
                constraints: %s
                """;
        Genome g = Genome.parse(mlp.formatted("{params: {max: 50000}, latency_ms: {min: 0.01, max: 0.2}}"), "c.yaml");
        assertEquals(List.of(io.ams.engine.Constraint.atMost("params", 50_000),
                new io.ams.engine.Constraint("latency_ms", 0.01, 0.2)), g.constraints());
        assertEquals(List.of(), Genome.parse(mlp.replace("constraints: %s\n", ""), "none.yaml").constraints());
        record Bad(String constraints, String message) {}
        for (Bad bad : List.of(
                new Bad("{param: {max: 5}}", "c.yaml:5: constraints.param: the mlp objective records params, flops,"
                        + " latency_ms, train_seconds, not 'param' (did you mean 'params'?)"),
                new Bad("{params: {max: 5, mx: 6}}", "c.yaml:5: constraints.params.mx: unknown key"),
                new Bad("{params: {min: 5, max: 1}}", "c.yaml:5: constraints.params: constraint on params: min 5.0 is above max 1.0"),
                new Bad("{params: {}}", "c.yaml:5: constraints.params: constraint on params bounds nothing"),
                new Bad("{params: {max: lots}}", "c.yaml:5: constraints.params.max:"),
                new Bad("{}", "c.yaml:5: constraints: no constraint given"))) {
            GenomeException e = assertThrows(GenomeException.class, () -> Genome.parse(mlp.formatted(bad.constraints()), "c.yaml"),
                    bad.constraints());
            assertTrue(e.getMessage().startsWith(bad.message()), bad.constraints() + " -> " + e.getMessage());
        }
        GenomeException function = assertThrows(GenomeException.class, () -> Genome.parse("""
                objective: {function: branin}
                space:
                  x1: {real: [-5, 10]}
                  x2: {real: [0, 15]}
                budget: {trials: 3}
                constraints: {params: {max: 5}}
                """, "f.yaml"));
        assertTrue(function.getMessage().startsWith("f.yaml:6: constraints.params: this objective records no measurements"),
                function.getMessage());
    }

    @Test
    void metricsListTheValueFirstThenGoalsTheObjectiveRecords() {
        String mlp = """
                objective: {mlp: {dataset: digits}}
                metrics: %s
                space:
                  lr: {log_real: [1.0e-3, 0.1]}
                strategy: {name: %s, seed: 1}
                budget: {trials: 3}
                """;
        Genome g = Genome.parse(mlp.formatted("[{name: accuracy, direction: maximize}, {name: params, direction: minimize}]",
                "random"), "m.yaml");
        assertEquals("accuracy", g.metric().name());
        assertEquals(List.of(io.ams.engine.Goal.minimize("params")), g.goals());
        record Bad(String metrics, String strategy, String message) {}
        for (Bad bad : List.of(
                new Bad("[{name: accuracy, direction: maximize}, {name: param, direction: minimize}]", "random",
                        "m.yaml:2: metrics[1]: the mlp objective records params, flops, latency_ms, train_seconds, not 'param'"
                                + " (did you mean 'params'?)"),
                new Bad("[{name: accuracy, direction: maximize}]", "random", "m.yaml:2: metrics: metrics lists two or more"),
                new Bad("[{name: accuracy, direction: maximize}, {name: params, direction: minimize}]", "ga",
                        "m.yaml:5: strategy: 'ga' ranks trials by the value alone; a study with goals besides its value (params minimize)"
                                + " is searched by a multi-objective strategy: random, nsga2, parego, regevo"))) {
            GenomeException e = assertThrows(GenomeException.class,
                    () -> Genome.parse(mlp.formatted(bad.metrics(), bad.strategy()), "m.yaml"), bad.metrics());
            assertTrue(e.getMessage().startsWith(bad.message()), bad.metrics() + " -> " + e.getMessage());
        }
        Genome withReference = Genome.parse(mlp.formatted("[{name: accuracy, direction: maximize}, {name: params, direction: minimize}]",
                "nsga2") + "reference: [0.5, 60000]\n", "r.yaml");
        assertEquals(java.util.Optional.of(List.of(0.5, 60000.0)), withReference.reference());
        GenomeException shortReference = assertThrows(GenomeException.class, () -> Genome.parse(mlp.formatted(
                "[{name: accuracy, direction: maximize}, {name: params, direction: minimize}]", "nsga2") + "reference: [0.5]\n", "r.yaml"));
        assertTrue(shortReference.getMessage().contains("reference: the reference point has 1 value; the metrics are 2 (accuracy, params)"),
                shortReference.getMessage());
        GenomeException both = assertThrows(GenomeException.class, () -> Genome.parse("""
                objective: {mlp: {dataset: digits}}
                metric: {name: accuracy, direction: maximize}
                metrics: [{name: accuracy, direction: maximize}, {name: params, direction: minimize}]
                space:
                  lr: {log_real: [1.0e-3, 0.1]}
                strategy: random
                budget: {trials: 3}
                """, "both.yaml"));
        assertTrue(both.getMessage().startsWith("both.yaml:3: metrics: give metric (one) or metrics"), both.getMessage());
    }

    @Test
    void strategyOptionsAndLaterErrorsKeepTheirLines() {
        Genome g = Genome.parse("""
                objective: {function: branin}
                space:
                  x1: {real: [-5, 10]}
                  x2: {real: [0, 15]}
                strategy:
                  name: hyperband
                  seed: 7
                  eta: 3
                  min_fidelity: 1
                  max_fidelity: 9.0
                budget: {time: 1h30m}
                """, "hb.yaml");
        assertEquals(new StrategySpec("hyperband", 7, Map.of("eta", 3L, "min_fidelity", 1L, "max_fidelity", 9.0)),
                g.strategy());
        assertEquals(Duration.ofMinutes(90), g.budget().time().orElseThrow());
        assertFalse(g.budget().trials().isPresent());
        GenomeException e = g.error("strategy.eta", "eta must be >= 2");
        assertEquals("hb.yaml:8: strategy.eta: eta must be >= 2", e.getMessage());
        // a field the file leaves out is reported at its nearest written ancestor
        assertEquals(5, g.error("strategy.population", "required").line());
        assertEquals("random", Genome.parse("""
                objective: {function: branin}
                space: {x1: {real: [-5, 10]}, x2: {real: [0, 15]}}
                strategy: random
                budget: {trials: 3}
                """, "s.yaml").strategy().name());
    }

    @Test
    void durations() {
        assertEquals(Duration.ofSeconds(30), BudgetSpec.parseDuration("30s"));
        assertEquals(Duration.ofMinutes(2), BudgetSpec.parseDuration("2m"));
        assertEquals(Duration.ofHours(1), BudgetSpec.parseDuration("1h"));
        assertEquals(Duration.ofMinutes(90), BudgetSpec.parseDuration("1.5h"));
        assertEquals(Duration.ofMillis(500), BudgetSpec.parseDuration("500ms"));
        assertEquals(Duration.ofDays(2).plusHours(3), BudgetSpec.parseDuration("2d3h"));
        for (String bad : List.of("", "120", "2 m", "m", "2x", "0s", "-1s", "1h 30m")) {
            assertThrows(IllegalArgumentException.class, () -> BudgetSpec.parseDuration(bad), bad);
        }
    }

    @Test
    void directions() {
        assertTrue(Direction.MAXIMIZE.better(0.9, 0.8));
        assertTrue(Direction.MINIMIZE.better(0.1, 0.2));
        assertTrue(Direction.MINIMIZE.reaches(0.39, 0.398));
        assertFalse(Direction.MAXIMIZE.reaches(0.97, 0.98));
    }
}
