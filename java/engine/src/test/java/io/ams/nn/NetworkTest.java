package io.ams.nn;

import io.ams.data.Dataset;
import io.ams.data.Datasets;
import io.ams.data.PreparedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The native trainer seen from Java: learning, determinism, checkpoints, pruning, bad calls. */
class NetworkTest {
    static NativeData train;
    static NativeData validation;
    static NativeData test;

    @BeforeAll
    static void digits() {
        PreparedData data = Datasets.prepare("digits", 0.15, 0.15, 7L);
        train = NativeData.of(data.train());
        validation = NativeData.of(data.validation());
        test = NativeData.of(data.test());
    }

    @AfterAll
    static void free() {
        train.close();
        validation.close();
        test.close();
    }

    @Test
    void learnsDigitsTo95PercentTestAccuracy() {
        TrainConfig config = TrainConfig.defaults(MlpSpec.of(Activation.RELU, 128, 64), 30, 1L).withBatchSize(32);
        try (Network net = Network.forData(config.network(), train, config.seed())) {
            TrainResult r = Trainer.fit(net, config, train, validation, null);
            assertEquals(30, r.curve().size());
            assertTrue(r.curve().get(29).trainLoss() < r.curve().get(0).trainLoss() / 5, "training loss falls");
            double accuracy = net.evaluate(test, 1).metric();
            assertTrue(accuracy >= 0.95, "test accuracy " + accuracy);
            assertEquals(64 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10, r.parameters());
            assertEquals(2L * (64 * 128 + 128 * 64 + 64 * 10), r.flopsPerSample());
            assertTrue(r.samplesPerSecond() > 0);
        }
    }

    @Test
    void sameSeedSameBitsDifferentSeedDifferentBits() {
        float[] a = trainedParameters(3L, 1);
        float[] b = trainedParameters(3L, 1);
        float[] c = trainedParameters(4L, 1);
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
        assertArrayEquals(trainedParameters(3L, 2), trainedParameters(3L, 2), "two BLAS threads are deterministic too");
    }

