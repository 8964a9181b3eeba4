package io.ams.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ams show} and {@code ams export} on a store a run is writing, in another process: each
 * read sees every trial stored before it began, each record whole, and the writer loses
 * nothing, also when it is killed while readers read, and a new writer can start meanwhile.
 */
class ConcurrentReadTest {
    @TempDir
    Path dir;

    /** What a read must show: every trial completed before it began, and only whole records. */
    private static void assertConsistent(ChronicleTrialStore read, Set<Long> completedBefore) {
        List<TrialRecord> all = read.all();
        Set<Long> ids = new TreeSet<>();
        for (TrialRecord r : all) {
            ids.add(r.id());
            assertTrue(r.equals(StoreWriterMain.running(r.id())) || r.equals(StoreWriterMain.done(r.id())),
                    "a record that was never written: " + r);
        }
        for (long id : completedBefore) {
            assertEquals(StoreWriterMain.done(id), read.get(id).orElseThrow(() -> new AssertionError(
                    "trial " + id + " completed before the read began but is missing; read " + ids.size())));
        }
        assertEquals(all.size(), read.size());
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void readersSeeEveryStoredTrialWholeWhileTheWriterRuns() throws Exception {
        Path file = dir.resolve("live.ams");
        Set<Long> completed = new TreeSet<>();
        ChildJvm writer = ChildJvm.start(dir.resolve("writer.err"), StoreWriterMain.class, file.toString());
        try {
            writer.collectCompleted(completed, 300);
            for (int read = 0; read < 15; read++) {
                writer.drainCompleted(completed);
                Set<Long> before = new TreeSet<>(completed);
                try (ChronicleTrialStore store = ChronicleTrialStore.openForReading(file)) {
                    assertTrue(store.writerRunning(), "the read should know a run is writing");
                    assertFalse(store.wasRecovered(), "a running writer's store needs no recovery");
                    assertEquals(List.of(), store.recoveryNotes(), "nothing torn, nothing skipped");
                    assertConsistent(store, before);
                }
            }
            // the writer went on through all of it
            int now = completed.size();
            writer.collectCompleted(completed, now + 300);
        } finally {
            writer.kill();
        }
        writer.drainCompleted(completed);
        try (ChronicleTrialStore store = ChronicleTrialStore.open(file)) {
            for (long id : completed) {
                assertEquals(StoreWriterMain.done(id), store.get(id).orElseThrow(() -> new AssertionError("lost " + id)));
            }
        }
        assertEquals(List.of(), leftovers(file), "each read deletes its copy");
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void readsGoOnThroughAKillOfTheWriterAndItsResume() throws Exception {
        Path file = dir.resolve("killed.ams");
        Set<Long> completed = new TreeSet<>();
        ChildJvm writer = ChildJvm.start(dir.resolve("writer.err"), StoreWriterMain.class, file.toString());
        List<Boolean> runningSeen = new ArrayList<>();
        try {
            writer.collectCompleted(completed, 300);
            for (int read = 0; read < 12; read++) {
                if (read == 4) {
                    writer.kill(); // SIGKILL, in the middle of its puts
                }
                writer.drainCompleted(completed);
                Set<Long> before = new TreeSet<>(completed);
                try (ChronicleTrialStore store = ChronicleTrialStore.openForReading(file)) {
                    runningSeen.add(store.writerRunning());
                    assertConsistent(store, before);
                }
                if (read == 7) {
                    // a new writer resumes while reads go on: readers never keep a writer out
                    writer = ChildJvm.start(dir.resolve("writer2.err"), StoreWriterMain.class, file.toString());
                    writer.await("READY", 120);
                    writer.collectCompleted(completed, completed.size() + 50);
                }
            }
        } finally {
            writer.kill();
        }
        assertEquals(List.of(true, true, true, true, false, false, false, false, true, true, true, true), runningSeen);
        writer.drainCompleted(completed);
        try (ChronicleTrialStore store = ChronicleTrialStore.open(file)) {
            for (long id : completed) {
                assertEquals(StoreWriterMain.done(id), store.get(id).orElseThrow(() -> new AssertionError("lost " + id)));
            }
        }
    }

    /** Temporary files of the store still in its folder. */
    private List<String> leftovers(Path file) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("." + file.getFileName()) && n.endsWith(StoreLock.TEMP_SUFFIX)).toList();
        }
    }
}
