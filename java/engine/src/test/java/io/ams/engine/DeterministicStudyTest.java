package io.ams.engine;

import io.ams.eval.Objective;
import io.ams.models.TestFunctions;
import io.ams.space.Parameter;
import io.ams.space.SearchSpace;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.ams.store.ChronicleTrialStore;
import io.ams.store.TrialRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A deterministic study (the default) repeats exactly with 2 workers whose trials take random
 * times, for asynchronous strategies too, and a resume continues it as if it had not stopped.
 */
class DeterministicStudyTest {
    private static final SearchSpace BRANIN = SearchSpace.builder()
            .add(Parameter.real("x1", -5, 10))
            .add(Parameter.real("x2", 0, 15))
            .build();

    /** Branin after a random 0-15 ms: which of two trials ends first changes from run to run. */
    private static final Objective JITTERED = (c, ctx) -> {
        Thread.sleep(ThreadLocalRandom.current().nextInt(16));
        return TestFunctions.branin(c.getDouble("x1"), c.getDouble("x2"));
    };

    private static List<String> run(String strategy, int trials, Path store) {
        StudyBuilder b = Study.builder().space(BRANIN).objective(JITTERED).strategy(strategy, options(strategy)).seed(11)
                .workers(2).budget(Budget.trials(trials));
        if (store != null) b.store(store);
        try (Study s = b.build()) {
            s.optimize();
            return s.trials().stream().map(t -> t.config().canonical() + " = " + t.value()).toList();
        }
    }

    private static Map<String, ?> options(String strategy) {
        return strategy.equals("bo") ? Map.of("initial", 4) : Map.of();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bo", "turbo", "regevo", "local", "random", "cmaes"})
    void twoWorkersRepeatExactly(String strategy) {
        List<String> first = run(strategy, 24, null);
        for (int again = 0; again < 2; again++) assertEquals(first, run(strategy, 24, null), strategy);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bo", "regevo"})
    void aResumedStudyContinuesAsIfItHadNotStopped(String strategy, @TempDir Path dir) {
        List<String> whole = run(strategy, 24, null);
        Path store = dir.resolve("s.ams");
        run(strategy, 9, store);
        assertEquals(whole, run(strategy, 24, store), strategy);
    }

    /** Branin plus a term from the trial's seed, as a training's value depends on its seed. */
    private static final Objective SEEDED = (c, ctx) ->
            TestFunctions.branin(c.getDouble("x1"), c.getDouble("x2")) + Math.floorMod(ctx.seed(), 1000) * 1e-3;

    private static List<String> runSeeded(int trials, Path store) {
        StudyBuilder b = Study.builder().space(BRANIN).objective(SEEDED).strategy("regevo", Map.of()).seed(11)
                .workers(1).budget(Budget.trials(trials));
        if (store != null) b.store(store);
        try (Study s = b.build()) {
            s.optimize();
            return s.trials().stream().map(t -> t.config().canonical() + " = " + t.value()).toList();
        }
    }

    /**
     * A kill that tears a trial's first write leaves its id as a damaged placeholder, and the
     * resumed study runs that proposal under the next id: the ids skip, but every trial, its seed
     * and so its value are those of the uninterrupted study.
     */
    @org.junit.jupiter.api.Test
    void aTornFirstWriteSkipsAnIdAndChangesNoTrial(@TempDir Path dir) throws IOException {
        List<String> whole = runSeeded(14, null);
        Path store = dir.resolve("torn.ams");
        runSeeded(6, store);
        try (ChronicleTrialStore s = ChronicleTrialStore.open(store)) {
            s.put(TrialRecord.running(6, new double[] {0.5, 0.5}, "{\"tag\":\"TEAR-ME-HERE\"}", 0, 1, 1, 1, Map.of()));
        }
        flipByteInside(store, "TEAR-ME-HERE");
        Files.writeString(store.resolveSibling(store.getFileName() + ".lock"), "open pid=1\n");   // as after a kill
        assertEquals(whole, runSeeded(14, store));
        try (ChronicleTrialStore s = ChronicleTrialStore.open(store)) {
            assertFalse(s.get(6).isPresent(), "the torn trial's id stays a placeholder");
            assertTrue(s.get(14).isPresent(), "the last proposal ran under id 14");
        }
    }

    private static void flipByteInside(Path file, String marker) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        byte[] needle = marker.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                bytes[i + 3] ^= 0x20;
                Files.write(file, bytes);
                return;
            }
        }
        throw new AssertionError(marker + " not found in " + file);
    }
}
