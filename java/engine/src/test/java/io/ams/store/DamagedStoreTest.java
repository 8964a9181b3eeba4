package io.ams.store;

import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Foreign, truncated and damaged files: each gives a StoreException that names the file. */
class DamagedStoreTest {
    @TempDir
    Path dir;

    /** A closed store of trials 0..29 whose trial 17 has a config containing {@code marker}. */
    private Path storeWith30Trials(String name, String marker) {
        Path file = dir.resolve(name);
        try (ChronicleTrialStore store = ChronicleTrialStore.create(file, Trials.meta(), 500, 10)) {
            for (long id = 0; id < 30; id++) {
                store.put(id == 17 ? TrialRecord.running(17, new double[] {0.5}, "{\"tag\":\"" + marker + "\"}",
                        0, 1, 1, 1, null) : Trials.sample(id));
            }
        }
        return file;
    }

    /** Opens the file and expects a StoreException naming it and saying {@code what}. */
    private static StoreException refused(Path file, String what) {
        StoreException e = assertThrows(StoreException.class, () -> ChronicleTrialStore.open(file));
        assertTrue(e.getMessage().contains(file.getFileName().toString()), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(what), "says '" + what + "': " + e.getMessage());
        return e;
    }

    /** Gives {@code file} a valid meta file, so that the map file itself is what gets judged. */
    private Path withMeta(Path file) throws IOException {
        Path donor = storeWith30Trials("donor-" + file.getFileName(), "x");
        Files.copy(MetaFile.pathFor(donor), MetaFile.pathFor(file));
        return file;
    }

    @Test
    void randomBytes() throws IOException {
        Path file = dir.resolve("random.ams");
        byte[] junk = new byte[1 << 20];
        new Random(7).nextBytes(junk);
        Files.write(file, junk);
        refused(withMeta(file), "not a trial store");
    }

    @Test
    void aTextFile() throws IOException {
        Path file = dir.resolve("notes.ams");
        Files.writeString(file, "lr: 0.1\nbatch: 32\n".repeat(100));
        refused(withMeta(file), "not a trial store");
    }

    @Test
    void emptyAndTinyFiles() throws IOException {
        Path empty = withMeta(Files.createFile(dir.resolve("empty.ams")));
        refused(empty, "empty file");
        Path tiny = dir.resolve("tiny.ams");
        Files.write(tiny, new byte[] {1, 2, 3, 4, 5});
        refused(withMeta(tiny), "too short");
    }

    @Test
    void noSuchFile() {
        refused(dir.resolve("nowhere.ams"), "no such file");
    }

