package io.ams.nn;

import io.ams.data.Dataset;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** {@link Network#cancel()}: an epoch in progress stops within a mini-batch, from another thread. */
class NetworkCancelTest {
    /** Random rows: an epoch of 20000 x 128 through two 512-wide layers in batches of 16 takes seconds. */
    static Dataset noise(int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble(-1, 1);
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) y[i] = r.nextInt(10);
        return Dataset.classification("noise", x, rows, cols, List.of(), y,
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
    }

    @Test
    void cancelStopsAnEpochInProgressWithinABatch() throws Exception {
        try (NativeData data = NativeData.of(noise(20000, 128, 1));
             Network net = Network.forData(MlpSpec.of(Activation.RELU, 512, 512), data, 1L)) {
            net.configure(Optimizer.of(OptimizerKind.ADAM, 1e-3), Schedule.constant(), Network.stepsPerEpoch(data.rows(), 16), 1);
            CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
                try {
                    net.trainEpoch(data, 16, 1);
                    return null;
                } catch (Throwable e) {
                    return e;
                }
            });
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (Network.activeTrainings() == 0 && !outcome.isDone()) {
                if (System.nanoTime() > waitUntil) fail("the epoch never started");
                Thread.onSpinWait();
            }
            Thread.sleep(50);
            long cancelledAt = System.nanoTime();
            net.cancel();
            Throwable e = outcome.get(30, TimeUnit.SECONDS);
            double stopSeconds = (System.nanoTime() - cancelledAt) / 1e9;
            assertTrue(e instanceof TrainingCancelledException, "the epoch ended with " + e);
            assertTrue(net.steps() < Network.stepsPerEpoch(data.rows(), 16), net.steps() + " steps: the whole epoch ran");
            assertTrue(stopSeconds < 1, "stopped " + stopSeconds + " s after the cancel");
            assertEquals(0, Network.activeTrainings());
            // The flag stays: a later epoch does not train.
            long steps = net.steps();
            assertThrows(TrainingCancelledException.class, () -> net.trainEpoch(data, 16, 1));
            assertEquals(steps, net.steps());
        }
    }

    @Test
    void cancelOnAClosedNetworkIsANoOp() {
        try (NativeData data = NativeData.of(noise(50, 4, 2))) {
            Network net = Network.forData(MlpSpec.of(Activation.RELU, 8), data, 1L);
            net.close();
            net.cancel();
        }
    }
}
