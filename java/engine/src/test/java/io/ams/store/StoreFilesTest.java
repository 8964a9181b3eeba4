package io.ams.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store's own files: never written through a link planted next to them, readable by the owner only. */
class StoreFilesTest {
    @TempDir
    Path dir;

    private Path victim() throws IOException {
        return Files.writeString(dir.resolve("victim.txt"), "precious");
    }

    @Test
    void aLinkAtTheOldMetaTempNameIsNotFollowed() throws IOException {
        Path victim = victim();
        Path file = dir.resolve("s.ams");
        Path planted = Files.createSymbolicLink(dir.resolve("s.ams.meta.json.tmp"), victim);
        try (ChronicleTrialStore store = ChronicleTrialStore.create(file, Trials.meta(), 2_000, 10)) {
            store.put(Trials.sample(0));
        }
        assertEquals("precious", Files.readString(victim));
        assertTrue(Files.isSymbolicLink(planted));
        try (ChronicleTrialStore store = ChronicleTrialStore.open(file)) {
            assertEquals(Trials.sample(0), store.get(0).orElseThrow());
        }
    }

    @Test
    void aLinkAtTheLockNameIsNotFollowed() throws IOException {
        Path victim = victim();
        Path file = dir.resolve("s.ams");
        Files.createSymbolicLink(StoreLock.pathFor(file), victim);
        StoreException e = assertThrows(StoreException.class, () -> ChronicleTrialStore.create(file, Trials.meta(), 2_000, 10));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertEquals("precious", Files.readString(victim));

        // the same on an existing store whose lock file was replaced by a link
        Files.delete(StoreLock.pathFor(file));
        ChronicleTrialStore.create(file, Trials.meta(), 2_000, 10).close();
        Files.delete(StoreLock.pathFor(file));
        Files.createSymbolicLink(StoreLock.pathFor(file), victim);
        e = assertThrows(StoreException.class, () -> ChronicleTrialStore.open(file));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertEquals("precious", Files.readString(victim));
    }

    @Test
    void aLinkAtTheMapNameIsNotWrittenThrough() throws IOException {
        Path victim = victim();
        Path file = dir.resolve("s.ams");
        Files.createSymbolicLink(file, victim);
        assertThrows(StoreException.class, () -> ChronicleTrialStore.create(file, Trials.meta(), 2_000, 10));
        assertEquals("precious", Files.readString(victim));
    }

    @Test
    void newStoreFilesAreTheOwnersOnly() throws IOException {
        Path file = dir.resolve("s.ams");
        try (ChronicleTrialStore store = ChronicleTrialStore.create(file, Trials.meta(), 2_000, 10)) {
            store.put(Trials.sample(0));
        }
        // recovery replaces the map with a new file: that one too
        Files.writeString(StoreLock.pathFor(file), "open pid=1\n");
        ChronicleTrialStore.open(file).close();
        for (Path p : new Path[] {file, MetaFile.pathFor(file), StoreLock.pathFor(file)}) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)),
                    p.toString());
        }
    }
}
