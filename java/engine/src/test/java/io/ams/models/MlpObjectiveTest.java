package io.ams.models;

import io.ams.eval.TrialContext;
import io.ams.nn.Activation;
import io.ams.nn.OptimizerKind;
import io.ams.nn.Pruning;
import io.ams.nn.Schedule;
import io.ams.nn.TrainConfig;
import io.ams.space.Config;
import io.ams.space.LayerConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MlpObjectiveTest {
    static Config config(Map<String, ?> values, List<Map<String, ?>> layers) {
        return new Config(Map.copyOf(values), Map.of("layers", layers.stream().map(LayerConfig::of).toList()));
    }

    @Test
    void configurationNamesMapOntoTheTrainer() {
        Config c = config(Map.of("optimizer", "nesterov", "lr", 0.05, "momentum", 0.8, "weight_decay", 1e-4, "batch", 32L,
                        "epochs", 7L, "schedule", "cosine", "prune", "neurons", "sparsity", 0.25, "finetune_epochs", 2L),
                List.of(Map.of("units", 40L, "activation", "gelu", "dropout", 0.1, "batchnorm", true),
                        Map.of("units", 20L, "activation", "tanh")));
        TrainConfig t = MlpParameters.trainConfig(c, 9L, 2);
        assertEquals(2, t.network().hidden().size());
        assertEquals(40, t.network().hidden().get(0).units());
        assertEquals(Activation.GELU, t.network().hidden().get(0).activation());
        assertTrue(t.network().hidden().get(0).batchNorm());
        assertEquals(0.1, t.network().hidden().get(0).dropout());
        assertEquals(Activation.TANH, t.network().hidden().get(1).activation());
        assertEquals(OptimizerKind.NESTEROV, t.optimizer().kind());
        assertEquals(0.05, t.optimizer().lr());
        assertEquals(0.8, t.optimizer().momentum());
        assertEquals(1e-4, t.optimizer().weightDecay());
        assertEquals(32, t.batchSize());
        assertEquals(7, t.epochs());
        assertEquals(Schedule.Kind.COSINE, t.schedule().kind());
        assertEquals(Pruning.Mode.NEURONS, t.pruning().mode());
        assertEquals(0.25, t.pruning().sparsity());
        assertEquals(9L, t.seed());
        assertEquals(2, t.threads());
    }

    @Test
    void missingNamesTakeTheTrainersDefaults() {
        TrainConfig t = MlpParameters.trainConfig(config(Map.of(), List.of(Map.of("units", 16L))), 1L, 1);
        assertEquals(OptimizerKind.ADAM, t.optimizer().kind());
        assertEquals(1e-3, t.optimizer().lr());
        assertEquals(Activation.RELU, t.network().hidden().get(0).activation());
        assertNull(t.pruning());
    }

    @Test
    void scoresOnValidationAndReportsTheSameModelOnTest() {
        try (MlpObjective objective = new MlpObjective("digits", 0.2, 0.2, 3L, MlpObjective.Metric.ACCURACY)) {
            Config c = config(Map.of("epochs", 8L, "lr", 0.01, "batch", 32L), List.of(Map.of("units", 32L)));
            TrialContext ctx = new TrialContext(1, 5L, 1);
            double validation = objective.evaluate(c, ctx);
            assertTrue(validation > 0.9, "validation accuracy " + validation);
            assertEquals(8, ctx.curve().length, "one curve point per epoch");
            MlpObjective.Report report = objective.report(c, 5L, 1);
            assertEquals(validation, report.validationMetric(), "the report retrains the very model the search scored");
            assertTrue(report.testMetric() > 0.85, "test accuracy " + report.testMetric());
        }
    }

    /** params, flops, latency_ms and train_seconds: what the trained network costs, recorded with its trial. */
    @Test
    void eachTrialRecordsWhatItsNetworkCosts() {
        try (MlpObjective objective = new MlpObjective("digits", 0.2, 0.2, 3L, MlpObjective.Metric.ACCURACY)) {
            Config pruned = config(Map.of("epochs", 4L, "lr", 0.01, "batch", 32L, "prune", "weights", "sparsity", 0.75,
                    "finetune_epochs", 1L), List.of(Map.of("units", 32L)));
            TrialContext ctx = new TrialContext(1, 5L, 1);
            objective.evaluate(pruned, ctx);
            Map<String, Double> m = ctx.metrics();
            assertEquals(List.of("flops", "latency_ms", "params", "train_seconds"), List.copyOf(new java.util.TreeSet<>(m.keySet())));
            long weights = 64 * 32 + 32 * 10;
            assertEquals(2.0 * weights, m.get("flops"), "dense forward FLOPs: 2 per weight");
            // the same training outside the objective: the count of its non-zero weights
            io.ams.data.PreparedData data = io.ams.data.Datasets.prepare("digits", 0.2, 0.2, 3L);
            TrainConfig tc = MlpParameters.trainConfig(pruned, 5L, 1);
            try (io.ams.nn.NativeData train = io.ams.nn.NativeData.of(data.train());
                 io.ams.nn.NativeData validation = io.ams.nn.NativeData.of(data.validation());
                 io.ams.nn.Network net = io.ams.nn.Network.forData(tc.network(), train, tc.seed())) {
                io.ams.nn.Trainer.fit(net, tc, train, validation, null);
                long nonzero = 0;
                float[] p = net.parameters();
                // parameters() order: per layer W (in x out) then b; count the W entries only
                int at = 0;
                for (int[] layer : new int[][] {{64, 32}, {32, 10}}) {
                    for (int i = 0; i < layer[0] * layer[1]; i++) if (p[at + i] != 0f) nonzero++;
                    at += layer[0] * layer[1] + layer[1];
                }
                assertEquals(nonzero, m.get("params"), 0.0);
                assertTrue(nonzero <= weights / 4 + 1, nonzero + " of " + weights + " weights left at sparsity 0.75");
            }
            assertTrue(m.get("latency_ms") > 0, m.toString());
            assertTrue(m.get("train_seconds") > 0, m.toString());
        }
    }
}
