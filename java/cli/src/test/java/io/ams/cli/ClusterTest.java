package io.ams.cli;

import io.ams.store.ChronicleTrialStore;
import io.ams.store.TrialRecord;
import io.ams.store.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One study on worker processes of a cluster on 127.0.0.1: the same trials and values as the
 * study run locally, through workers killed with SIGKILL mid-trial, through the study's own
 * process killed and resumed against the live workers, and for Hyperband, whose promotions
 * continue checkpoints saved on another worker.
 */
class ClusterTest {
    /** A free port, the first of a block the members take upwards from. */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static KillResumeTest.Child worker(Path dir, int session, String cluster, int port, int first) throws Exception {
        KillResumeTest.Child w = KillResumeTest.Child.start(dir, session, "worker", "--cluster", cluster, "--threads", "1",
                "--cluster-port", Integer.toString(port), "--members", "127.0.0.1:" + first);
        String line = w.nextLine();
        assertTrue(line.startsWith("joined cluster '" + cluster + "'"), line + " " + w.stderr());
        return w;
    }

    /** {@code n} worker processes of {@code cluster}, on ports from {@code port} upwards, joined. */
    private static List<KillResumeTest.Child> workers(Path dir, int n, String cluster, int port) throws Exception {
        List<KillResumeTest.Child> workers = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) workers.add(worker(dir, i, cluster, port + i, port));
        } catch (Exception | AssertionError e) {
            for (KillResumeTest.Child w : workers) w.close();
            throw e;
        }
        return workers;
    }

    /** The ga study on digits in a process of its own (so that the test can kill it or its workers), joined through {@code port}. */
    private static KillResumeTest.Child gaStudy(Path dir, int trials, String cluster, int port, Path store) throws IOException {
        return KillResumeTest.Child.start(dir, 10, "run", "mlp-digits", "--strategy", "ga", "--trials", Integer.toString(trials),
                "--cluster", cluster, "--members", "127.0.0.1:" + port, "--cluster-port", Integer.toString(port + 20),
                "--store", store.toString(), "--json");
    }

    private static List<TrialRecord> trials(Path store) {
        try (ChronicleTrialStore s = ChronicleTrialStore.openForReading(store)) {
            return s.all().stream().sorted(Comparator.comparingLong(TrialRecord::id)).toList();
        }
    }

    /** The same trials, configuration by configuration and value by value, as the local run. */
    private static void assertSameStudy(List<TrialRecord> local, List<TrialRecord> clustered) {
        assertEquals(local.size(), clustered.size());
        for (int i = 0; i < local.size(); i++) {
            TrialRecord a = local.get(i), b = clustered.get(i);
            assertEquals(TrialState.COMPLETE, b.state(), "trial " + b.id());
            assertEquals(a.config(), b.config(), "trial " + a.id());
            assertEquals(a.value(), b.value(), 0.0, "trial " + a.id());
        }
    }

    private static List<TrialRecord> local(Path dir, String genome, int n) {
        Path store = dir.resolve("local.ams");
        TrainCommandTest.Run r = TrainCommandTest.run("run", genome, "--strategy", "ga", "--trials", Integer.toString(n),
                "--workers", "2", "--store", store.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        return trials(store);
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aStudyOnTwoWorkerProcessesIsTheLocalStudyAndSurvivesWorkersKilledMidTrial(@TempDir Path dir) throws Exception {
        String cluster = "test-" + UUID.randomUUID();
        int port = freePort();
        List<TrialRecord> local = local(dir, "mlp-digits", 40);
        List<KillResumeTest.Child> workers = workers(dir, 3, cluster, port);
        try {
            Path store = dir.resolve("cluster.ams");
            Random moments = new Random();
            long seed = moments.nextLong();
            moments.setSeed(seed);
            // the study in another process, so that this one can kill workers while it runs
            try (KillResumeTest.Child study = gaStudy(dir, 40, cluster, port, store)) {
                for (int kill = 1; kill <= 2; kill++) {
                    // at a random moment once 8, then 20, trials are in: the workers are busy then
                    long deadline = System.currentTimeMillis() + 120_000;
                    while (System.currentTimeMillis() < deadline && completed(store) < (kill == 1 ? 8 : 20)) Thread.sleep(50);
                    Thread.sleep(moments.nextInt(600));
                    workers.get(kill).process().destroyForcibly();  // SIGKILL, mid-trial
                }
                assertTrue(study.process().waitFor(180, TimeUnit.SECONDS), "the study ends: " + study.stderr());
                assertEquals(0, study.process().exitValue(), study.stderr());
                assertTrue(study.stderr().contains("left the cluster"), "the study saw the workers go: " + study.stderr()
                        + " (kill moments seed " + seed + ")");
            }
            List<TrialRecord> clustered = trials(store);
            assertSameStudy(local, clustered);
            assertTrue(clustered.stream().anyMatch(t -> t.attempt() > 1), "the killed workers' trials ran again as new attempts"
                    + " (kill moments seed " + seed + ")");
        } finally {
            for (KillResumeTest.Child w : workers) w.close();
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aStudyKilledAndResumedAgainstTheLiveWorkersIsTheLocalStudy(@TempDir Path dir) throws Exception {
        String cluster = "test-" + UUID.randomUUID();
        int port = freePort();
        List<TrialRecord> local = local(dir, "mlp-digits", 30);
        List<KillResumeTest.Child> workers = workers(dir, 2, cluster, port);
        try {
            Path store = dir.resolve("cluster.ams");
            try (KillResumeTest.Child study = gaStudy(dir, 30, cluster, port, store)) {
                long deadline = System.currentTimeMillis() + 120_000;
                while (System.currentTimeMillis() < deadline && (!Files.exists(store) || completed(store) < 8)) Thread.sleep(200);
                study.process().destroyForcibly();  // SIGKILL while trials are out on the workers
                assertTrue(study.process().waitFor(30, TimeUnit.SECONDS));
            }
            int before = trials(store).size();
            assertTrue(before < 30, "killed before the end: " + before);
            TrainCommandTest.Run resume = TrainCommandTest.run("resume", store.toString(), "--cluster", cluster,
                    "--members", "127.0.0.1:" + port, "--cluster-port", Integer.toString(port + 30), "--json");
            assertEquals(0, resume.exit(), resume.err());
            assertSameStudy(local, trials(store));
        } finally {
            for (KillResumeTest.Child w : workers) w.close();
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void whenItsLastWorkerIsKilledTheStudyWaitsForTheNextOneAndLosesNothing(@TempDir Path dir) throws Exception {
        String cluster = "test-" + UUID.randomUUID();
        int port = freePort();
        List<KillResumeTest.Child> workers = new ArrayList<>(workers(dir, 1, cluster, port));
        try {
            Path store = dir.resolve("cluster.ams");
            try (KillResumeTest.Child study = gaStudy(dir, 24, cluster, port, store)) {
                long deadline = System.currentTimeMillis() + 120_000;
                while (System.currentTimeMillis() < deadline && completed(store) < 6) Thread.sleep(50);
                workers.get(0).process().destroyForcibly();  // SIGKILL: no worker left
                while (System.currentTimeMillis() < deadline && !study.stderr().contains("no worker in the cluster: trials wait for one")) {
                    Thread.sleep(100);
                }
                assertTrue(study.stderr().contains("no worker in the cluster: trials wait for one"), study.stderr());
                long waiting = completed(store);
                Thread.sleep(1500);
                assertEquals(waiting, completed(store), "nothing runs without a worker");
                workers.add(worker(dir, 1, cluster, port + 1, port + 20));  // joins through the study's own member
                assertTrue(study.process().waitFor(180, TimeUnit.SECONDS), "the study ends: " + study.stderr());
                assertEquals(0, study.process().exitValue(), study.stderr());
            }
            List<TrialRecord> all = trials(store);
            assertEquals(24, all.size());
            assertTrue(all.stream().allMatch(t -> t.state() == TrialState.COMPLETE), "no trial failed or was lost");
            assertTrue(all.stream().allMatch(t -> t.attempt() <= 3), "a lost trial ran again a few times at most, not in a loop: "
                    + all.stream().mapToInt(TrialRecord::attempt).max().orElse(0));
        } finally {
            for (KillResumeTest.Child w : workers) w.close();
        }
    }

    /** Hyperband on digits without its pruner: promotions continue checkpoints another worker saved. */
    private static Path hyperbandWithoutPruner(Path dir) throws IOException {
        String text;
        try (var in = ClusterTest.class.getResourceAsStream("/io/ams/cli/genomes/mlp-digits-hyperband.yaml")) {
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        Path genome = dir.resolve("hyperband.yaml");
        Files.writeString(genome, text.lines().filter(l -> !l.startsWith("pruner:")).collect(java.util.stream.Collectors.joining("\n")));
        return genome;
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aMultiFidelityStudyContinuesOnAnyWorkerTheCheckpointsOthersSavedAndIsTheLocalStudy(@TempDir Path dir) throws Exception {
        Path genome = hyperbandWithoutPruner(dir);
        Path localStore = dir.resolve("local.ams");
        TrainCommandTest.Run l = TrainCommandTest.run("run", genome.toString(), "--trials", "60", "--workers", "2",
                "--store", localStore.toString(), "--json");
        assertEquals(0, l.exit(), l.err());
        String cluster = "test-" + UUID.randomUUID();
        int port = freePort();
        List<KillResumeTest.Child> workers = workers(dir, 2, cluster, port);
        try {
            Path store = dir.resolve("cluster.ams");
            TrainCommandTest.Run c = TrainCommandTest.run("run", genome.toString(), "--trials", "60", "--cluster", cluster,
                    "--members", "127.0.0.1:" + port, "--cluster-port", Integer.toString(port + 20), "--store", store.toString(), "--json");
            assertEquals(0, c.exit(), c.err());
            List<TrialRecord> local = trials(localStore), clustered = trials(store);
            assertSameStudy(local, clustered);
            long continued = 0;
            for (int i = 0; i < local.size(); i++) {
                assertEquals(local.get(i).parent(), clustered.get(i).parent(), "trial " + i);
                assertEquals(local.get(i).fidelity(), clustered.get(i).fidelity(), 0.0);
                org.junit.jupiter.api.Assertions.assertArrayEquals(local.get(i).curve(), clustered.get(i).curve(), "trial " + i + "'s curve");
                if (clustered.get(i).parent().isPresent()) continued++;
            }
            assertTrue(continued >= 10, "promotions continued checkpoints: " + continued);
            assertTrue(Files.isDirectory(dir.resolve("cluster.ams.checkpoints")), "the study keeps its own copies");
        } finally {
            for (KillResumeTest.Child w : workers) w.close();
        }
    }

    @Test
    void aPrunedStudyIsRefusedBeforeItJoinsSayingWhatToChange(@TempDir Path dir) {
        TrainCommandTest.Run r = TrainCommandTest.run("run", "mlp-digits-hyperband", "--cluster", "nobody", "--members",
                "127.0.0.1:1", "--store", dir.resolve("s.ams").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("--cluster runs no pruner yet") && r.err().contains("pruner: none"), r.err());
        assertTrue(!Files.exists(dir.resolve("s.ams")), "no store left behind");
    }

    private static long completed(Path store) {
        try {
            return trials(store).stream().filter(t -> t.state() == TrialState.COMPLETE).count();
        } catch (RuntimeException e) {
            return 0;  // the store is being created
        }
    }
}
