package io.ams.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * kill -9 a separate JVM that writes trials, three times on the same file, and check that
 * every put it acknowledged (printed) is there afterwards.
 */
class KillDurabilityTest {
    private static final int ACKS_PER_ROUND = 300;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void everyAcknowledgedPutSurvivesKill9ThreeTimes() throws Exception {
        Path file = dir.resolve("killed.ams");
        Set<Long> completed = new TreeSet<>();
        Set<Long> started = new TreeSet<>();
        for (int round = 1; round <= 3; round++) {
            long maxAcked = started.stream().mapToLong(Long::longValue).max().orElse(-1);
            long firstId = runAndKill(file, round, started, completed);
            // a resumed writer never reuses the id of a trial whose put was acknowledged
            assertTrue(firstId > maxAcked, "round " + round + " resumed at " + firstId + ", acknowledged up to " + maxAcked);
            // after the second kill the next writer itself must recover the file, so don't open it here
            if (round != 2) {
                verify(file, started, completed);
            }
        }
    }

    /** Starts a writer, waits for enough acknowledgements, kills it; returns the id it resumed at. */
    private long runAndKill(Path file, int round, Set<Long> started, Set<Long> completed) throws Exception {
        Path stderr = dir.resolve("writer-" + round + ".err");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(chronicleFlags());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(StoreWriterMain.class.getName());
        cmd.add(file.toString());
        Process p = new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the pipe breaks when the process is killed: what was read is what counts
            }
            lines.add("EOF");
        });
        reader.setDaemon(true);
        reader.start();
        long firstId = -1;
        int acks = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try {
            while (acks < ACKS_PER_ROUND) {
                String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null || line.equals("EOF")) {
                    fail("writer " + round + (line == null ? " too slow" : " ended early") + "; stderr:\n"
                            + Files.readString(stderr));
                }
                if (line.startsWith("READY ")) {
                    firstId = Long.parseLong(line.substring(6));
                } else {
                    acks += record(line, started, completed);
                }
            }
            if (round == 1) {
                // while the writer runs, no other process may open (let alone recover) the store
                StoreException busy = assertThrows(StoreException.class, () -> ChronicleTrialStore.open(file));
                assertTrue(busy.getMessage().contains("in use by another process"), busy.getMessage());
            }
        } finally {
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "writer " + round + " did not die");
        }
        // lines already in the pipe were printed after their put returned: they count too
        reader.join(TimeUnit.SECONDS.toMillis(30));
        for (String line; (line = lines.poll()) != null && !line.equals("EOF"); ) {
            record(line, started, completed);
        }
        assertEquals(137, p.exitValue(), "killed by SIGKILL");
        return firstId;
    }

    private static int record(String line, Set<Long> started, Set<Long> completed) {
        long id = Long.parseLong(line.substring(2));
        if (line.startsWith("C ")) {
            completed.add(id);
            return 1;
        }
        started.add(id);
        return 0;
    }

    private static void verify(Path file, Set<Long> started, Set<Long> completed) {
        try (ChronicleTrialStore store = ChronicleTrialStore.open(file)) {
            assertTrue(store.wasRecovered(), "a killed writer leaves the store marked open");
            for (long id : completed) {
                assertEquals(StoreWriterMain.done(id), store.get(id).orElseThrow(() -> new AssertionError("lost " + id)));
            }
            for (long id : started) {
                if (!completed.contains(id)) {
                    TrialRecord r = store.get(id).orElseThrow(() -> new AssertionError("lost running " + id));
                    assertTrue(r.equals(StoreWriterMain.running(id)) || r.equals(StoreWriterMain.done(id)), r.toString());
                }
            }
            long maxAck = started.stream().mapToLong(Long::longValue).max().orElseThrow();
            assertTrue(store.nextId() > maxAck, "nextId " + store.nextId() + " <= " + maxAck);
            // every stored record is valid: all() decodes and CRC-checks each one
            assertTrue(store.all().size() >= started.size());
            for (TrialRecord r : store.all()) {
                assertTrue(r.equals(StoreWriterMain.running(r.id())) || r.equals(StoreWriterMain.done(r.id())), r.toString());
            }
        }
    }

    /** The Chronicle flags this JVM was started with (surefire's argLine), for the child JVM. */
    static List<String> chronicleFlags() {
        List<String> flags = new ArrayList<>();
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports") || arg.startsWith("-Dchronicle.")
                    || arg.startsWith("-Djna.")) {
                flags.add(arg);
            }
        }
        if (flags.isEmpty()) { // run outside Maven: the same set as chronicle.jvm.flags in java/pom.xml
            flags.addAll(List.of("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "-Dchronicle.analytics.disable=true"));
        }
        return flags;
    }
}