    @Test
    void parallelTrainingsOnSharedDataDoNotInterfere() throws Exception {
        float[] alone = trainedParameters(11L, 1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) runs.add(pool.submit(() -> trainedParameters(11L, 1)));
            for (Future<float[]> run : runs) assertArrayEquals(alone, run.get());
        } finally {
            pool.shutdown();
        }
    }

    private static float[] trainedParameters(long seed, int threads) {
        MlpSpec spec = new MlpSpec(List.of(new Layer(48, Activation.GELU, 0.1, true), new Layer(24, Activation.TANH, 0, false)),
                Init.HE, 0.01);
        try (Network net = Network.forData(spec, train, seed)) {
            net.configure(Optimizer.of(OptimizerKind.ADAMW, 3e-3), Schedule.cosine().withWarmup(1), Network.stepsPerEpoch(train.rows(), 64), 3);
            for (int e = 0; e < 3; e++) net.trainEpoch(train, 64, threads);
            return net.parameters();
        }
    }

    @Test
    void checkpointRestoreContinueEqualsUninterruptedRun() {
        MlpSpec spec = new MlpSpec(List.of(new Layer(32, Activation.RELU, 0.2, true)), Init.HE, 0.01);
        Optimizer adam = Optimizer.of(OptimizerKind.ADAM, 1e-3);
        long spe = Network.stepsPerEpoch(train.rows(), 50);
        byte[] checkpoint;
        float[] uninterrupted;
        byte[] uninterruptedState;
        try (Network net = Network.forData(spec, train, 5L)) {
            net.configure(adam, Schedule.step(2, 0.5), spe, 6);
            for (int e = 0; e < 3; e++) net.trainEpoch(train, 50, 1);
            checkpoint = net.save();
            for (int e = 0; e < 3; e++) net.trainEpoch(train, 50, 1);
            uninterrupted = net.parameters();
            uninterruptedState = net.save();
        }
        // A fresh network with another seed: everything must come from the checkpoint.
        try (Network resumed = Network.forData(spec, train, 999L)) {
            resumed.restore(checkpoint);
            assertEquals(3 * spe, resumed.steps());
            for (int e = 0; e < 3; e++) resumed.trainEpoch(train, 50, 1);
            assertArrayEquals(uninterrupted, resumed.parameters());
            assertArrayEquals(uninterruptedState, resumed.save());
        }
    }

    @Test
    void restoreRejectsTruncatedAndForeignCheckpoints() {
        MlpSpec small = MlpSpec.of(Activation.RELU, 16);
        try (Network a = Network.forData(small, train, 1L);
             Network other = Network.forData(MlpSpec.of(Activation.RELU, 17), train, 1L)) {
            byte[] state = a.save();
            IllegalStateException truncated = assertThrows(IllegalStateException.class,
                    () -> a.restore(Arrays.copyOf(state, state.length / 2)));
            assertTrue(truncated.getMessage().startsWith("restore checkpoint failed: "), truncated.getMessage());
            assertTrue(truncated.getMessage().length() > "restore checkpoint failed: ".length());
            assertThrows(IllegalStateException.class, () -> other.restore(state), "checkpoint of another shape");
            byte[] garbage = new byte[state.length];
            new SplittableRandom(1).nextBytes(garbage);
            assertThrows(IllegalStateException.class, () -> a.restore(garbage));
        }
    }

    @Test
    void gradualPruningReachesSparsityAndPrunedWeightsStayZero() {
        TrainConfig config = TrainConfig.defaults(MlpSpec.of(Activation.RELU, 64, 32), 8, 2L).withBatchSize(32)
                .withOptimizer(Optimizer.of(OptimizerKind.ADAM, 3e-3))
                .withPruning(new Pruning(Pruning.Mode.WEIGHTS, 0.7, 2, 4));
        try (Network net = Network.forData(config.network(), train, 2L)) {
            TrainResult r = Trainer.fit(net, config, train, validation, null);
            PruningReport p = r.pruning();
            assertTrue(p.achievedSparsity() >= 0.7 - 1e-3, "sparsity " + p.achievedSparsity());
            assertEquals(net.nonzeroWeights(), p.nonzeroWeightsAfter());
            assertEquals(8 + 4, r.curve().size(), "8 training epochs, then 2 steps x 2 fine-tuning epochs");
            assertTrue(p.metricAfterFineTuning() > 0.9, "fine-tuned accuracy " + p.metricAfterFineTuning());

            float[] before = net.parameters();
            net.trainEpoch(train, 64, 1);
            float[] after = net.parameters();
            int zeros = 0;
            for (int i = 0; i < before.length; i++) {
                if (before[i] == 0f && isWeight(net, i)) {
                    assertEquals(0f, after[i], "pruned weight " + i + " moved");
                    zeros++;
                }
            }
            assertTrue(zeros >= 0.7 * net.weightCount() - 1);
        }
    }

    /** True when index i of parameters() is an entry of some layer's W (not a bias). */
    private static boolean isWeight(Network net, int i) {
        int in = net.inputWidth();
        int offset = 0;
        List<Integer> outs = new ArrayList<>();
        net.spec().hidden().forEach(l -> outs.add(l.units()));
        outs.add(net.outputWidth());
        for (int out : outs) {
            if (i < offset + in * out) return true;
            offset += in * out + out;
            if (i < offset) return false;
            in = out;
        }
        return false;
    }

    @Test
    void badCallsAreJavaExceptionsNotCrashes() {
        try (Network net = Network.forData(MlpSpec.of(Activation.RELU, 8), train, 1L)) {
            assertThrows(IllegalArgumentException.class, () -> net.trainEpoch(train, 0, 1));
            assertThrows(IllegalArgumentException.class, () -> net.trainEpoch(train, 32, 0));
            assertThrows(IllegalArgumentException.class, () -> net.setParameters(new float[3]));
            assertThrows(IllegalArgumentException.class, () -> net.prune(Pruning.Mode.WEIGHTS, 1.0));
            net.close();
            IllegalStateException closed = assertThrows(IllegalStateException.class, () -> net.evaluate(test, 1));
            assertTrue(closed.getMessage().contains("closed"));
        }
        try (Network wrongWidth = Network.create(MlpSpec.of(Activation.RELU, 8), 10, 10, Loss.SOFTMAX_CROSS_ENTROPY, 1L)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> wrongWidth.trainEpoch(train, 32, 1));
            assertTrue(e.getMessage().contains("64 features"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Network.create(MlpSpec.of(Activation.RELU, 8), 0, 10, Loss.MSE, 1L));
        assertThrows(IllegalArgumentException.class, () -> new Layer(0, Activation.RELU, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new Layer(4, Activation.RELU, 1.0, false));
        assertThrows(IllegalArgumentException.class, () -> Optimizer.of(OptimizerKind.SGD, -1));
    }
}
