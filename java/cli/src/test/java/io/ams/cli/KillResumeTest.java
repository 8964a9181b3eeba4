package io.ams.cli;

import io.ams.engine.ParetoSummary;
import io.ams.store.ChronicleTrialStore;
import io.ams.store.StudyMeta;
import io.ams.store.TrialRecord;
import io.ams.report.StudyReport;
import io.ams.store.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The store's promise, end to end: a search killed with SIGKILL at random moments and resumed
 * each time ends exactly where an uninterrupted search of the same genome and seed ends.
 * The killed searches run in their own JVMs ({@code io.ams.cli.Main}), as a user's would.
 */
class KillResumeTest {
    private static final int BUDGET = 40;
    private static final int KILLS = 3;
    /** Bounds every wait on a child JVM: a stuck child fails the test instead of hanging the build. */
    private static final long WAIT_MS = 60_000;
    static final String EOF = "\u0000eof";
    private static final Pattern TRIAL_LINE = Pattern.compile("^trial (\\d+) (COMPLETE|FAILED) (?:value=(\\S+) )?.* (\\{.*\\})$");

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void killedThreeTimesThenResumedEndsAsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        // The tiny digits MLP with 100 epochs: trials of tens of milliseconds, so kills land mid-training.
        // More mutation than the GA's default: fewer children that copy a trained parent (and take
        // no time), so that most kills find trials running.
        Path genome = SearchCommandsTest.tinyMlp(dir, 6, BUDGET, 100);
        Files.writeString(genome, Files.readString(genome).replace("population: 6}", "population: 6, mutation: 0.5}"));
        killAndResume(dir, genome);
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aMultiFidelitySearchKilledThreeTimesContinuesItsCheckpointsAsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        // Hyperband on the tiny digits MLP: rungs of 3, 9 and 27 epochs, each promotion restoring
        // its parent's checkpoint; a kill may land in a training, or in a checkpoint's writing.
        Path genome = SearchCommandsTest.tinyMlp(dir, 6, BUDGET, 27);
        Files.writeString(genome, Files.readString(genome)
                .replace("{name: ga, seed: 3, population: 6}", "{name: hyperband, seed: 3, min_fidelity: 3, max_fidelity: 27, eta: 3}"));
        killAndResume(dir, genome);
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aMultiObjectiveSearchKilledThreeTimesKeepsItsFront(@TempDir Path dir) throws Exception {
        // nsga2 on accuracy against size under a size bound: the store keeps every metric, the
        // resumed strategy hears each trial's objectives and violation again, the front is the same.
        Path genome = SearchCommandsTest.tinyMlp(dir, 6, BUDGET, 100);
        Files.writeString(genome, Files.readString(genome)
                .replace("{name: ga, seed: 3, population: 6}", "{name: nsga2, seed: 3, population: 6, mutation: 0.5}")
                + "metrics: [{name: accuracy, direction: maximize}, {name: params, direction: minimize}]\n"
                + "constraints: {params: {max: 1800}}\nreference: [0, 2000]\n");
        Runs runs = killAndResume(dir, genome);
        ParetoSummary killed = ParetoSummary.of(runs.killed(), runs.meta());
        ParetoSummary whole = ParetoSummary.of(runs.uninterrupted(), runs.meta());
        assertFalse(whole.front().isEmpty());
        // by position, not id: ids may skip in the killed run (see killAndResume)
        assertEquals(frontPositions(whole, runs.uninterrupted()), frontPositions(killed, runs.killed()));
        assertEquals(whole.hypervolume(), killed.hypervolume(), 0.0);
        for (TrialRecord t : runs.killed()) {
            if (t.state() == TrialState.COMPLETE) assertTrue(t.metrics().containsKey("params"), t.toString());
        }
    }

    /** The trials of a run killed and resumed, those of the same run uninterrupted, and the study's metadata. */
    private record Runs(List<TrialRecord> killed, List<TrialRecord> uninterrupted, StudyMeta meta) {}

