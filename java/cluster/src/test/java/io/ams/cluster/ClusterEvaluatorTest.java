package io.ams.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ServerSocket;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Joining a cluster: what the study says while there is no worker, and a worker of another version refused. */
class ClusterEvaluatorTest {
    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static final String GENOME = """
            objective: {function: branin}
            metric: {name: value, direction: minimize}
            space:
              x1: {real: [-5, 10]}
              x2: {real: [0, 15]}
            """;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aStudyWaitsForAWorkerSayingSoAndRefusesOneOfAnotherVersion() throws Exception {
        int port = freePort();
        ClusterSettings settings = new ClusterSettings("test-" + UUID.randomUUID(), List.of("127.0.0.1:" + port), "127.0.0.1", port);
        List<String> said = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        HazelcastInstance old = null;
        try {
            Future<ClusterEvaluator> joining = pool.submit(() -> ClusterEvaluator.join(settings, "s", GENOME, "g", 0, said::add));
            long deadline = System.currentTimeMillis() + 60_000;
            while (said.isEmpty() && System.currentTimeMillis() < deadline) Thread.sleep(50);
            assertTrue(said.get(0).startsWith("waiting for a worker to join cluster '" + settings.name() + "'"), said.toString());
            assertFalse(joining.isDone(), "no worker, no study");
            // a worker of another Ams version joins: the study refuses to run on it
            Config other = settings.hazelcast(false, 1);
            other.getMemberAttributeConfig().setAttribute(ClusterSettings.VERSION_ATTRIBUTE, "0.0.9");
            old = Hazelcast.newHazelcastInstance(other);
            var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> joining.get(60, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof IllegalStateException, e.toString());
            assertTrue(e.getCause().getMessage().contains("runs Ams 0.0.9, this study Ams " + ClusterSettings.VERSION), e.getCause().getMessage());
        } finally {
            pool.shutdownNow();
            if (old != null) old.shutdown();
        }
    }

    /** A user's objective, as a study set up in Java names it to its workers: (x - 0.3)^2, recording |x|. */
    public static final class Parabola implements io.ams.eval.Objective {
        @Override
        public double evaluate(io.ams.space.Config config, io.ams.eval.TrialContext context) {
            double x = config.getDouble("x");
            context.metric("size", Math.abs(x));
            return (x - 0.3) * (x - 0.3);
        }
    }

    private static List<io.ams.store.TrialRecord> study(io.ams.eval.Evaluator evaluator) {
        var b = io.ams.engine.Study.builder()
                .space(io.ams.space.SearchSpace.builder().add(io.ams.space.Parameter.real("x", -1, 1)).build())
                .objective(new Parabola()).strategy("ga", java.util.Map.of("population", 6)).seed(4)
                .budget(io.ams.engine.Budget.trials(24)).workers(2);
        if (evaluator != null) b.evaluator(evaluator);
        try (io.ams.engine.Study study = b.build()) {
            study.optimize();
            return study.store().all().stream().sorted(java.util.Comparator.comparingLong(io.ams.store.TrialRecord::id)).toList();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aStudySetUpInJavaRunsItsObjectiveClassOnTheWorkersAndEqualsTheLocalStudy() throws Exception {
        int port = freePort();
        ClusterSettings settings = new ClusterSettings("test-" + UUID.randomUUID(), List.of("127.0.0.1:" + port), "127.0.0.1", port);
        List<String> said = new CopyOnWriteArrayList<>();
        List<io.ams.store.TrialRecord> local = study(null), clustered;
        try (Worker worker = Worker.start(settings, 2, said::add);
             ClusterEvaluator cluster = ClusterEvaluator.join(settings, "api-study", Parabola.class, 0, said::add)) {
            clustered = study(cluster);
            assertTrue(cluster.workload().startsWith(worker.address() + " 24 done, 0 running"), cluster.workload());
        }
        assertEquals(local.size(), clustered.size());
        for (int i = 0; i < local.size(); i++) {
            assertEquals(local.get(i).config(), clustered.get(i).config());
            assertEquals(local.get(i).value(), clustered.get(i).value(), 0.0);
            assertEquals(local.get(i).metrics(), clustered.get(i).metrics());
            assertTrue(clustered.get(i).attrs().get(io.ams.engine.Study.WORKER).startsWith("127.0.0.1:"), clustered.get(i).attrs().toString());
        }
        assertTrue(said.stream().anyMatch(l -> l.contains("built the objective of study api-study (" + Parabola.class.getName() + ")")),
                said.toString());
    }

    @Test
    void settingsRefuseWhatTheyCannotUse() {
        var e = assertThrows(IllegalArgumentException.class, () -> new ClusterSettings("c", List.of("10.0.0.5"), "127.0.0.1", 5701));
        assertTrue(e.getMessage().contains("'10.0.0.5' is not host:port"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ClusterSettings(" ", List.of(), "127.0.0.1", 5701));
        assertThrows(IllegalArgumentException.class, () -> new ClusterSettings("c", List.of(), "127.0.0.1", 70000));
        assertEquals(List.of("127.0.0.1"), new ClusterSettings("c", List.of(), "127.0.0.1", 5701).hazelcast(true, 0)
                .getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
    }
}
