package io.ams.engine;

import io.ams.store.TrialRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where trials save their trained state for the trials that continue them:
 * {@code <store>.checkpoints/<trialId>.ckpt} next to a store file, or a temporary directory for
 * a study without a store file, deleted on {@link #close()}. The directory is created by the
 * first trial that saves; which files stay is {@link CheckpointRetention}'s business.
 */
final class Checkpoints implements AutoCloseable {
    /** A trial's checkpoint file; other files there (an objective's temporary ones) are never touched. */
    private static final Pattern FILE = Pattern.compile("(\\d{1,18})\\.ckpt");
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

    /** The trial ids that have a checkpoint file now. */
    List<Long> saved() {
        List<Long> ids = new ArrayList<>();
        if (!Files.isDirectory(dir)) return ids;
        try (var files = Files.list(dir)) {
            files.forEach(f -> idOf(f).ifPresent(ids::add));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the checkpoints in " + dir, e);
        }
        return ids;
    }

    private static OptionalLong idOf(Path file) {
        Matcher m = FILE.matcher(file.getFileName().toString());
        return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /** Deletes trial {@code trialId}'s checkpoint, if it has one. */
    void delete(long trialId) {
        try {
            Files.deleteIfExists(of(trialId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the checkpoint " + of(trialId), e);
        }
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