    private static Runs killAndResume(Path dir, Path genome) throws Exception {
        Path store = dir.resolve("killed.ams");
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String context = "random seed " + seed + " (kill moments)";

        Map<Long, TrialRecord> completedSoFar = new TreeMap<>();   // from copies of the store after each kill
        Map<Long, String[]> loggedSoFar = new TreeMap<>();         // from the log lines: value, config
        Set<Long> runningAtKills = new HashSet<>();
        List<String> kills = new ArrayList<>();
        for (int session = 0; session < KILLS; session++) {
            String[] args = session == 0
                    ? new String[]{"run", genome.toString(), "--store", store.toString(), "--workers", "2"}
                    : new String[]{"resume", store.toString(), "--workers", "2"};
            Child child = Child.start(dir, session, args);
            try {
                int waitFor = 1 + random.nextInt(4);
                int seen = 0;
                boolean ended = false;
                while (seen < waitFor) {
                    String line = child.nextLine();
                    if (line.equals(EOF)) {
                        ended = true;
                        break;
                    }
                    Matcher m = TRIAL_LINE.matcher(line);
                    if (m.matches()) {
                        seen++;
                        if (m.group(2).equals("COMPLETE")) {
                            loggedSoFar.put(Long.parseLong(m.group(1)), new String[]{m.group(3), m.group(4)});
                        }
                    }
                }
                if (ended) {
                    fail("session " + session + " finished before it could be killed; exit " + child.process.waitFor()
                            + ", stderr: " + child.stderr() + "; " + context);
                }
                Thread.sleep(random.nextInt(60));
                child.process.destroyForcibly();
                assertTrue(child.process.waitFor(WAIT_MS, TimeUnit.MILLISECONDS), "killed child did not die");
            } finally {
                child.close();
            }
            // Read a copy, so that the store itself stays as the kill left it and `resume` recovers it.
            List<TrialRecord> now = read(copy(store, dir.resolve("after-kill-" + (session + 1))));
            checkKept(completedSoFar, loggedSoFar, now, "after kill " + (session + 1) + "; " + context);
            Set<Long> running = now.stream().filter(t -> t.state() == TrialState.RUNNING)
                    .map(TrialRecord::id).collect(Collectors.toSet());
            runningAtKills.addAll(running);
            now.stream().filter(t -> t.state() == TrialState.COMPLETE).forEach(t -> completedSoFar.put(t.id(), t));
            kills.add("kill " + (session + 1) + ": " + now.size() + " trials stored, running " + running);
        }

        Child last = Child.start(dir, KILLS, "resume", store.toString(), "--workers", "2");
        try {
            while (true) {
                String line = last.nextLine();
                if (line.equals(EOF)) break;
            }
            assertTrue(last.process.waitFor(WAIT_MS, TimeUnit.MILLISECONDS), "the last resume did not end");
            assertEquals(0, last.process.exitValue(), "last resume failed: " + last.stderr());
        } finally {
            last.close();
        }

        List<TrialRecord> killed = read(store);
        String summary = String.join("; ", kills) + "; " + context;
        assertEquals(BUDGET, killed.size(), "exactly the budget's trials: " + summary);
        assertTrue(killed.stream().allMatch(t -> t.state().isFinal()), "nothing left running: " + summary);
        checkKept(completedSoFar, loggedSoFar, killed, "at the end; " + summary);

        // No configuration trained twice at one fidelity: a repeat is recorded as a duplicate of the first.
        Map<String, List<Long>> trained = new HashMap<>();
        for (TrialRecord t : killed) {
            if (!t.isDuplicate()) {
                trained.computeIfAbsent(t.config() + " at fidelity " + t.fidelity(), k -> new ArrayList<>()).add(t.id());
            }
        }
        trained.forEach((config, ids) -> assertEquals(1, ids.size(), config + " trained by trials " + ids + "; " + summary));

        // Trials running at a kill ran again, under their own ids.
        assertTrue(!runningAtKills.isEmpty(), "no trial was running at any kill: " + summary);
        for (TrialRecord t : killed) {
            if (runningAtKills.contains(t.id())) {
                assertTrue(t.attempt() > 1, "trial " + t.id() + " was running at a kill: " + t + "; " + summary);
            }
        }
        long rerun = killed.stream().filter(t -> t.attempt() > 1).count();
        System.out.println("kill/resume: " + summary + "; " + rerun + " trials re-run");

        // Both strategies are generational and seeded: the same trials, in the same order, as without kills.
        Path whole = dir.resolve("whole.ams");
        var r = TrainCommandTest.run("run", genome.toString(), "--store", whole.toString(), "--workers", "2", "--json");
        assertEquals(0, r.exit(), r.err());
        List<TrialRecord> uninterrupted = read(whole);
        assertEquals(BUDGET, uninterrupted.size());
        // Ids may skip where a kill tore a trial's first write: the store keeps that id as a damaged
        // placeholder (it cannot tell a first write from a stored record that was damaged), and the
        // proposal runs again under the next id. Everything else, seeds included, is the same.
        List<String> notes;
        try (ChronicleTrialStore s = ChronicleTrialStore.openForReading(store)) {
            notes = s.recoveryNotes();
        }
        boolean idsShifted = !killed.stream().map(TrialRecord::id).toList()
                .equals(uninterrupted.stream().map(TrialRecord::id).toList());
        if (idsShifted) {
            assertTrue(notes.stream().anyMatch(n -> n.contains("damaged")), () -> "ids differ without a damaged"
                    + " placeholder; killed: " + describe(killed) + "; uninterrupted: " + describe(uninterrupted)
                    + "; notes " + notes + "; " + summary);
        }
        for (int i = 0; i < BUDGET; i++) {
            TrialRecord a = uninterrupted.get(i);
            TrialRecord b = killed.get(i);
            String which = "trial " + a.id() + " (" + b.id() + " in the killed run)";
            if (!idsShifted) assertEquals(a.id(), b.id());
            assertEquals(a.sequence(), b.sequence(), () -> which + "'s proposal; killed: " + describe(killed)
                    + "; uninterrupted: " + describe(uninterrupted) + "; " + summary);
            assertArrayEquals(a.point(), b.point(), which + "'s point; " + summary);
            assertEquals(a.config(), b.config(), which + "'s config; " + summary);
            assertEquals(a.seed(), b.seed(), which + "'s seed");
            assertEquals(a.fidelity(), b.fidelity(), which + "'s fidelity");
            assertEquals(positionOf(uninterrupted, a.parent()), positionOf(killed, b.parent()), which + "'s parent");
            // same config, seed and BLAS threads: the deterministic trainer gives the same value
            assertEquals(a.value(), b.value(), 0.0, which + "'s value; " + summary);
        }
        StudyMeta meta;
        try (ChronicleTrialStore s = ChronicleTrialStore.openForReading(store)) {
            meta = s.meta();
        }
        return new Runs(killed, uninterrupted, meta);
    }

