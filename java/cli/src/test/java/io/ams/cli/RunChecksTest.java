package io.ams.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ams.engine.strategies.Strategies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.List;

import static io.ams.cli.TrainCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ams run}'s checks before anything touches the disk (a bad strategy or option leaves
 * no store behind, and a genome's error names its line), the strategy registry on the command
 * line (a plug-in by name, every name in the help), and the failure budget flag.
 */
class RunChecksTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Branin with a strategy block whose option line is line 7. */
    private static Path genome(Path dir, String strategy, String option) throws Exception {
        Path file = dir.resolve("g.yaml");
        Files.writeString(file, """
                objective: {function: branin}
                space:
                  x1: {real: [-5, 10]}
                  x2: {real: [0, 15]}
                strategy:
                  name: %s
                  %s
                budget: {trials: 5}
                """.formatted(strategy, option));
        return file;
    }

    private static void assertNoStore(Path store) {
        for (String suffix : List.of("", ".meta.json", ".lock", ".checkpoints")) {
            Path p = store.resolveSibling(store.getFileName() + suffix);
            assertFalse(Files.exists(p), p + " was left behind");
        }
    }

    @Test
    void anUnknownStrategyNamesTheAvailableOnesAndCreatesNoStore(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("s.ams");
        var r = run("run", Path.of("..", "..", "genomes", "branin.yaml").toString(), "--strategy", "nosuch",
                "--store", store.toString());
        assertNotEquals(0, r.exit());
        assertTrue(r.err().startsWith("error: unknown strategy 'nosuch'; available: auto, random, ga, nsga2, parego, regevo, local, cmaes, bo, "
                + "turbo, saga, sh, hyperband, asha, dehb, bohb, pbt, mine"), r.err());
        assertNoStore(store);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            hyperband | eta: 0.3             | strategy.eta          | must be an integer, got 0.3
            hyperband | eta: 1               | strategy.eta          | must be >= 2, got 1
            hyperband | min_fidelity: 1e-308 | strategy.min_fidelity | is too small: 1.0E-308 to max_fidelity 27.0 with eta 3 makes 648 rungs
            hyperband | min_fidelity: 0      | strategy.min_fidelity | must be > 0, got 0
            hyperband | min_fidelity: 30     | strategy.min_fidelity | must be <= max_fidelity (27.0), got 30.0
            ga        | population: 1e8      | strategy.population   | must be <= 100000, got 100000000 (sizes are capped at 100000)
            ga        | populaton: 10        | strategy.populaton    | unknown option (did you mean 'population'?); known options: crossover, elites
            mine      | fraction: 2          | strategy.fraction     | must be in [0, 1], got 2
            """)
    void aBadStrategyOptionNamesItsLineAndCreatesNoStore(String strategy, String option, String field, String problem,
                                                         @TempDir Path dir) throws Exception {
        Path genome = genome(dir, strategy, option);
        Path store = dir.resolve("s.ams");
        var r = run("run", genome.toString(), "--store", store.toString());
        assertNotEquals(0, r.exit());
        assertTrue(r.err().startsWith("error: " + genome + ":7: " + field + ": " + problem), r.err());
        assertNoStore(store);
    }

    @Test
    void aPlugInStrategyRunsByNameFromTheCommandLine() throws Exception {
        var r = run("run", Path.of("..", "..", "genomes", "branin.yaml").toString(), "--strategy", "mine",
                "--trials", "8", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode o = JSON.readTree(r.out());
        assertEquals("mine", o.get("strategy").asText());
        assertEquals(8, o.get("counts").get("complete").asInt());
        // mine samples the lower half of each range: x1 in [-5, 2.5], x2 in [0, 7.5]
        assertTrue(o.get("best_config").get("x1").asDouble() <= 2.5, r.out());
        assertTrue(o.get("best_config").get("x2").asDouble() <= 7.5, r.out());
    }

    @Test
    void theHelpListsEveryStrategyOfTheRegistry() {
        var r = run("run", "--help");
        assertEquals(0, r.exit(), r.err());
        assertTrue(Strategies.names().size() >= 13, "the built-ins and the plug-in: " + Strategies.names());
        for (String name : Strategies.names()) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith("  " + name + " ")), "a line describes " + name + ": " + r.out());
        }
        assertTrue(r.out().contains("samples the lower part of every dimension (a test plug-in)"), r.out());
        assertTrue(r.out().contains("--max-failures"), r.out());
    }

    @Test
    void maxFailuresStopsTheRunAndResumeKeepsIt(@TempDir Path dir) throws Exception {
        // Every trial of a 50-epoch MLP exceeds a 1 ms timeout, each one a failure.
        Path genome = SearchCommandsTest.tinyMlp(dir, 4, 40, 50);
        Path store = dir.resolve("f.ams");
        var r = run("run", genome.toString(), "--store", store.toString(), "--workers", "1", "--timeout", "1ms",
                "--max-failures", "3", "--json");
        assertEquals(1, r.exit(), "no trial completed: " + r.err());
        JsonNode o = JSON.readTree(r.out());
        assertEquals(3, o.get("counts").get("failed").asInt(), r.out());
        assertTrue(o.get("stop_reason").asText().startsWith("3 trials failed, the failure budget (max failures 3)"), r.out());
        // Resumed, the same flag holds (a fresh allowance for the new run): three more, not the five of
        // the rule that stops a run whose first trials all fail alike.
        var again = run("resume", store.toString(), "--json");
        assertEquals(1, again.exit(), again.err());
        JsonNode resumed = JSON.readTree(again.out());
        assertEquals(6, resumed.get("counts").get("failed").asInt(), again.out());
        assertTrue(resumed.get("stop_reason").asText().startsWith("3 trials failed"), again.out());
    }

    @Test
    void runFlagsKeepMaxFailuresAndKeepCheckpoints() {
        Search.RunFlags flags = new Search.RunFlags(40, Duration.ofMinutes(2), Duration.ofSeconds(30), 7,
                io.ams.engine.KeepCheckpoints.BEST);
        assertEquals("--trials 40 --time 2m --timeout 30s --max-failures 7 --keep-checkpoints best", flags.text());
        assertEquals(flags, Search.RunFlags.of(meta("budget: {trials: 3}\n", flags.attributes())));
        assertEquals(Search.RunFlags.NONE, Search.RunFlags.of(meta("budget: {trials: 3}\n", Search.RunFlags.NONE.attributes())));
    }

    /**
     * The flags are the store's, not a comment in the genome: a user's own "# ams run flags:"
     * line is never read as flags. An older store (no run_flags attribute) keeps them in the
     * line Ams appended after the genome text: that final line alone is read.
     */
    @Test
    void runFlagsComeFromTheStoreNotFromTheUsersComments() {
        String users = "# ams run flags: --trials 5\nbudget: {trials: 3}\n";
        assertEquals(Search.RunFlags.NONE, Search.RunFlags.of(meta(users, Search.RunFlags.NONE.attributes())));
        assertEquals(new Search.RunFlags(9, null, null, null, null),
                Search.RunFlags.of(meta(users, new Search.RunFlags(9, null, null, null, null).attributes())));
        // older stores
        assertEquals(Search.RunFlags.NONE, Search.RunFlags.of(meta(users, Map.of())));
        assertEquals(new Search.RunFlags(40, Duration.ofMinutes(2), null, 7, null),
                Search.RunFlags.of(meta(users + "# ams run flags: --trials 40 --time 2m --max-failures 7\n", Map.of())));
    }

    private static io.ams.store.StudyMeta meta(String genomeText, Map<String, String> attrs) {
        return io.ams.store.StudyMeta.of("g.yaml", genomeText, "{}", io.ams.core.Direction.MINIMIZE, 1, "ga", attrs);
    }
}
