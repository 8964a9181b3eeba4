package io.ams.engine;

import io.ams.store.TrialRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;

/**
 * Where trials save their trained state for the trials that continue them:
 * {@code <store>.checkpoints/<trialId>.ckpt} next to a store file (kept for a resume; delete the
 * directory with the store), or a temporary directory for a study without a store file,
 * deleted on {@link #close()}. The directory is created by the first trial that saves.
 */
final class Checkpoints implements AutoCloseable {
    private final Path dir;
    private final boolean temporary;

    private Checkpoints(Path dir, boolean temporary) {
        this.dir = dir;
        this.temporary = temporary;
    }

    /** Next to a store file, kept. */
    static Checkpoints beside(Path storeFile) {
        return new Checkpoints(storeFile.resolveSibling(storeFile.getFileName() + ".checkpoints"), false);
    }

    /** In a temporary directory of its own, deleted on close. */
    static Checkpoints temporary() {
        return new Checkpoints(Path.of(System.getProperty("java.io.tmpdir"), "ams-checkpoints-" + UUID.randomUUID()), true);
    }

    /** Where trial {@code trialId} saves its state. */
    Path of(long trialId) {
        return dir.resolve(trialId + ".ckpt");
    }

    /** The state a trial left: its own file, or for a duplicate, that of the trial it repeats (which trained it). */
    Path savedBy(TrialRecord trial) {
        return of(trial.duplicateOf().orElse(trial.id()));
    }

    @Override
    public void close() {
        if (!temporary || !Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A temporary directory left behind is harmless.
        }
    }
}