    private static TrialRecord withoutFinalTest(TrialRecord t) {
        if (t == null || !t.attrs().containsKey(StudyReport.TEST_METRIC)) return t;
        Map<String, String> attrs = new java.util.TreeMap<>(t.attrs());
        attrs.remove(StudyReport.TEST_METRIC);
        attrs.remove(StudyReport.TEST_LOSS);
        return new TrialRecord(t.id(), t.state(), t.value(), t.point(), t.config(), t.fidelity(), t.curve(), t.seed(),
                t.startedAtMillis(), t.endedAtMillis(), t.error(), t.attempt(), attrs, t.sequence(), t.told(),
                t.duplicateOf(), t.parent(), t.metrics());
    }

    /** {@code now} without the told stamp, when {@code before} (a result still held) had none. */
    private static TrialRecord toldAsBefore(TrialRecord before, TrialRecord now) {
        if (now == null || before.told().isPresent() || now.told().isEmpty()) return now;
        return new TrialRecord(now.id(), now.state(), now.value(), now.point(), now.config(), now.fidelity(), now.curve(),
                now.seed(), now.startedAtMillis(), now.endedAtMillis(), now.error(), now.attempt(), now.attrs(),
                now.sequence(), before.told(), now.duplicateOf(), now.parent(), now.metrics());
    }

