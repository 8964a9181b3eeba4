package io.ams.cli;

import io.ams.store.ChronicleTrialStore;
import io.ams.store.TrialRecord;
import io.ams.store.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user's Java objective on a cluster, found through --classpath (compiled here, so that no
 * process has it on its own classpath), a trial that hangs on a worker, and a study that also
 * evaluates in its own process.
 */
class ClusterObjectiveTest {
    /** (x - 0.3)^2; trials 3 and 13 hang, ignoring both their cancellation and interrupts. */
    static final String SOURCE = """
            package userland;

            public class Stubborn implements io.ams.eval.Objective {
                @Override
                public double evaluate(io.ams.space.Config c, io.ams.eval.TrialContext ctx) {
                    if (ctx.trialId() % 10 == 3) {
                        while (true) {
                            try {
                                Thread.sleep(1000);
                            } catch (InterruptedException ignored) {
                                // hangs on regardless
                            }
                        }
                    }
                    double x = c.getDouble("x");
                    return (x - 0.3) * (x - 0.3);
                }
            }
            """;

    static final String GENOME = """
            objective: {java: userland.Stubborn}
            metric: {name: value, direction: minimize}
            space:
              x: {real: [-1, 1]}
            strategy: {name: ga, seed: 5, population: 6}
            budget: {trials: 20}
            """;

    /** The class compiled into a folder of its own. */
    private static Path compiled(Path dir) throws Exception {
        Path src = dir.resolve("src/userland/Stubborn.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, SOURCE);
        Path classes = Files.createDirectories(dir.resolve("plugin"));
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-cp", System.getProperty("java.class.path"),
                "-d", classes.toString(), src.toString());
        assertEquals(0, rc, "the test's objective compiles");
        return classes;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static List<TrialRecord> trials(Path store) {
        try (ChronicleTrialStore s = ChronicleTrialStore.openForReading(store)) {
            return s.all().stream().sorted(Comparator.comparingLong(TrialRecord::id)).toList();
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aJavaObjectiveRunsOnWorkersFromTheirClasspathAndATrialThatHangsTimesOut(@TempDir Path dir) throws Exception {
        Path classes = compiled(dir);
        Path genome = dir.resolve("stubborn.yaml");
        Files.writeString(genome, GENOME);
        String cluster = "test-" + UUID.randomUUID();
        int port = freePort();
        List<KillResumeTest.Child> workers = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                KillResumeTest.Child w = KillResumeTest.Child.start(dir, i, "worker", "--cluster", cluster, "--threads", "1",
                        "--cluster-port", Integer.toString(port + i), "--members", "127.0.0.1:" + port,
                        "--classpath", classes.toString());
                workers.add(w);
                String line = w.nextLine();
                assertTrue(line.startsWith("joined cluster"), line + " " + w.stderr());
            }
            Path store = dir.resolve("s.ams");
            TrainCommandTest.Run r = TrainCommandTest.run("run", genome.toString(), "--cluster", cluster, "--members",
                    "127.0.0.1:" + port, "--cluster-port", Integer.toString(port + 20), "--classpath", classes.toString(),
                    "--timeout", "2s", "--store", store.toString());
            assertEquals(0, r.exit(), r.err());
            List<TrialRecord> all = trials(store);
            assertEquals(20, all.size(), "the budget is met: " + r.out());
            Set<String> ranOn = new java.util.TreeSet<>();
            for (TrialRecord t : all) {
                String worker = t.attrs().get(io.ams.engine.Study.WORKER);
                assertTrue(worker != null && worker.startsWith("127.0.0.1:"), "trial " + t.id() + " names its worker: " + t.attrs());
                ranOn.add(worker);
                if (t.id() % 10 == 3) {
                    assertEquals(TrialState.FAILED, t.state(), "trial " + t.id() + " hung");
                    assertTrue(t.error().contains("timeout of 2.0 s"), t.error());
                    assertTrue(t.endedAtMillis() - t.startedAtMillis() < 20_000, "the timeout held: "
                            + (t.endedAtMillis() - t.startedAtMillis()) + " ms");
                } else {
                    assertEquals(TrialState.COMPLETE, t.state(), "trial " + t.id() + ": " + t.error());
                    double x = io.ams.space.Config.fromCanonical(t.config()).getDouble("x");
                    assertEquals((x - 0.3) * (x - 0.3), t.value(), 1e-12);
                }
            }
            assertEquals(2, ranOn.size(), "both workers ran trials: " + ranOn);
            assertTrue(r.err().contains("trials by worker: "), r.err());
            TrainCommandTest.Run show = TrainCommandTest.run("show", store.toString());
            assertTrue(show.out().contains("by worker: "), show.out());
        } finally {
            for (KillResumeTest.Child w : workers) w.close();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void withLocalThreadsAStudyStartsWithoutAWorkerAndEqualsTheLocalRun(@TempDir Path dir) throws Exception {
        Path local = dir.resolve("local.ams"), clustered = dir.resolve("cluster.ams");
        TrainCommandTest.Run l = TrainCommandTest.run("run", "branin", "--strategy", "ga", "--trials", "30", "--workers", "2",
                "--store", local.toString(), "--json");
        assertEquals(0, l.exit(), l.err());
        TrainCommandTest.Run c = TrainCommandTest.run("run", "branin", "--strategy", "ga", "--trials", "30", "--workers", "2",
                "--cluster", "test-" + UUID.randomUUID(), "--members", "127.0.0.1:" + freePort(), "--cluster-port",
                Integer.toString(freePort()), "--workers-local", "2", "--store", clustered.toString(), "--json");
        assertEquals(0, c.exit(), c.err());
        assertTrue(c.err().contains("no worker in cluster") && c.err().contains("evaluating on 2 threads here meanwhile"), c.err());
        List<TrialRecord> a = trials(local), b = trials(clustered);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).config(), b.get(i).config());
            assertEquals(a.get(i).value(), b.get(i).value(), 0.0);
            assertFalse(b.get(i).attrs().containsKey(io.ams.engine.Study.WORKER), "ran in the study's process");
        }
    }

    @Test
    void localThreadsWithoutAClusterAMissingClasspathEntryAndAClassNotThereAreErrorsBeforeAnyStore(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("s.ams");
        TrainCommandTest.Run r = TrainCommandTest.run("run", "branin", "--workers-local", "2", "--store", store.toString());
        assertTrue(r.exit() != 0 && r.err().contains("--workers-local 2 applies with --cluster NAME"), r.err());
        TrainCommandTest.Run m = TrainCommandTest.run("run", "branin", "--classpath", dir.resolve("nope.jar").toString(),
                "--store", store.toString());
        assertTrue(m.exit() != 0 && m.err().contains("--classpath: ") && m.err().contains("nope.jar does not exist"), m.err());
        Path genome = dir.resolve("stubborn.yaml");
        Files.writeString(genome, GENOME);
        TrainCommandTest.Run n = TrainCommandTest.run("run", genome.toString(), "--store", store.toString());
        assertTrue(n.exit() != 0 && n.err().contains("stubborn.yaml:1: objective.java: objective class userland.Stubborn is not on the classpath"),
                n.err());
        assertFalse(Files.exists(store), "no store left behind");
    }
}
