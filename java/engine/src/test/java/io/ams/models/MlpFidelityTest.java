package io.ams.models;

import io.ams.eval.TrialContext;
import io.ams.eval.TrialPruned;
import io.ams.space.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MlpFidelityTest {
    private static MlpObjective objective;

    @BeforeAll
    static void load() {
        objective = new MlpObjective("digits", 0.2, 0.2, 3L, MlpObjective.Metric.ACCURACY);
    }

    @AfterAll
    static void free() {
        objective.close();
    }

    /** Cosine schedule, momentum and dropout: continuation must carry the schedule position, the moments and the RNG. */
    static Config config() {
        return MlpObjectiveTest.config(Map.of("epochs", 20L, "lr", 0.05, "optimizer", "momentum", "batch", 64L, "schedule", "cosine"),
                List.of(Map.of("units", 24L, "dropout", 0.1)));
    }

    @Test
    void aPromotedTrialTrainsOnlyItsRemainingEpochsAndEndsAsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        Config c = config();
        TrialContext first = new TrialContext(1, 77L, 1, 3, 9, null, null, dir.resolve("1.ckpt"), null);
        double atThree = objective.evaluate(c, first);
        assertEquals(3, first.curve().length);
        assertTrue(Files.isRegularFile(dir.resolve("1.ckpt")), "a multi-fidelity trial saves its state");

        int[] epochs = {0};
        // The pruner is asked once per epoch trained: it counts them.
        TrialContext promoted = new TrialContext(2, 77L, 1, 9, 9, dir.resolve("1.ckpt"), first.curve(), dir.resolve("2.ckpt"),
                curve -> ++epochs[0] < 0);
        double continued = objective.evaluate(c, promoted);
        assertEquals(6, epochs[0], "a promoted trial trains only its remaining epochs");
        assertEquals(9, promoted.curve().length, "its curve starts with its parent's");
        assertArrayEquals(first.curve(), Arrays.copyOf(promoted.curve(), 3));
        assertEquals(atThree, promoted.curve()[2]);

        TrialContext uninterrupted = new TrialContext(3, 77L, 1, 9, 9, null, null, dir.resolve("3.ckpt"), null);
        double straight = objective.evaluate(c, uninterrupted);
        assertEquals(straight, continued, "the same metric as 9 epochs in one go");
        assertArrayEquals(uninterrupted.curve(), promoted.curve());
        assertArrayEquals(Files.readAllBytes(dir.resolve("3.ckpt")), Files.readAllBytes(dir.resolve("2.ckpt")),
                "the same weights, moments, schedule position and RNG");
        // The final report retrains the lineage from scratch: the very model the search scored.
        assertEquals(continued, objective.report(c, 77L, 1, 9, 9).validationMetric());
    }

    @Test
    void fidelityOverridesTheConfiguredEpochsAndTheHorizonShapesTheSchedule() {
        Config c = config();
        TrialContext shortHorizon = new TrialContext(1, 5L, 1, 4, 4, null, null, null, null);
        TrialContext longHorizon = new TrialContext(2, 5L, 1, 4, 27, null, null, null, null);
        objective.evaluate(c, shortHorizon);
        objective.evaluate(c, longHorizon);
        assertEquals(4, shortHorizon.curve().length);
        assertEquals(4, longHorizon.curve().length);
        // A cosine schedule over 4 epochs is not the first 4 epochs of one over 27.
        assertFalse(Arrays.equals(shortHorizon.curve(), longHorizon.curve()));
    }

    @Test
    void thePrunerIsAskedEveryEpoch() {
        int[] asked = {0};
        TrialContext ctx = new TrialContext(1, 5L, 1, 6, 9, null, null, null, curve -> ++asked[0] >= 2);
        assertThrows(TrialPruned.class, () -> objective.evaluate(config(), ctx));
        assertEquals(2, asked[0]);
        assertEquals(2, ctx.curve().length, "pruned after the second epoch");
        assertTrue(ctx.pruned());
    }
}