    @Test
    void aTruncatedStoreIsRefusedWhetherClosedCleanlyOrNot() throws IOException {
        Path file = storeWith30Trials("truncated.ams", "x");
        long length = Files.size(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(length / 2);
        }
        refused(file, "truncated");
        // after a crash the store would be recovered, and Chronicle's recovery alone would
        // quietly turn a truncated file into a smaller map: the length is checked first
        Files.writeString(StoreLock.pathFor(file), "open pid=1\n");
        refused(file, "truncated");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(1000);
        }
        refused(file, "not a trial store");
    }

    @Test
    void aChronicleMapOfOtherTypes() throws IOException {
        Path file = dir.resolve("strings.ams");
        try (ChronicleMap<String, String> other = ChronicleMapBuilder.of(String.class, String.class)
                .entries(100).averageKeySize(10).averageValueSize(10).createPersistedTo(file.toFile())) {
            other.put("lr", "0.1");
        }
        refused(withMeta(file), "other key or value types");
    }

    @Test
    void aLongToBytesMapThatIsNotATrialStore() throws IOException {
        Path file = dir.resolve("foreign.ams");
        try (ChronicleMap<Long, byte[]> other = ChronicleTrialStoreTest.rawMap(file)) {
            other.put(3L, new byte[] {1, 2, 3});
        }
        refused(withMeta(file), "without the Ams store marker");
    }

    @Test
    void aMissingMetaFile() throws IOException {
        Path file = storeWith30Trials("nometa.ams", "x");
        Files.delete(MetaFile.pathFor(file));
        StoreException e = refused(file, "meta file is missing");
        assertTrue(e.getMessage().contains(".meta.json"), e.getMessage());
    }

    @Test
    void aMetaFileOfAnotherStore() throws IOException {
        Path a = storeWith30Trials("a.ams", "x");
        Path b = storeWith30Trials("b.ams", "x");
        Files.copy(MetaFile.pathFor(b), MetaFile.pathFor(a), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        refused(a, "belongs to another store");
    }

    @Test
    void aBadMetaFile() throws IOException {
        Path file = storeWith30Trials("badmeta.ams", "x");
        Path meta = MetaFile.pathFor(file);
        String good = Files.readString(meta);
        Files.writeString(meta, good.substring(0, good.length() / 2));
        refused(file, "not valid JSON");
        Files.writeString(meta, "{\"name\": \"x\"}");
        refused(file, "not an Ams study meta file");
        Files.writeString(meta, good.replace("\"formatVersion\" : 1", "\"formatVersion\" : 99"));
        refused(file, "format 99 is not supported");
        Files.writeString(meta, good.replace("\"direction\" : \"MINIMIZE\"", "\"direction\" : \"SIDEWAYS\""));
        refused(file, "invalid study meta file");
    }

    @Test
    void aDamagedRecordIsNamedAndCanBeSkipped() throws IOException {
        Path file = storeWith30Trials("damaged.ams", "DAMAGE-ME-HERE");
        flipByteInside(file, "DAMAGE-ME-HERE");

        StoreException e = refused(file, "trial 17");
        assertTrue(e.getMessage().contains("CRC mismatch") && e.getMessage().contains("openSkippingCorrupt"), e.getMessage());
        assertEquals("closed", ChronicleTrialStoreTest.read(StoreLock.pathFor(file)), "a refused store stays clean");

        try (ChronicleTrialStore store = ChronicleTrialStore.openSkippingCorrupt(file)) {
            assertEquals(29, store.size());
            assertFalse(store.get(17).isPresent());
            assertEquals(Trials.sample(29), store.get(29).orElseThrow());
            assertEquals(30, store.nextId());
            assertTrue(store.recoveryNotes().stream().anyMatch(n -> n.startsWith("trial 17: damaged record skipped")),
                    store.recoveryNotes().toString());
            // a new version of trial 17 replaces the damaged bytes
            store.put(Trials.sample(17));
        }
        try (ChronicleTrialStore store = ChronicleTrialStore.open(file)) {
            assertEquals(30, store.size());
            assertEquals(Trials.sample(17), store.get(17).orElseThrow());
        }
    }

    /** After a crash Chronicle's recovery checks its own entry checksums and drops what fails: it says so. */
    @Test
    void aDamagedRecordFoundByRecoveryIsReported() throws IOException {
        Path file = storeWith30Trials("damaged-crash.ams", "DAMAGE-ME-HERE");
        flipByteInside(file, "DAMAGE-ME-HERE");
        Files.writeString(StoreLock.pathFor(file), "open pid=1\n");
        try (ChronicleTrialStore store = ChronicleTrialStore.open(file)) {
            assertTrue(store.wasRecovered());
            assertFalse(store.get(17).isPresent());
            assertEquals(29, store.size());
            assertTrue(store.recoveryNotes().stream().anyMatch(n -> n.contains("dropped a copy of trial 17")),
                    store.recoveryNotes().toString());
        }
    }

    /**
     * After a crash, recovery drops a record whose Chronicle checksum fails. When that was the
     * trial's only record (damage, or a first write in flight), the trial must not vanish: it is
     * listed as damaged on this open and every later one, its id is not reused, and the bytes
     * from before recovery are kept next to the store.
     */
    @Test
    void aTrialRecoveryDropsIsListedOnEveryOpenAndItsBytesAreKept() throws IOException {
        Path file = dir.resolve("lost.ams");
        try (ChronicleTrialStore store = ChronicleTrialStore.create(file, Trials.meta(), 500, 10)) {
            for (long id = 0; id < 17; id++) {
                store.put(Trials.sample(id));
            }
            store.put(TrialRecord.running(17, new double[] {0.5}, "{\"tag\":\"DAMAGE-ME-HERE\"}", 0, 1, 1, 1, null));
        }
        flipByteInside(file, "DAMAGE-ME-HERE");
        Files.writeString(StoreLock.pathFor(file), "open pid=1\n");
        String note;
        try (ChronicleTrialStore store = ChronicleTrialStore.open(file)) {
            assertTrue(store.wasRecovered());
            assertFalse(store.get(17).isPresent());
            assertEquals(17, store.size());
            assertEquals(18, store.nextId(), "the id of a lost trial is not given out again");
            note = store.recoveryNotes().stream().filter(n -> n.startsWith("trial 17: damaged")).findFirst()
                    .orElseThrow(() -> new AssertionError(store.recoveryNotes().toString()));
        }
        Path kept;
        try (var s = Files.list(dir)) {
            kept = s.filter(p -> p.getFileName().toString().startsWith("lost.ams.before-recovery-")).findFirst()
                    .orElseThrow(() -> new AssertionError("no copy of the map from before recovery"));
        }
        assertTrue(note.contains(kept.toString()), note);
        assertTrue(new String(Files.readAllBytes(kept), StandardCharsets.ISO_8859_1).contains("DAMaGE-ME-HERE"),
                "the dropped record's bytes are in " + kept);
        try (ChronicleTrialStore store = ChronicleTrialStore.open(file)) {
            assertFalse(store.wasRecovered());
            assertTrue(store.recoveryNotes().stream().anyMatch(n -> n.startsWith("trial 17: damaged")),
                    "still listed on a clean open: " + store.recoveryNotes());
            assertEquals(18, store.nextId());
            store.put(Trials.sample(17));
        }
        try (ChronicleTrialStore store = ChronicleTrialStore.open(file)) {
            assertEquals(java.util.List.of(), store.recoveryNotes());
            assertEquals(Trials.sample(17), store.get(17).orElseThrow());
            assertEquals(18, store.size());
        }
    }

    private static void flipByteInside(Path file, String marker) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        byte[] needle = marker.getBytes(StandardCharsets.US_ASCII);
        int at = -1;
        for (int i = 0; i + needle.length <= bytes.length && at < 0; i++) {
            int j = 0;
            while (j < needle.length && bytes[i + j] == needle[j]) {
                j++;
            }
            if (j == needle.length) {
                at = i;
            }
        }
        assertTrue(at >= 0, marker + " not found in " + file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(at + 3);
            raf.write(bytes[at + 3] ^ 0x20);
        }
    }
}
