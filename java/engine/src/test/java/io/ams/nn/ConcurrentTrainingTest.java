package io.ams.nn;

import io.ams.data.Datasets;
import io.ams.data.PreparedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #10: trainings side by side must give exactly what each gives alone. Four pruning
 * configurations (weights and neurons, one-shot and gradual) train through
 * {@link Trainer#fit} on digits, at 1 and 2 BLAS threads at once, then all at 1 thread as a
 * search with workers = cores runs them; every curve (training and validation losses,
 * accuracy, fine-tuning epochs included) and every final weight must match the solo run bit
 * for bit. Before the fix the runs parted: OpenBLAS's thread count is process-wide.
 */
class ConcurrentTrainingTest {
    static NativeData train;
    static NativeData validation;

    @BeforeAll
    static void digits() {
        PreparedData data = Datasets.prepare("digits", 0.15, 0.15, 3L);
        train = NativeData.of(data.train());
        validation = NativeData.of(data.validation());
    }

    @AfterAll
    static void free() {
        train.close();
        validation.close();
    }

    private static List<TrainConfig> configs() {
        MlpSpec wide = new MlpSpec(List.of(new Layer(160, Activation.RELU, 0.1, false), new Layer(96, Activation.GELU, 0, true)),
                Init.HE, 0.01);
        MlpSpec tanh = MlpSpec.of(Activation.TANH, 128);
        MlpSpec leaky = new MlpSpec(List.of(new Layer(128, Activation.LEAKY_RELU, 0, true), new Layer(128, Activation.RELU, 0.2, false)),
                Init.HE, 0.1);
        MlpSpec sigmoid = new MlpSpec(List.of(new Layer(144, Activation.SIGMOID, 0, true)), Init.XAVIER, 0.01);
        return List.of(
                TrainConfig.defaults(wide, 2, 21L).withPruning(new Pruning(Pruning.Mode.WEIGHTS, 0.6, 1, 2)).withThreads(2),
                TrainConfig.defaults(tanh, 2, 22L).withOptimizer(Optimizer.of(OptimizerKind.NESTEROV, 0.05))
                        .withBatchSize(64).withPruning(new Pruning(Pruning.Mode.NEURONS, 0.5, 2, 2)),
                TrainConfig.defaults(leaky, 2, 23L).withOptimizer(Optimizer.of(OptimizerKind.RMSPROP, 1e-3))
                        .withBatchSize(96).withPruning(new Pruning(Pruning.Mode.WEIGHTS, 0.7, 2, 2)).withThreads(2),
                TrainConfig.defaults(sigmoid, 2, 24L).withOptimizer(Optimizer.of(OptimizerKind.ADAMW, 3e-3))
                        .withPruning(new Pruning(Pruning.Mode.NEURONS, 0.5, 1, 2)));
    }

    /** Everything a run leaves: the curve's numbers as bits, then the final weights' bits. */
    private static long[] run(TrainConfig config) {
        try (Network net = Network.forData(config.network(), train, config.seed())) {
            TrainResult r = Trainer.fit(net, config, train, validation, null);
            List<Long> bits = new ArrayList<>();
            for (EpochStats s : r.curve()) {
                bits.add(Double.doubleToRawLongBits(s.trainLoss()));
                bits.add(Double.doubleToRawLongBits(s.validationLoss()));
                bits.add(Double.doubleToRawLongBits(s.validationMetric()));
            }
            for (float p : net.parameters()) bits.add((long) Float.floatToRawIntBits(p));
            return bits.stream().mapToLong(Long::longValue).toArray();
        }
    }

    @Test
    void trainingsSideBySideReproduceTheirSoloRunsBitForBit() throws Exception {
        List<TrainConfig> configs = configs();
        List<TrainConfig> singleThreaded = configs.stream().map(c -> c.withThreads(1)).toList();
        List<long[]> solo = configs.stream().map(ConcurrentTrainingTest::run).toList();
        List<long[]> solo1 = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            solo1.add(configs.get(i).threads() == 1 ? solo.get(i) : run(singleThreaded.get(i)));
        }
        int bad = 0;
        List<String> failures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(configs.size());
        try {
            for (int round = 0; round < 2; round++) {
                List<TrainConfig> mix = round == 0 ? configs : singleThreaded;
                List<long[]> expected = round == 0 ? solo : solo1;
                CountDownLatch start = new CountDownLatch(mix.size());
                List<Future<long[]>> runs = new ArrayList<>();
                for (TrainConfig c : mix) {
                    runs.add(pool.submit(() -> {
                        start.countDown();
                        start.await();
                        return run(c);
                    }));
                }
                for (int i = 0; i < mix.size(); i++) {
                    long[] got = runs.get(i).get();
                    if (!Arrays.equals(expected.get(i), got)) {
                        bad++;
                        failures.add((round == 0 ? "1 and 2 threads" : "all 1 thread") + ", config " + i
                                + ": first difference at " + Arrays.mismatch(expected.get(i), got));
                    }
                }
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(0, bad, String.join("; ", failures));
        assertTrue(solo.stream().allMatch(s -> s.length > 0));
    }
}
