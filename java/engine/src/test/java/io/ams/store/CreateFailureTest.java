package io.ams.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A create that fails at any step leaves no trace of the store (map, meta, lock, temp file,
 * folder it made), so the same path can be created again; and it removes nothing it did not make.
 */
class CreateFailureTest {
    @TempDir
    Path dir;

    @AfterEach
    void noMoreFailures() {
        ChronicleTrialStore.afterCreateStep = step -> { };
    }

    @ParameterizedTest(name = "{1} after {0}")
    @CsvSource({"folder, exception", "lock, exception", "meta, exception", "map, exception", "marker, exception",
            "folder, error", "lock, error", "meta, error", "map, error", "marker, error"})
    void aFailureAtAnyStepLeavesNothingAndTheOtherFilesAlone(String failAt, String kind) throws IOException {
        Path unrelated = Files.writeString(dir.resolve("notes.txt"), "not the store's");
        Files.setLastModifiedTime(unrelated, FileTime.fromMillis(1_600_000_000_000L));
        Map<Path, String> before = snapshot(dir);
        Path file = dir.resolve("new-folder").resolve("study.ams");
        RuntimeException planted = kind.equals("error") ? null : new IllegalStateException("planted at " + failAt);
        Error plantedError = kind.equals("error") ? new ExceptionInInitializerError("planted at " + failAt) : null;
        ChronicleTrialStore.afterCreateStep = step -> {
            if (step.equals(failAt)) {
                if (planted != null) {
                    throw planted;
                }
                throw plantedError;
            }
        };
        Throwable e = assertThrows(Throwable.class, () -> ChronicleTrialStore.create(file, Trials.meta(), 2_000, 10));
        assertEquals(before, snapshot(dir));
        // an Error too comes out as a StoreException naming the file, like open's failures
        assertInstanceOf(StoreException.class, e);
        assertSame(planted != null ? planted : plantedError, e.getCause(), e.toString());

        // the path is usable afterwards
        ChronicleTrialStore.afterCreateStep = step -> { };
        try (ChronicleTrialStore store = ChronicleTrialStore.create(file, Trials.meta(), 2_000, 10)) {
            store.put(Trials.sample(0));
        }
        try (ChronicleTrialStore store = ChronicleTrialStore.open(file)) {
            assertEquals(List.of(Trials.sample(0)), store.all());
        }
    }

    /** A real failure from Chronicle after the meta file is written: an out-of-range sizing. */
    @Test
    void aChronicleFailureAfterTheMetaFileRemovesTheMetaLockAndFolder() throws IOException {
        Path file = dir.resolve("a").resolve("b").resolve("study.ams");
        List<String> steps = new ArrayList<>();
        ChronicleTrialStore.afterCreateStep = steps::add;
        StoreException e = assertThrows(StoreException.class,
                () -> ChronicleTrialStore.create(file, Trials.meta(), 2_000, 0.5));
        assertEquals(List.of("folder", "lock", "meta"), steps, "it failed after the meta file was written: " + e);
        assertEquals(Map.of(), snapshot(dir));
    }

    /**
     * Create fails after the meta file is written: the lock file some earlier run left, and a
     * folder at the name the meta file's temporary file once had, are still there afterwards
     * (temporary files now have unguessable names, so that folder is in nobody's way).
     */
    @Test
    void aFailedCreateRemovesOnlyWhatItMade() throws IOException {
        Path file = dir.resolve("study.ams");
        Path oldLock = Files.writeString(StoreLock.pathFor(file), "closed\n");
        Path tmpName = dir.resolve("study.ams.meta.json.tmp");
        Files.createDirectory(tmpName);
        Files.writeString(tmpName.resolve("inside.txt"), "someone's");
        ChronicleTrialStore.afterCreateStep = step -> {
            if (step.equals("meta")) {
                throw new IllegalStateException("planted: the meta file could not be written");
            }
        };
        StoreException e = assertThrows(StoreException.class,
                () -> ChronicleTrialStore.create(file, Trials.meta(), 2_000, 10));
        assertTrue(e.getMessage().contains("meta"), e.getMessage());
        assertEquals(List.of(oldLock, tmpName, tmpName.resolve("inside.txt")), List.copyOf(snapshot(dir).keySet()));
        assertEquals("someone's", Files.readString(tmpName.resolve("inside.txt")));
        ChronicleTrialStore.afterCreateStep = step -> { };
        ChronicleTrialStore.create(file, Trials.meta(), 2_000, 10).close();
    }

    private static String crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return bytes.length + " bytes, crc " + Long.toHexString(crc.getValue());
    }

    /** Every file and folder under {@code root} with its content (files) and modification time. */
    private static Map<Path, String> snapshot(Path root) throws IOException {
        Map<Path, String> out = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(p -> !p.equals(root)).sorted().toList()) {
                String content = Files.isDirectory(p) ? "<folder>" : crc(Files.readAllBytes(p));
                out.put(p, content + " @" + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return out;
    }
}
