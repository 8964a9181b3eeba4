package io.ams.models;

import io.ams.eval.ScheduleStep;
import io.ams.eval.TrialContext;
import io.ams.space.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Continuing a checkpoint under new hyperparameters (population-based training), and replaying such a schedule. */
class MlpScheduleTest {
    private static MlpObjective objective;

    @BeforeAll
    static void load() {
        objective = new MlpObjective("digits", 0.2, 0.2, 3L, MlpObjective.Metric.ACCURACY);
    }

    @AfterAll
    static void free() {
        objective.close();
    }

    static Config config(double lr, double momentum) {
        return MlpObjectiveTest.config(Map.of("epochs", 20L, "lr", lr, "momentum", momentum, "optimizer", "momentum",
                        "batch", 64L, "schedule", "cosine", "weight_decay", 1e-4),
                List.of(Map.of("units", 24L, "dropout", 0.1)));
    }

    @Test
    void aRestoredCheckpointContinuesUnderTheNewConfigurationsHyperparametersAndTheScheduleReplaysIt(@TempDir Path dir) {
        Config a = config(0.05, 0.9);
        Config b = config(0.2, 0.5);
        TrialContext first = new TrialContext(1, 77L, 1, 3, 9, null, null, dir.resolve("1.ckpt"), null);
        objective.evaluate(a, first);
        TrialContext same = new TrialContext(2, 77L, 1, 6, 9, dir.resolve("1.ckpt"), first.curve(), dir.resolve("2.ckpt"), null);
        double underA = objective.evaluate(a, same);
        TrialContext changed = new TrialContext(3, 77L, 1, 6, 9, dir.resolve("1.ckpt"), first.curve(), dir.resolve("3.ckpt"), null);
        double underB = objective.evaluate(b, changed);
        try (MlpObjective byLoss = new MlpObjective("digits", 0.2, 0.2, 3L, MlpObjective.Metric.LOSS)) {
            TrialContext lossA = new TrialContext(5, 77L, 1, 4, 9, dir.resolve("1.ckpt"), first.curve(), dir.resolve("5.ckpt"), null);
            TrialContext lossB = new TrialContext(6, 77L, 1, 4, 9, dir.resolve("1.ckpt"), first.curve(), dir.resolve("6.ckpt"), null);
            assertNotEquals(byLoss.evaluate(a, lossA), byLoss.evaluate(b, lossB),
                    "the new learning rate and momentum act from the first epoch continued");
        }

        // And once more under a third configuration, to the schedule's end.
        Config c = config(0.01, 0.95);
        TrialContext last = new TrialContext(4, 77L, 1, 9, 9, dir.resolve("3.ckpt"), changed.curve(), dir.resolve("4.ckpt"), null);
        double searched = objective.evaluate(c, last);

        MlpObjective.Report replay = objective.report(List.of(new ScheduleStep(a, 3), new ScheduleStep(b, 6), new ScheduleStep(c, 9)),
                77L, 1, 9);
        assertEquals(searched, replay.validationMetric(), "the replayed schedule is the model the search scored");
        assertTrue(replay.testMetric() > 0.5, "test " + replay.testMetric());
        assertEquals(underA, objective.report(List.of(new ScheduleStep(a, 3), new ScheduleStep(a, 6)), 77L, 1, 9).validationMetric());
    }

    @Test
    void aScheduleMayNotChangeTheOptimizerKind(@TempDir Path dir) {
        TrialContext first = new TrialContext(1, 5L, 1, 2, 4, null, null, dir.resolve("1.ckpt"), null);
        objective.evaluate(config(0.05, 0.9), first);
        Config adam = MlpObjectiveTest.config(Map.of("lr", 0.01, "optimizer", "adam", "batch", 64L, "schedule", "cosine"),
                List.of(Map.of("units", 24L, "dropout", 0.1)));
        TrialContext next = new TrialContext(2, 5L, 1, 4, 4, dir.resolve("1.ckpt"), first.curve(), dir.resolve("2.ckpt"), null);
        RuntimeException e = assertThrows(RuntimeException.class, () -> objective.evaluate(adam, next));
        assertTrue(e.getMessage().contains("kind"), e.getMessage());
    }
}
