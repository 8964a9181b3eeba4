package io.ams.cli;

import io.ams.store.ChronicleTrialStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static io.ams.cli.TrainCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ams run/resume --keep-checkpoints} and the disk line of {@code ams show}. */
class CheckpointsCommandsTest {
    /**
     * Successive halving on iris, 3 configurations at 1 epoch then the best at 3: a bracket is 4
     * trials of milliseconds, and when it ends no trial can be continued any more.
     */
    private static Path shGenome(Path dir) throws Exception {
        Path file = dir.resolve("sh.yaml");
        Files.writeString(file, """
                # a tiny successive-halving search for tests
                objective: {mlp: {dataset: iris}}
                split: {validation: 0.2, test: 0.2, seed: 1}
                space:
                  training:
                    lr: {log_real: [1.0e-3, 1.0e-1]}
                    batch: 16
                  architecture:
                    layers: {min: 1, max: 1, units: {int: [4, 16]}}
                strategy: {name: sh, seed: 3, min_fidelity: 1, max_fidelity: 3, n: 3}
                budget: {trials: 4}
                """);
        return file;
    }

    private static List<Path> checkpoints(Path store) throws Exception {
        Path dir = store.resolveSibling(store.getFileName() + ".checkpoints");
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".ckpt")).toList();
        }
    }

    @Test
    void showPrintsTheDiskTheStoreAndItsCheckpointsTake(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("s.ams");
        var r = run("run", shGenome(dir).toString(), "--store", store.toString(), "--workers", "1", "--keep-checkpoints", "all");
        assertEquals(0, r.exit(), r.err());
        List<Path> saved = checkpoints(store);
        assertEquals(4, saved.size(), "all: every trial's checkpoint stays");

        long storeBytes = Files.size(store) + Files.size(dir.resolve("s.ams.meta.json"))
                + (Files.exists(dir.resolve("s.ams.lock")) ? Files.size(dir.resolve("s.ams.lock")) : 0);
        long checkpointBytes = 0;
        for (Path f : saved) checkpointBytes += Files.size(f);
        assertTrue(checkpointBytes > 0);
        var show = run("show", store.toString());
        assertEquals(0, show.exit(), show.err());
        String expected = "disk: " + StoreDisk.human(storeBytes + checkpointBytes) + " (store " + StoreDisk.human(storeBytes)
                + ", checkpoints " + StoreDisk.human(checkpointBytes) + " in 4 files)";
        assertTrue(show.out().lines().anyMatch(expected::equals), expected + " in\n" + show.out());
    }

    @Test
    void sizesReadAsPeopleWriteThem() {
        assertEquals("0 B", StoreDisk.human(0));
        assertEquals("999 B", StoreDisk.human(999));
        assertEquals("1.0 kB", StoreDisk.human(1000));
        assertEquals("41.9 MB", StoreDisk.human(41_900_000));
        assertEquals("75.0 MB", StoreDisk.human(74_999_999));
        assertEquals("1.2 GB", StoreDisk.human(1_230_000_000));
    }

    @Test
    void keepCheckpointsIsKeptForResume(@TempDir Path dir) throws Exception {
        Path genome = shGenome(dir);
        Path store = dir.resolve("s.ams");
        var r = run("run", genome.toString(), "--store", store.toString(), "--workers", "1", "--keep-checkpoints", "best");
        assertEquals(0, r.exit(), r.err());
        try (ChronicleTrialStore s = ChronicleTrialStore.openForReading(store)) {
            assertEquals("--keep-checkpoints best", s.meta().attrs().get(Search.RUN_FLAGS));
        }
        assertEquals(1, checkpoints(store).size(), "best: only the best trial's");

        // The resume runs a second bracket under the stored flag: best again, not the default
        // (continuable), which would leave none once the bracket is over.
        var resumed = run("resume", store.toString(), "--trials", "8", "--workers", "1");
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.out().contains("trials: 8 (8 complete)"), resumed.out());
        assertEquals(1, checkpoints(store).size(), "best: only the best trial's");

        // Given to resume, another choice wins for that run.
        var again = run("resume", store.toString(), "--trials", "12", "--workers", "1", "--keep-checkpoints", "continuable");
        assertEquals(0, again.exit(), again.err());
        assertEquals(0, checkpoints(store).size(), "continuable: a finished bracket leaves nothing to continue");
    }

    @Test
    void anUnknownKeepCheckpointsIsAUsageErrorThatCreatesNoStore(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("s.ams");
        var r = run("run", shGenome(dir).toString(), "--store", store.toString(), "--keep-checkpoints", "some");
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.err().contains("--keep-checkpoints must be one of all, continuable, best, got 'some'"), r.err());
        assertTrue(Files.notExists(store));
    }
}
