package io.ams.genome;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every malformed genome in test resources fails to load, naming its file, line and field. */
class GenomeErrorTest {

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(GenomeErrorTest.class.getResource("bad/" + name).toURI());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            unknown-top-key.yaml            | 11 | seeed                                             | unknown key 'seeed'; expected one of space, objective
            unknown-nested-key.yaml         | 12 | budget.tiem                                       | unknown key 'tiem'; expected one of trials, time, target
            unknown-parameter-key.yaml      |  7 | space.training.lr.defualt                         | unknown key 'defualt'; expected one of log_real, default, when
            wrong-type.yaml                 | 11 | budget.trials                                     | expected an integer, got 'many'
            wrong-type-range.yaml           |  9 | space.architecture.layers.units.int[1]            | expected an integer, got 64.5
            empty-range.yaml                |  4 | space.x2                                          | empty range [3.0, 3.0]: use a fixed value
            low-above-high.yaml             |  8 | space.training.lr                                 | low 0.1 > high 0.01
            log-low-not-positive.yaml       |  6 | space.training.weight_decay                       | a log range needs low > 0, got 0.0
            unknown-kind.yaml               |  4 | space.x2.flaot                                    | unknown parameter kind 'flaot'; expected one of real, log_real
            condition-missing-parent.yaml   | 10 | space.training.momentum.when.optimiser            | condition on 'optimiser', which is not a parameter
            condition-cycle.yaml            |  6 | space.training.optimizer.when.nesterov            | cycle of conditions: optimizer -> nesterov -> optimizer
            condition-bad-value.yaml        |  7 | space.training.momentum.when.optimizer            | condition on 'optimizer': nesterov is not one of [sgd, momentum, adam]
            condition-missing-sibling.yaml  | 10 | space.architecture.layers.slope.when.activation   | condition on 'activation', which is not a parameter of this stack
            bad-duration.yaml               | 12 | budget.time                                       | bad duration '2 minutes'
            duration-without-unit.yaml      | 10 | budget.time                                       | bad duration 120: give a unit
            unknown-strategy.yaml           | 10 | strategy.name                                     | unknown strategy 'turbo2'; available: auto, random, ga
            bad-direction.yaml              |  5 | metric.direction                                  | direction must be maximize or minimize, got 'up'
            empty-choices.yaml              | 10 | space.architecture.layers.activation.choice       | no choices
            duplicate-choice.yaml           |  6 | space.training.batch                              | choice 32 is listed twice
            stack-min-above-max.yaml        |  6 | space.architecture.layers                         | min depth 4 > max depth 2
            default-outside-range.yaml      |  6 | space.training.dropout.default                    | 0.7 is outside [0.0, 0.5]
            step-off-grid.yaml              |  6 | space.training.batch.step                         | high 100 is not on the grid 16, 32, ... (step 16)
            duplicate-parameter.yaml        |  8 | space.pruning.lr                                  | 'lr' is already declared at line 6
            duplicate-key.yaml              |  7 | space.training.lr                                 | duplicate key (first at line 6)
            missing-budget.yaml             |  1 | budget                                            | missing
            function-dimension.yaml         |  3 | objective.dimension                               | rosenbrock of dimension 3 needs 3 parameters, the space has 2
            unknown-block.yaml              |  4 | space.trainig                                     | unknown block 'trainig'; expected training, architecture or pruning
            mlp-misspelt-parameter.yaml     |  7 | space.training.weight_decy                        | unknown parameter 'weight_decy' of the mlp objective; did you mean 'weight_decay'?
            mlp-misspelt-optimizer.yaml     |  5 | space.training.optimiser                          | unknown parameter 'optimiser' of the mlp objective; did you mean 'optimizer'?
            mlp-unknown-parameter.yaml      |  6 | space.training.learning_rate                      | unknown parameter 'learning_rate' of the mlp objective; it reads optimizer, lr,
            mlp-epochs-not-an-integer.yaml  |  6 | space.training.epochs                             | epochs takes an integer >= 1, got 0.3
            mlp-epochs-real-range.yaml      |  6 | space.training.epochs                             | epochs takes an integer >= 1, not a range of reals
            mlp-dropout-out-of-range.yaml   |  9 | space.architecture.layers.dropout                 | dropout takes a number in [0, 1): the range [0.0, 1.5] reaches 1.5
            mlp-units-out-of-range.yaml     |  8 | space.architecture.layers.units                   | units takes an integer >= 1: the range [0, 64] reaches 0
            mlp-sparsity-from-zero.yaml     |  6 | space.pruning.sparsity                            | sparsity takes a number in (0, 1): the range [0.0, 0.8] reaches 0.0
            mlp-unknown-optimizer.yaml      |  8 | space.training.optimizer.choice[1]                | optimizer takes one of sgd, momentum, nesterov, adam, adamw, rmsprop, adagrad, got 'adamx'
            mlp-layer-name-at-top.yaml      |  7 | space.architecture.units                          | 'units' is a per-layer parameter of the mlp objective: declare it in the layers stack
            mlp-top-name-in-stack.yaml      |  9 | space.architecture.layers.lr                      | 'lr' is not a per-layer parameter: declare it outside the layers stack
            mlp-unknown-stack.yaml          |  5 | space.architecture.layer                          | unknown layer stack 'layer' of the mlp objective; did you mean 'layers'?
            mlp-stack-without-units.yaml    |  5 | space.architecture.layers                         | the layers stack needs units, the width of each layer
            int-range-too-wide.yaml         |  4 | space.x2                                          | the range [0, 4611686018427387904] has 4611686018427387905 values, more than the 2^48
            deterministic-not-a-boolean.yaml |  5 | deterministic                                    | deterministic must be true or false, got sometimes
            warm-start-misspelt-key.yaml    |  8 | warm_start.neighbors                              | unknown key 'neighbors'; expected one of archive, neighbours, configurations
            warm-start-zero-configurations.yaml | 6 | warm_start.configurations                      | configurations must be in [1, 10000], got 0
            """)
    void namesFileLineAndField(String file, int line, String field, String problem) throws URISyntaxException {
        Path path = fixture(file);
        GenomeException e = assertThrows(GenomeException.class, () -> Genome.read(path));
        assertEquals(path.toString(), e.source());
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.problem().startsWith(problem), () -> "problem: " + e.problem());
        assertTrue(e.getMessage().startsWith(path + ":" + line + ": " + field + ": " + problem), e.getMessage());
    }

    @Test
    void yamlSyntaxErrorNamesTheLine() throws URISyntaxException {
        Path path = fixture("not-yaml.yaml");
        GenomeException e = assertThrows(GenomeException.class, () -> Genome.read(path));
        assertEquals(10, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith(path + ":10: not valid YAML"), e.getMessage());
    }

    @Test
    void emptyFileIsAnError() throws URISyntaxException {
        Path path = fixture("empty.yaml");
        GenomeException e = assertThrows(GenomeException.class, () -> Genome.read(path));
        assertEquals(path + ":1: empty genome: expected space, objective and budget", e.getMessage());
    }

    @Test
    void aGenomeOverTheSizeCapIsRefusedUnparsed(@TempDir Path dir) throws IOException {
        // A genome is a few KB; megabytes of YAML used to keep the reader busy for minutes.
        StringBuilder text = new StringBuilder("objective: {function: branin}\nspace:\n");
        for (int i = 0; text.length() <= (1 << 20); i++) text.append("  x").append(i).append(": {real: [0, 1]}\n");
        text.append("budget: {trials: 10}\n");
        Path path = Files.writeString(dir.resolve("huge.yaml"), text);
        GenomeException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(GenomeException.class, () -> Genome.read(path)));
        assertTrue(e.getMessage().startsWith(path + ": the file is " + Files.size(path)
                + " bytes, more than the 1048576 a genome may have"), e.getMessage());
        GenomeException parsed = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(GenomeException.class, () -> Genome.parse(text.toString(), "text")));
        assertTrue(parsed.getMessage().startsWith("text: the genome is " + text.length()
                + " characters, more than the 1048576 a genome may have"), parsed.getMessage());
    }

    @Test
    void deepNestingAndAliasBombsAreRefusedAtTheirLine() {
        String deep = "objective: {function: branin}\nbudget: {trials: 10}\nspace: " + "[".repeat(5000) + "]".repeat(5000) + "\n";
        GenomeException nested = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(GenomeException.class, () -> Genome.parse(deep, "deep.yaml")));
        assertTrue(nested.getMessage().startsWith("deep.yaml:3: not valid YAML: Nesting Depth exceeded max 50"),
                nested.getMessage());
        // "billion laughs": each alias doubles the document, 2^30 nodes from a few lines
        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x]\n");
        for (int i = 1; i <= 30; i++) bomb.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a").append(i - 1).append("]\n");
        GenomeException aliases = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(GenomeException.class, () -> Genome.parse(bomb.toString(), "bomb.yaml")));
        assertTrue(aliases.getMessage().startsWith("bomb.yaml"), aliases.getMessage());
        assertTrue(aliases.getMessage().contains(": not valid YAML: Number of aliases for non-scalar nodes exceeds the specified max=50"),
                aliases.getMessage());
    }

    @Test
    void longValuesAreQuotedInPart() {
        // a misplaced value must not come back whole in the message
        String value = "a".repeat(1000);
        GenomeException e = assertThrows(GenomeException.class, () -> Genome.parse(
                "objective: {function: branin}\nspace: {x1: {real: [-5, 10]}, x2: {real: [0, 15]}}\nbudget: {trials: " + value + "}\n",
                "long.yaml"));
        assertTrue(e.getMessage().startsWith("long.yaml:3: budget.trials: expected an integer, got '"
                + "a".repeat(40) + "...' (1000 characters)"), e.getMessage());
        // a long value or key is refused at its line, whatever would have quoted it
        String huge = "b".repeat(100_000);
        GenomeException strategy = assertThrows(GenomeException.class, () -> Genome.parse(
                "objective: {function: branin}\nspace: {x1: {real: [-5, 10]}, x2: {real: [0, 15]}}\nbudget: {trials: 3}\n"
                        + "strategy: " + huge + "\n", "strategy.yaml"));
        assertTrue(strategy.getMessage().startsWith("strategy.yaml:4: strategy: a value of 100000 characters, '"
                + "b".repeat(40) + "...' (100000 characters)"), strategy.getMessage());
        assertTrue(strategy.getMessage().length() < 300, strategy.getMessage());
        // (YAML itself refuses a plain key over 1024 characters)
        GenomeException key = assertThrows(GenomeException.class, () -> Genome.parse(
                "objective: {function: branin}\n" + "c".repeat(1000) + ": 1\n", "key.yaml"));
        assertTrue(key.getMessage().startsWith("key.yaml:2: a key of 1000 characters, '" + "c".repeat(40)), key.getMessage());
        assertTrue(key.getMessage().length() < 300, key.getMessage());
    }

    @Test
    void missingFileNamesIt() {
        GenomeException e = assertThrows(GenomeException.class, () -> Genome.read(Path.of("no/such/genome.yaml")));
        assertTrue(e.getMessage().startsWith("no/such/genome.yaml: cannot read the file"), e.getMessage());
    }
}
