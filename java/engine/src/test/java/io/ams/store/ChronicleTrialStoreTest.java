package io.ams.store;

import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChronicleTrialStoreTest extends TrialStoreContract {
    @TempDir
    Path dir;
    private final AtomicInteger count = new AtomicInteger();

    @Override
    TrialStore newStore() {
        // small maps: the sizing is not what these tests are about
        return ChronicleTrialStore.create(dir.resolve("study-" + count.incrementAndGet() + ".ams"), Trials.meta(), 2_000, 10);
    }

    @Test
    void reopenAfterCloseGivesTheSameRecordsMetaAndIndex() {
        Path file = dir.resolve("reopen.ams");
        List<TrialRecord> expected = new ArrayList<>();
        try (ChronicleTrialStore store = ChronicleTrialStore.create(file, Trials.meta(), 1000)) {
            for (long id = 0; id < 40; id++) {
                expected.add(Trials.sample(id));
                store.put(Trials.sample(id));
            }
            expected.add(Trials.withLargeCurve(40, 50_000));
            store.put(expected.get(40));
        }
        assertEquals("closed", read(StoreLock.pathFor(file)));
        try (ChronicleTrialStore store = ChronicleTrialStore.open(file)) {
            assertFalse(store.wasRecovered());
            assertEquals(List.of(), store.recoveryNotes());
            assertEquals("open", read(StoreLock.pathFor(file)).split(" ")[0]);
            assertEquals(expected, store.all());
            assertEquals(Trials.meta(), store.meta());
            assertEquals(41, store.nextId());
            TrialRecord done = Trials.sample(1);
            assertEquals(done, store.findCompleted(done.config(), done.fidelity()).orElseThrow());
            // append after reopen, replacing one and adding one
            store.put(Trials.sample(0).completed(-1, null, 5));
            store.put(Trials.sample(41));
        }
        try (ChronicleTrialStore store = ChronicleTrialStore.open(file)) {
            assertEquals(42, store.size());
            assertEquals(-1.0, store.get(0).orElseThrow().value());
            assertEquals(Trials.sample(41), store.get(41).orElseThrow());
        }
    }

    /** A store takes room for its budget, not more, and grows when a resume takes it far past that. */
    @Test
    void aSmallBudgetMakesASmallStoreThatGrowsPastItsSizing() throws Exception {
        Path file = dir.resolve("grows.ams");
        try (ChronicleTrialStore store = ChronicleTrialStore.create(file, Trials.meta(), 3)) {
            store.put(Trials.sample(0));
        }
        long small = Files.size(file);
        assertTrue(small <= 2 << 20, "a 3-trial store takes " + small + " bytes");
        int trials = 6_000; // two entries each: nearly six times the sizing (1024 entries)
        try (ChronicleTrialStore store = ChronicleTrialStore.open(file)) {
            for (long id = 1; id < trials; id++) {
                store.put(Trials.sample(id));
            }
        }
        assertTrue(Files.size(file) > small, "the map grew");
        try (ChronicleTrialStore store = ChronicleTrialStore.open(file)) {
            assertEquals(trials, store.size());
            for (long id = 0; id < trials; id += 7) {
                assertEquals(Trials.sample(id), store.get(id).orElseThrow());
            }
        }
    }

    @Test
    void createRefusesAnExistingStore() {
        Path file = dir.resolve("twice.ams");
        ChronicleTrialStore.create(file, Trials.meta(), 500, 10).close();
        StoreException e = assertThrows(StoreException.class, () -> ChronicleTrialStore.create(file, Trials.meta(), 10));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("already exists"), e.getMessage());
    }

    @Test
    void aStoreOpenInThisJvmCannotBeOpenedAgain() {
        Path file = dir.resolve("busy.ams");
        try (ChronicleTrialStore store = ChronicleTrialStore.create(file, Trials.meta(), 500, 10)) {
            store.put(Trials.sample(0));
            StoreException e = assertThrows(StoreException.class, () -> ChronicleTrialStore.open(file));
            assertTrue(e.getMessage().contains("already open"), e.getMessage());
            assertEquals(Trials.sample(0), store.get(0).orElseThrow());
        }
    }

    @Test
    void aFullMapFailsClearlyAndKeepsEverythingStoredBefore() {
        Path file = dir.resolve("full.ams");
        List<Long> stored = new ArrayList<>();
        StoreException full = null;
        try (ChronicleTrialStore store = ChronicleTrialStore.create(file, Trials.meta(), 200, 1.0)) {
            for (long id = 0; id < 100_000 && full == null; id++) {
                try {
                    store.put(Trials.withLargeCurve(id, 100));
                    stored.add(id);
                } catch (StoreException e) {
                    full = e;
                }
            }
            assertNotNull(full, "a map sized for 200 entries took 100 000 large records");
            assertTrue(full.getMessage().contains("the map is full") && full.getMessage().contains(file.toString())
                    && !full.getMessage().contains("\n"),
                    full.getMessage());
            assertEquals(stored.size(), store.size());
        }
        try (ChronicleTrialStore store = ChronicleTrialStore.open(file)) {
            assertEquals(stored.size(), store.size());
            for (long id : stored) {
                assertEquals(Trials.withLargeCurve(id, 100), store.get(id).orElseThrow());
            }
        }
    }

    /** A crash between writing a trial's new copy and removing its old one leaves both. */
    @Test
    void anInterruptedUpdateIsFinishedOnOpen() throws IOException {
        Path file = dir.resolve("interrupted.ams");
        try (ChronicleTrialStore store = ChronicleTrialStore.create(file, Trials.meta(), 500, 10)) {
            store.put(Trials.sample(4)); // slot 0, generation 1
        }
        TrialRecord newer = Trials.sample(4).completed(0.5, new double[] {1}, 77);
        try (ChronicleMap<Long, byte[]> raw = rawMap(file)) {
            raw.put(4L * 2 + 1, TrialCodec.encode(newer, 2));
        }
        Files.writeString(StoreLock.pathFor(file), "open pid=1\n");
        try (ChronicleTrialStore store = ChronicleTrialStore.open(file)) {
            assertTrue(store.wasRecovered());
            assertEquals(newer, store.get(4).orElseThrow());
            assertEquals(1, store.size());
            assertTrue(store.recoveryNotes().stream().anyMatch(n -> n.contains("trial 4: finished an interrupted update")),
                    store.recoveryNotes().toString());
            assertEquals(newer, store.findCompleted(newer.config(), newer.fidelity()).orElseThrow());
        }
        try (ChronicleMap<Long, byte[]> raw = rawMap(file)) {
            assertFalse(raw.containsKey(8L), "the older copy was removed");
        }
    }

    /** A kill in the middle of writing a trial's new copy leaves a torn copy next to the old one. */
    @Test
    void aTornWriteAfterACrashFallsBackToThePreviousVersion() throws IOException {
        Path file = dir.resolve("torn.ams");
        try (ChronicleTrialStore store = ChronicleTrialStore.create(file, Trials.meta(), 500, 10)) {
            store.put(Trials.sample(6));
        }
        byte[] torn = TrialCodec.encode(Trials.sample(6).completed(1, null, 2), 2);
        torn[torn.length / 2] ^= 0x40;
        try (ChronicleMap<Long, byte[]> raw = rawMap(file)) {
            raw.put(6L * 2 + 1, torn);
        }
        // the same file, closed cleanly: a damaged copy is not explained by a crash, so it is refused
        StoreException e = assertThrows(StoreException.class, () -> ChronicleTrialStore.open(file));
        assertTrue(e.getMessage().contains("trial 6") && e.getMessage().contains("CRC"), e.getMessage());
        Files.writeString(StoreLock.pathFor(file), "open pid=1\n");
        try (ChronicleTrialStore store = ChronicleTrialStore.open(file)) {
            assertEquals(Trials.sample(6), store.get(6).orElseThrow());
            assertTrue(store.recoveryNotes().stream().anyMatch(n -> n.contains("trial 6: removed an unfinished write")),
                    store.recoveryNotes().toString());
        }
    }

    static ChronicleMap<Long, byte[]> rawMap(Path file) throws IOException {
        return ChronicleMapBuilder.of(Long.class, byte[].class).entries(100).averageValueSize(100)
                .createPersistedTo(file.toFile());
    }

    static String read(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