    /** Every trial complete before is still complete, unchanged; every logged completion is in the store. */
    private static void checkKept(Map<Long, TrialRecord> before, Map<Long, String[]> logged, List<TrialRecord> now,
                                  String when) {
        Map<Long, TrialRecord> byId = now.stream().collect(Collectors.toMap(TrialRecord::id, t -> t));
        // the final test figures `ams run` adds to the trials it measured once the search ended, and the order
        // a result held for earlier ones is told in (a deterministic study stamps it when told), are the
        // changes a completed record may see; everything the search recorded stays as it was
        before.forEach((id, t) -> assertEquals(t, toldAsBefore(t, withoutFinalTest(byId.get(id))),
                "trial " + id + " changed " + when));
        logged.forEach((id, line) -> {
            TrialRecord t = byId.get(id);
            assertNotNull(t, "trial " + id + " was logged complete but is not stored " + when);
            assertEquals(TrialState.COMPLETE, t.state(), "trial " + id + " " + when);
            assertEquals(line[1], t.config(), "trial " + id + " " + when);
            assertEquals(line[0], ConfigText.metric(t.value()), "trial " + id + " " + when);
        });
    }

    /** The store, its meta file and its lock file (which says the store was not closed), copied into {@code to}. */
    private static Path copy(Path store, Path to) throws IOException {
        Files.createDirectories(to);
        for (String suffix : List.of("", ".meta.json", ".lock")) {
            Path f = store.resolveSibling(store.getFileName() + suffix);
            if (Files.exists(f)) Files.copy(f, to.resolve(f.getFileName()));
        }
        return to.resolve(store.getFileName());
    }

    /** The front's trials by their positions in {@code trials}. */
    private static java.util.SortedSet<Integer> frontPositions(ParetoSummary summary, List<TrialRecord> trials) {
        java.util.SortedSet<Integer> out = new java.util.TreeSet<>();
        for (long id : summary.frontIds()) out.add(positionOf(trials, java.util.OptionalLong.of(id)));
        return out;
    }

    /** Where the trial {@code id} stands in {@code trials} (by id), or -1 for none. */
    private static int positionOf(List<TrialRecord> trials, java.util.OptionalLong id) {
        if (id.isEmpty()) return -1;
        for (int i = 0; i < trials.size(); i++) if (trials.get(i).id() == id.getAsLong()) return i;
        throw new AssertionError("no trial " + id.getAsLong());
    }

    /** Each trial as id:sequence:fidelity:config-hash(:dup of:parent), for a failure's message. */
    private static String describe(List<TrialRecord> trials) {
        return trials.stream().map(t -> t.id() + ":" + t.sequence().orElse(-1) + ":" + t.fidelity() + ":"
                + Integer.toHexString(t.config().hashCode()) + (t.isDuplicate() ? ":dup" : "")
                + (t.parent().isPresent() ? ":p" + t.parent().getAsLong() : "") + ":a" + t.attempt()
                + ":t" + t.told().orElse(-1)).collect(Collectors.joining(" "));
    }

    private static List<TrialRecord> read(Path store) {
        try (ChronicleTrialStore s = ChronicleTrialStore.open(store)) {
            return s.all();
        }
    }

    /** A child JVM running {@code io.ams.cli.Main}, its stdout read line by line on a thread of its own. */
    record Child(Process process, BlockingQueue<String> lines, Path err, Thread reader) implements AutoCloseable {
        static Child start(Path dir, int session, String... args) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
                    "-Dchronicle.analytics.disable=true",
                    "-Xshare:auto", "-XX:TieredStopAtLevel=1"));
            // the native libraries the surefire JVM already extracted, not extracted again
            for (String p : List.of("org.bytedeco.javacpp.cachedir", "jna.tmpdir")) {
                if (System.getProperty(p) != null) cmd.add("-D" + p + "=" + System.getProperty(p));
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
            cmd.addAll(Arrays.asList(args));
            Path err = dir.resolve("stderr-" + session + ".txt");
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) lines.add(line);
                } catch (IOException ignored) {
                    // the child was killed mid-line
                } finally {
                    lines.add(EOF);
                }
            }, "child-" + session + "-stdout");
            reader.setDaemon(true);
            reader.start();
            return new Child(p, lines, err, reader);
        }

        String nextLine() throws InterruptedException {
            String line = lines.poll(WAIT_MS, TimeUnit.MILLISECONDS);
            if (line == null) {
                process.destroyForcibly();
                fail("no output from the child for " + WAIT_MS / 1000 + " s; stderr: " + stderr());
            }
            return line;
        }

        String stderr() {
            try {
                return Files.exists(err) ? Files.readString(err) : "";
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(WAIT_MS, TimeUnit.MILLISECONDS);
            }
            reader.join(WAIT_MS);
        }
    }
}
