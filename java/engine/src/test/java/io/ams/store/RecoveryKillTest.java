package io.ams.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGKILL during recovery (a writer's and a reader's), and a second process after the lock
 * file was deleted under a live writer: the store must open afterwards, quickly, with every trial.
 */
class RecoveryKillTest {
    private static final int TRIALS = 20_000;

    @TempDir
    Path dir;

    /** A closed store of {@link #TRIALS} trials, then marked as a crashed writer leaves it. */
    private Path crashedStore() throws IOException {
        Path file = dir.resolve("big.ams");
        try (ChronicleTrialStore store = ChronicleTrialStore.create(file, Trials.meta(), TRIALS)) {
            for (long id = 0; id < TRIALS; id++) {
                store.put(Trials.sample(id));
            }
        }
        Files.writeString(StoreLock.pathFor(file), "open pid=1\n");
        return file;
    }

    /**
     * Kills the child at several moments while it opens the store again and again. Its first
     * open is slow (JVM start, Chronicle compiles code), so the clock starts at its first
     * "DONE"; after that each open takes 0.1 to 1 s, most of it in recovery.
     */
    private void killWhileOpening(Path file, String mode) throws Exception {
        long[] delaysMs = {150, 400, 700, 1100, 1900};
        for (int round = 0; round < delaysMs.length; round++) {
            ChildJvm child = ChildJvm.start(dir.resolve(mode + "-" + round + ".err"), StoreRecoveryMain.class, mode,
                    file.toString());
            try {
                child.await("DONE", 120);
                Thread.sleep(delaysMs[round]);
                child.kill();
            } finally {
                // not in the way of the failure that got here: a child that failed before its kill
                child.process.destroyForcibly();
                child.process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static void assertAllThere(Path file) {
        // Chronicle waits 60 s on a map header left "not ready" before it gives up
        assertTimeoutPreemptively(Duration.ofSeconds(45), () -> {
            try (ChronicleTrialStore store = ChronicleTrialStore.open(file)) {
                assertEquals(TRIALS, store.size());
                assertEquals(TRIALS, store.nextId());
                for (long id = 0; id < TRIALS; id += 97) {
                    assertEquals(Trials.sample(id), store.get(id).orElseThrow());
                }
                assertEquals(Trials.sample(TRIALS - 1), store.get(TRIALS - 1).orElseThrow());
            }
        });
    }

    @Test
    @Timeout(value = 420, unit = TimeUnit.SECONDS)
    void aKillDuringAWritersRecoveryLeavesAStoreThatOpens() throws Exception {
        Path file = crashedStore();
        killWhileOpening(file, "recover");
        assertAllThere(file);
        assertEquals(List.of(), leftovers(file), "the next writer removes what killed recoveries left");
    }

    @Test
    @Timeout(value = 420, unit = TimeUnit.SECONDS)
    void aReaderNeverChangesTheStoreEvenWhenKilled() throws Exception {
        Path file = crashedStore();
        String before = digest(file) + digest(StoreLock.pathFor(file)) + digest(MetaFile.pathFor(file));
        try (ChronicleTrialStore store = ChronicleTrialStore.openForReading(file)) {
            assertTrue(store.wasRecovered());
            assertEquals(TRIALS, store.size());
            assertEquals(Trials.sample(5), store.get(5).orElseThrow());
            assertThrows(StoreException.class, () -> store.put(Trials.sample(TRIALS)));
        }
        assertEquals(before, digest(file) + digest(StoreLock.pathFor(file)) + digest(MetaFile.pathFor(file)));
        killWhileOpening(file, "read");
        assertEquals(before, digest(file) + digest(StoreLock.pathFor(file)) + digest(MetaFile.pathFor(file)));
        assertAllThere(file);
        assertEquals(List.of(), leftovers(file));
    }

    /** Deleting {@code STORE.lock} under a live writer lets no second process in: the map file itself is locked. */
    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void deletingTheLockFileLetsNoSecondProcessIn() throws Exception {
        Path file = dir.resolve("live.ams");
        Set<Long> completed = new TreeSet<>();
        ChildJvm writer = ChildJvm.start(dir.resolve("writer.err"), StoreWriterMain.class, file.toString());
        try {
            writer.collectCompleted(completed, 200);
            Files.delete(StoreLock.pathFor(file));
            for (boolean reading : new boolean[] {false, true}) {
                StoreException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(StoreException.class,
                        () -> (reading ? ChronicleTrialStore.openForReading(file) : ChronicleTrialStore.open(file)).close()));
                assertTrue(e.getMessage().contains("in use by another process"), e.getMessage());
            }
            // the writer goes on undisturbed
            writer.collectCompleted(completed, completed.size() + 200);
        } finally {
            writer.kill();
        }
        writer.drainCompleted(completed);
        try (ChronicleTrialStore store = ChronicleTrialStore.open(file)) {
            for (long id : completed) {
                assertEquals(StoreWriterMain.done(id), store.get(id).orElseThrow(() -> new AssertionError("lost " + id)));
            }
            for (TrialRecord r : store.all()) {
                assertTrue(r.equals(StoreWriterMain.running(r.id())) || r.equals(StoreWriterMain.done(r.id())), r.toString());
            }
        }
    }

    /** Temporary files of the store still in its folder. */
    private List<String> leftovers(Path file) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("." + file.getFileName()) && n.endsWith(StoreLock.TEMP_SUFFIX)).toList();
        }
    }

    static String digest(Path p) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(p)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
