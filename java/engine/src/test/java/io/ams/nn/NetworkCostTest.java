package io.ams.nn;

import io.ams.data.Datasets;
import io.ams.data.PreparedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a network costs: training FLOPs as the kernels count them, and batch-1 inference latency. */
class NetworkCostTest {
    static PreparedData data;
    static NativeData train;
    static NativeData oneRow;

    @BeforeAll
    static void digits() {
        data = Datasets.prepare("digits", 0.15, 0.15, 7L);
        train = NativeData.of(data.train());
        oneRow = NativeData.of(data.train().subset(new int[] {0}));
    }

    @AfterAll
    static void free() {
        train.close();
        oneRow.close();
    }

    /** The GEMMs a training step runs, layer by layer: forward and weight gradient 2*in*out each, the input gradient for all but the first. */
    private static long gemmFlops(int... widths) {
        long flops = 0;
        for (int l = 0; l + 1 < widths.length; l++) {
            long layer = 2L * widths[l] * widths[l + 1];
            flops += layer + layer + (l > 0 ? layer : 0);
        }
        return flops;
    }

    @Test
    void trainingFlopsCountTheGemmsTheKernelsRun() {
        try (Network wide = Network.forData(MlpSpec.of(Activation.RELU, 128, 64), train, 1L);
             Network linear = Network.forData(new MlpSpec(java.util.List.of(), Init.HE, 0.01), train, 1L)) {
            assertEquals(gemmFlops(64, 128, 64, 10), wide.trainFlopsPerSample());
            // no hidden layer: the output layer is the first, so no input gradient at all
            assertEquals(gemmFlops(64, 10), linear.trainFlopsPerSample());
            assertEquals(2 * linear.flopsPerSample(), linear.trainFlopsPerSample());
        }
        // the throughput bench's network: 1,007,104 (bench/python/report.py counts the same)
        assertEquals(1_007_104L, gemmFlops(784, 256, 128, 10));
    }

    @Test
    void latencyIsPositiveAndGrowsWithWidth() {
        try (Network narrow = Network.forData(MlpSpec.of(Activation.RELU, 8), train, 1L);
             Network wide = Network.forData(MlpSpec.of(Activation.RELU, 1024, 1024), train, 1L)) {
            double small = narrow.latencyMillis(oneRow, 201);
            double large = wide.latencyMillis(oneRow, 201);
            assertTrue(small > 0, "latency " + small);
            // about 1,000 times the multiply-adds: far beyond the noise of a shared machine
            assertTrue(large > 3 * small, "8 units: " + small + " ms, 1024x1024: " + large + " ms");
        }
    }

    @Test
    void latencyNeedsOneRowAndRepeats() {
        try (Network net = Network.forData(MlpSpec.of(Activation.RELU, 8), train, 1L)) {
            assertThrows(IllegalArgumentException.class, () -> net.latencyMillis(oneRow, 0));
            assertThrows(IllegalArgumentException.class, () -> net.latencyMillis(train, 5));
        }
    }
}
