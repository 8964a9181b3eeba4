package io.ams.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ams.store.ChronicleTrialStore;
import io.ams.store.TrialRecord;
import io.ams.store.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.ams.cli.TrainCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ams run}, {@code show}, {@code export} and their errors, run in this JVM. */
class SearchCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A digits MLP whose trials take milliseconds: one layer of 8-32 units, 2 epochs, a GA of 4. */
    static Path tinyMlp(Path dir, int population, int trials, int epochs) throws Exception {
        Path file = dir.resolve("tiny-mlp.yaml");
        Files.writeString(file, """
                # a tiny digits search for tests
                objective: {mlp: {dataset: digits}}
                space:
                  training:
                    lr: {log_real: [1.0e-3, 0.1]}
                    batch: 32
                    epochs: %d
                  architecture:
                    layers:
                      min: 1
                      max: 1
                      units: {log_int: [8, 32]}
                strategy: {name: ga, seed: 3, population: %d}
                budget: {trials: %d}
                """.formatted(epochs, population, trials));
        return file;
    }

    @Test
    void braninJsonFindsTheMinimum() throws Exception {
        var r = run("run", Path.of("..", "..", "genomes", "branin.yaml").toString(), "--trials", "60", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode o = JSON.readTree(r.out());
        assertEquals(60, o.get("trials").asInt());
        assertEquals(60, o.get("counts").get("complete").asInt() + o.get("counts").get("failed").asInt());
        assertEquals(0, o.get("counts").get("cancelled").asInt());
        assertFalse(o.get("counts").has("running"), "nothing runs once the search has returned: " + r.out());
        assertEquals("minimize", o.get("direction").asText());
        assertEquals("trial budget spent", o.get("stop_reason").asText());
        // Branin's minimum is 0.397887; 60 GA trials get within 1 of it
        double best = o.get("value").asDouble();
        assertTrue(best >= 0.3978 && best < 1.0, "best " + best);
        assertTrue(o.get("best_config").has("x1") && o.get("best_config").has("x2"), r.out());
        assertTrue(o.get("test_metric").isNull(), "a test function has no test split");
        assertTrue(o.get("store").isNull());
    }

    @Test
    void braninTextSaysTheStoreIsInMemoryAndLogsEachTrial() {
        var r = run("run", Path.of("..", "..", "genomes", "branin.yaml").toString(), "--trials", "12", "--workers", "1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("no --store: trials are kept in memory only"), r.out());
        List<String> logged = r.out().lines().filter(l -> l.startsWith("trial ")).toList();
        assertEquals(12, logged.size(), r.out());
        assertTrue(logged.get(0).matches("trial 0 COMPLETE value=[0-9.]+ best=[0-9.]+ \\([0-9.]+ s\\) \\{\"x1\":.*\\}"),
                logged.get(0));
        assertTrue(r.out().contains("stopped: trial budget spent"), r.out());
        assertTrue(r.out().contains("trials: 12 (12 complete)"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("  x1: -?[0-9.]+")), r.out());
    }

    @Test
    void tinyMlpRunThenShowAndExport(@TempDir Path dir) throws Exception {
        Path genome = tinyMlp(dir, 4, 8, 2);
        Path store = dir.resolve("tiny.ams");
        var r = run("run", genome.toString(), "--store", store.toString(), "--workers", "2");
        assertEquals(0, r.exit(), r.err());
        assertFalse(r.out().contains("in memory only"), r.out());
        assertTrue(r.out().matches("(?s).*best: trial \\d+, validation accuracy 0\\.\\d{4}\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*test accuracy 0\\.\\d{4}, measured once on the held-out test split.*"), r.out());
        assertTrue(r.out().matches("(?s).*\n  layers: 1 layer\n    #  units\n    1 +\\d+\n.*"), r.out());
        assertFalse(r.out().contains("note: retraining"), "the final retraining reproduces the searched value: " + r.out());
        assertTrue(r.out().matches("(?s).*\nmeasured: flops [\\d,]+, latency_ms [\\d.]+, params [\\d,]+, train_seconds [\\d.]+\n.*"), r.out());

        var show = run("show", store.toString(), "--top", "3");
        assertEquals(0, show.exit(), show.err());
        assertTrue(show.out().contains("trials: 8 (8 complete)"), show.out());
        assertTrue(show.out().contains("ga (seed 3), maximize"), show.out());
        assertTrue(show.out().contains("best: trial "), show.out());
        // a GA saves no checkpoints: the disk line is the store alone
        assertTrue(show.out().lines().anyMatch(l -> l.matches("disk: [\\d.]+ [kMG]?B")), show.out());

        var json = run("export", store.toString(), "--json");
        assertEquals(0, json.exit(), json.err());
        JsonNode trials = JSON.readTree(json.out()).get("trials");
        assertEquals(8, trials.size());
        double bestValue = -1;
        for (JsonNode t : trials) {
            assertEquals("COMPLETE", t.get("state").asText());
            assertEquals(2, t.get("curve").size(), "one validation accuracy per epoch");
            assertEquals(1, t.get("config").get("layers").size());
            int units = t.get("config").get("layers").get(0).get("units").asInt();
            assertTrue(units >= 8 && units <= 32, t.toString());
            // what the trained network costs, recorded with every trial
            JsonNode m = t.get("metrics");
            assertEquals(2.0 * (64 * units + units * 10), m.get("flops").asDouble(), t.toString());
            assertTrue(m.get("params").asDouble() > 0 && m.get("params").asDouble() <= 64 * units + units * 10, t.toString());
            assertTrue(m.get("latency_ms").asDouble() > 0 && m.get("train_seconds").asDouble() > 0, t.toString());
            bestValue = Math.max(bestValue, t.get("value").asDouble());
        }
        assertTrue(show.out().contains("value " + String.format(java.util.Locale.ROOT, "%.4f", bestValue)), show.out());

        Path csvFile = dir.resolve("trials.csv");
        var csv = run("export", store.toString(), "--csv", "-o", csvFile.toString());
        assertEquals(0, csv.exit(), csv.err());
        List<String> rows = Files.readAllLines(csvFile);
        assertEquals(9, rows.size(), "header and 8 trials");
        assertTrue(rows.get(0).startsWith("id,state,value,fidelity,seed,started,ended,error,metric.flops,metric.latency_ms,"
                + "metric.params,metric.train_seconds,"), rows.get(0));
        assertTrue(rows.get(1).startsWith("0,COMPLETE,0."), rows.get(1));

        // Running it again on the same store resumes a finished study: nothing more is trained.
        var again = run("run", genome.toString(), "--store", store.toString(), "--json");
        assertEquals(0, again.exit(), again.err());
        assertEquals(8, JSON.readTree(again.out()).get("trials").asInt());
    }

    /**
     * Accuracy against size, searched by nsga2 under a size bound: run and show print the Pareto
     * front, --json lists it, export marks it; every front trial is non-dominated and within the bound.
     */
    @Test
    void severalMetricsGiveAParetoFront(@TempDir Path dir) throws Exception {
        Path genome = tinyMlp(dir, 6, 16, 2);
        // 8 to 32 units: 592 to 2368 weights; at most 1800 leaves about three quarters
        Files.writeString(genome, Files.readString(genome)
                .replace("strategy: {name: ga, seed: 3, population: 6}", "strategy: {name: nsga2, seed: 3, population: 4}")
                + "metrics: [{name: accuracy, direction: maximize}, {name: params, direction: minimize}]\n"
                + "constraints: {params: {max: 1800}}\nreference: [0, 2000]\n");
        Path store = dir.resolve("front.ams");
        var r = run("run", genome.toString(), "--store", store.toString(), "--workers", "1", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode o = JSON.readTree(r.out());
        assertTrue(o.get("hypervolume").asDouble() > 0, r.out());
        List<Long> front = new ArrayList<>();
        o.get("front").forEach(id -> front.add(id.asLong()));
        assertFalse(front.isEmpty(), r.out());

        assertEquals(List.of(0.0, 2000.0), List.of(o.get("reference").get(0).asDouble(), o.get("reference").get(1).asDouble()));
        // every front trial trained again once and measured on the test split
        assertEquals(front.size(), o.get("front_test").size(), r.out());
        for (long id : front) {
            double test = o.get("front_test").get(Long.toString(id)).get("test_metric").asDouble();
            assertTrue(test > 0.3 && test <= 1, r.out());
        }
        var json = run("export", store.toString(), "--json");
        Map<Long, double[]> byId = new HashMap<>();
        List<Long> marked = new ArrayList<>();
        JSON.readTree(json.out()).get("trials").forEach(t -> {
            double[] values = {t.get("values").get(0).asDouble(), t.get("values").get(1).asDouble()};
            assertEquals(t.get("value").asDouble(), values[0]);
            assertEquals(t.get("metrics").get("params").asDouble(), values[1]);
            if (t.get("feasible").asBoolean()) byId.put(t.get("id").asLong(), values);
            if (t.get("front").asBoolean()) marked.add(t.get("id").asLong());
        });
        assertEquals(front.stream().sorted().toList(), marked);
        for (long id : front) {
            double[] a = byId.get(id);
            assertTrue(a[1] <= 1800, "front trial " + id + " within the bound: " + json.out());
            for (double[] b : byId.values()) {
                boolean dominates = b[0] >= a[0] && b[1] <= a[1] && (b[0] > a[0] || b[1] < a[1]);
                assertFalse(dominates, "front trial " + id + " is dominated: " + json.out());
            }
        }
        var show = run("show", store.toString());
        assertEquals(0, show.exit(), show.err());
        assertTrue(show.out().contains("Pareto front of accuracy, params: " + front.size() + " of "), show.out());
        assertTrue(show.out().contains(" trials, hypervolume " + String.format(java.util.Locale.ROOT, "%.4f",
                o.get("hypervolume").asDouble()) + " against (accuracy 0, params 2,000)\n"), show.out());
    }

    /** A size bound on the network: the best trial is within it, the others are kept and marked, show ranks them last. */
    @Test
    void constraintsPickTheBestTrialWithinThemAndShowMarksTheOthers(@TempDir Path dir) throws Exception {
        Path genome = tinyMlp(dir, 6, 18, 2);
        // 8 to 32 units: 64*u + 10*u weights, 592 to 2368; at most 1200 leaves about half
        Files.writeString(genome, Files.readString(genome) + "constraints: {params: {max: 1200}}\n");
        Path store = dir.resolve("bounded.ams");
        var r = run("run", genome.toString(), "--store", store.toString(), "--workers", "1", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode o = JSON.readTree(r.out());
        assertTrue(o.get("best_metrics").get("params").asDouble() <= 1200, r.out());
        long infeasible = o.get("counts").get("infeasible").asLong();
        assertTrue(infeasible > 0 && infeasible < 18, r.out());

        var show = run("show", store.toString(), "--top", "18");
        assertEquals(0, show.exit(), show.err());
        assertTrue(show.out().contains("constraints: params <= 1200; " + infeasible + " completed trial"), show.out());
        List<String> lines = show.out().lines().toList();
        int firstMarked = -1;
        int lastRow = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().startsWith("infeasible: params ") && firstMarked < 0) firstMarked = i;
            if (lines.get(i).matches(" +\\d+ +0\\.\\d{4} .*")) lastRow = i;
        }
        assertTrue(firstMarked > 0, show.out());
        assertEquals(infeasible, lines.stream().filter(l -> l.trim().startsWith("infeasible: params ")).count(), show.out());
        // every row within the bound comes before the first one outside it
        long feasibleRowsAfter = java.util.stream.IntStream.range(firstMarked, lastRow + 1)
                .filter(i -> lines.get(i).matches(" +\\d+ +0\\.\\d{4} .*"))
                .filter(i -> i + 1 >= lines.size() || !lines.get(i + 1).trim().startsWith("infeasible:")).count();
        assertEquals(0, feasibleRowsAfter, show.out());
    }

    /**
     * show and export of a store a crash left with damaged records: they say which trials they
     * cannot give back (export on stderr), and leave the store's files as they were.
     */
    @Test
    void showAndExportOfACrashedDamagedStoreSayWhatIsMissingAndChangeNothing(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("branin.ams");
        var r = run("run", Path.of("..", "..", "genomes", "branin.yaml").toString(), "--trials", "6", "--workers", "1",
                "--store", store.toString());
        assertEquals(0, r.exit(), r.err());
        // damage every stored configuration, and leave the store as a killed run does
        byte[] bytes = Files.readAllBytes(store);
        byte[] needle = "\"x1\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int damaged = 0;
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                bytes[i + 1] ^= 0x20;
                damaged++;
            }
        }
        assertTrue(damaged >= 6, "found " + damaged);
        Files.write(store, bytes);
        Path lock = store.resolveSibling("branin.ams.lock");
        Files.writeString(lock, "open pid=1\n");
        byte[] mapBefore = Files.readAllBytes(store);

        var json = run("export", store.toString(), "--json");
        assertEquals(0, json.exit(), json.err());
        assertTrue(json.err().contains("note: trial 0: damaged"), json.err());
        var show = run("show", store.toString());
        assertEquals(0, show.exit(), show.err());
        assertTrue(show.out().contains("note: trial 0: damaged"), show.out());

        assertTrue(java.util.Arrays.equals(mapBefore, Files.readAllBytes(store)), "show and export change nothing");
        assertEquals("open pid=1\n", Files.readString(lock));
    }

    @Test
    void malformedGenomeFailsBeforeAnyTrialAndCreatesNoStore(@TempDir Path dir) throws Exception {
        Path genome = dir.resolve("bad.yaml");
        Files.writeString(genome, """
                objective: {function: branin}
                space:
                  x1: {real: [10, -5]}
                  x2: {real: [0, 15]}
                budget: {trials: 5}
                """);
        Path store = dir.resolve("bad.ams");
        var r = run("run", genome.toString(), "--store", store.toString());
        assertEquals(1, r.exit());
        assertEquals("error: " + genome + ":3: space.x1: low 10.0 > high -5.0", r.err().strip());
        assertEquals("", r.out());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(genome), files.toList(), "no store, meta or lock file");
        }
    }

    @Test
    void missingOrForeignStoreIsAnErrorNamingTheFile(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.ams");
        var r = run("show", missing.toString());
        assertEquals(1, r.exit());
        assertEquals("error: " + missing + ": no such file", r.err().strip());
        Path foreign = dir.resolve("notes.txt");
        Files.writeString(foreign, "not a store");
        r = run("export", foreign.toString(), "--csv");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("error: " + foreign + ": not a trial store"), r.err());
        // with --json, the same error as a JSON object on stdout
        r = run("export", foreign.toString(), "--json");
        assertEquals(1, r.exit());
        assertTrue(JSON.readTree(r.out()).get("error").asText().startsWith(foreign + ": not a trial store"), r.out());
        r = run("resume", missing.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("error: " + missing), r.err());
    }

    @Test
    void resumeRefusesAnotherStrategyOrSeed(@TempDir Path dir) throws Exception {
        Path genome = Path.of("..", "..", "genomes", "branin.yaml");
        Path store = dir.resolve("b.ams");
        assertEquals(0, run("run", genome.toString(), "--trials", "10", "--store", store.toString(), "--json").exit());

        var r = run("resume", store.toString(), "--strategy", "random");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("error: " + store + " holds a ga search (seed 1); resume continues it as it began."
                + " To search with random, start a new store"), r.err());
        r = run("resume", store.toString(), "--seed", "5");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("holds a search with seed 1"), r.err());
        r = run("run", genome.toString(), "--store", store.toString(), "--strategy", "random");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("holds another study: strategy ga, not random"), r.err());
        assertTrue(r.err().contains("ams resume " + store), r.err());

        try (ChronicleTrialStore s = ChronicleTrialStore.open(store)) {
            assertEquals(10, s.size(), "the refused runs left the store as it was");
        }
    }

    /**
     * Two genomes of one 2-d space but different functions are different studies: their values
     * must not be ranked together in one store. Nor other strategy options or another pruner.
     */
    @Test
    void runRefusesAStoreOfAnotherObjectiveStrategyOptionsOrPruner(@TempDir Path dir) throws Exception {
        String branin = Files.readString(Path.of("..", "..", "genomes", "branin.yaml"));
        Path first = dir.resolve("branin.yaml");
        Files.writeString(first, branin);
        Path store = dir.resolve("b.ams");
        assertEquals(0, run("run", first.toString(), "--trials", "10", "--store", store.toString(), "--json").exit());

        Path rosenbrock = dir.resolve("rosenbrock.yaml");
        Files.writeString(rosenbrock, branin.replace("{function: branin}", "{function: rosenbrock}"));
        var r = run("run", rosenbrock.toString(), "--store", store.toString());
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.err().contains("holds another study: objective function:branin, not function:rosenbrock"), r.err());

        Path options = dir.resolve("population.yaml");
        Files.writeString(options, branin.replace("population: 20", "population: 10"));
        r = run("run", options.toString(), "--store", store.toString());
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.err().contains("holds another study: strategy options {population=20}, not {population=10}"), r.err());

        Path pruned = dir.resolve("pruned.yaml");
        Files.writeString(pruned, branin + "pruner: {name: median, warmup: 2}\n");
        r = run("run", pruned.toString(), "--store", store.toString());
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.err().contains("holds another study: pruner none, not median(warmup=2, min_trials=5)"), r.err());

        try (ChronicleTrialStore s = ChronicleTrialStore.open(store)) {
            assertEquals(10, s.size(), "the refused runs left the store as it was");
        }
        // The same genome from another file resumes it.
        Path copy = dir.resolve("copy.yaml");
        Files.writeString(copy, branin);
        r = run("run", copy.toString(), "--store", store.toString(), "--trials", "12", "--json");
        assertEquals(0, r.exit(), r.err());
        assertEquals(12, JSON.readTree(r.out()).get("trials").asInt());
    }

    /** A "# ams run flags:" comment of the user's own in the genome is a comment: resume keeps the genome's budget. */
    @Test
    void resumeDoesNotReadTheUsersCommentAsFlags(@TempDir Path dir) throws Exception {
        Path genome = dir.resolve("commented.yaml");
        Files.writeString(genome, "# ams run flags: --trials 30   (how I ran it last time)\n"
                + Files.readString(Path.of("..", "..", "genomes", "branin.yaml"))
                        .replace("budget: {trials: 200, target: 0.398}", "budget: {trials: 12}"));
        Path store = dir.resolve("c.ams");
        var r = run("run", genome.toString(), "--store", store.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        assertEquals(12, JSON.readTree(r.out()).get("trials").asInt());
        r = run("resume", store.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        assertEquals(12, JSON.readTree(r.out()).get("trials").asInt(), "the genome's budget, not the comment's");
    }

    @Test
    void resumeKeepsTheRunsBudgetFlagsAndExtendsOnRequest(@TempDir Path dir) throws Exception {
        Path genome = Path.of("..", "..", "genomes", "branin.yaml");
        Path store = dir.resolve("b.ams");
        assertEquals(0, run("run", genome.toString(), "--trials", "10", "--store", store.toString(), "--json").exit());
        // no --trials: the 10 given to `run` hold, not the genome's 200
        var r = run("resume", store.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        assertEquals(10, JSON.readTree(r.out()).get("trials").asInt());
        r = run("resume", store.toString(), "--trials", "25");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("resuming " + genome + " from its store: 10 trials stored (10 complete)"), r.out());
        assertTrue(r.out().contains("trials: 25 (25 complete)"), r.out());
        List<TrialRecord> all;
        try (ChronicleTrialStore s = ChronicleTrialStore.open(store)) {
            all = s.all();
        }
        assertEquals(25, all.size());
        assertTrue(all.stream().allMatch(t -> t.state() == TrialState.COMPLETE));
    }

    @Test
    void everyShippedGenomeIsBundledAsItIs() throws Exception {
        // The jar's genomes are copied from genomes/ at build time: the same names, the same bytes.
        List<String> shipped;
        try (var files = Files.list(Path.of("..", "..", "genomes"))) {
            shipped = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length())).sorted().toList();
        }
        assertEquals(shipped, BundledGenomes.names());
        for (String name : shipped) {
            assertEquals(Files.readString(Path.of("..", "..", "genomes", name + ".yaml")), BundledGenomes.text(name).orElseThrow(), name);
        }
        assertTrue(shipped.contains(RunCommand.DEFAULT));
    }

    @Test
    void aBundledGenomeRunsByName() throws Exception {
        var r = run("run", "branin", "--trials", "20", "--json");
        assertEquals(0, r.exit(), r.err());
        assertEquals("bundled:branin.yaml", JSON.readTree(r.out()).get("genome").asText(), r.out());
        r = run("run", "branin.yaml", "--trials", "5", "--json");
        assertEquals(0, r.exit(), r.err());
    }

    @Test
    void anUnknownGenomeNameListsTheBundledOnes() {
        var r = run("run", "brannin", "--trials", "5");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("error: brannin: no such file, and no bundled genome of that name; did you mean 'branin'?"), r.err());
        assertTrue(r.err().contains("rosenbrock10") && r.err().contains("mlp-digits-pbt"), r.err());
    }

    @Test
    void genomesListsEachBundledGenomeOnOneLine() throws Exception {
        var r = run("genomes");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().strip().lines().toList();
        assertEquals(BundledGenomes.names().size(), lines.size(), r.out());
        for (String name : BundledGenomes.names()) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(name + " ") && l.strip().length() > name.length() + 10), r.out());
        }
        assertTrue(r.out().contains("branin ") && r.out().contains("Branin"), r.out());
    }

    @Test
    void badDurationIsAUsageError() {
        var r = run("run", Path.of("..", "..", "genomes", "branin.yaml").toString(), "--time", "2 minutes");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("bad duration '2 minutes'"), r.err());
    }

    @Test
    void aSpentTimeBudgetIsNamedAsItWasGiven() {
        // "2m", as --time takes it, never Duration's "PT2M"
        var r = run("run", Path.of("..", "..", "genomes", "branin.yaml").toString(), "--strategy", "random",
                "--trials", "100000000", "--time", "1s", "--workers", "1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("stopped: time budget of 1s spent"), r.out());
        assertFalse(r.out().contains("PT1S"), r.out());
        assertEquals("2m", io.ams.core.Durations.text(java.time.Duration.ofMinutes(2)));
        assertEquals("90m", io.ams.core.Durations.text(java.time.Duration.ofMinutes(90)));
        assertEquals("1500ms", io.ams.core.Durations.text(java.time.Duration.ofMillis(1500)));
    }

    @Test
    void userErrorsAreOneErrorLineAndAHint() {
        var missing = run("run", "no-such-genome.yaml");
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("error: no-such-genome.yaml: no such file"), missing.err());
        assertFalse(missing.err().contains("Exception"), missing.err());
        var badValue = run("run", "--trials", "x");
        assertEquals(2, badValue.exit());
        assertTrue(badValue.err().startsWith("error: "), badValue.err());
        assertTrue(badValue.err().contains("see 'ams run --help'"), badValue.err());
        var typo = run("rnu");
        assertEquals(2, typo.exit());
        assertTrue(typo.err().contains("did you mean 'run'?"), typo.err());
        var help = run("help", "run");
        assertEquals(0, help.exit(), help.err());
        assertTrue(help.out().contains("Usage: ams run"), help.out());
    }

    /**
     * Trials running when the time budget ends are cancelled: an in-memory run reports them as
     * such, never as running (the search has returned, nothing runs any more).
     */
    @Test
    void aSpentTimeBudgetReportsTheTrialsItCancelled(@TempDir Path dir) throws Exception {
        // trials of about a second (1000 epochs of a tiny MLP), so that the 2 s budget ends mid-trial
        Path genome = tinyMlp(dir, 4, 1000, 1000);
        var r = run("run", genome.toString(), "--time", "2s", "--workers", "2");
        assertTrue(r.exit() == 0 || r.exit() == 1, r.out() + r.err());
        assertTrue(r.out().contains("stopped: time budget of 2s spent"), r.out());
        String trials = r.out().lines().filter(l -> l.startsWith("trials: ")).findFirst().orElseThrow();
        assertTrue(trials.matches("trials: \\d+ \\(.*\\b[12] cancelled\\)"), trials);
        assertFalse(trials.contains("running"), trials);

        var json = run("run", genome.toString(), "--time", "2s", "--workers", "2", "--json");
        JsonNode counts = JSON.readTree(json.out()).get("counts");
        assertTrue(counts.get("cancelled").asInt() >= 1, json.out());
        assertFalse(counts.has("running"), json.out());
    }

    @Test
    void resumeWithATrialBudgetBelowTheStoredSaysSo(@TempDir Path dir) {
        Path store = dir.resolve("b.ams");
        var r = run("run", Path.of("..", "..", "genomes", "branin.yaml").toString(), "--trials", "5", "--store",
                store.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        var again = run("resume", store.toString(), "--trials", "3");
        assertEquals(1, again.exit(), again.out());
        assertTrue(again.err().contains("--trials 3 is below the 5 trials"), again.err());
    }
}
