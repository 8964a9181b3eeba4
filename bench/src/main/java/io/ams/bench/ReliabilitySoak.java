package io.ams.bench;

import io.ams.core.Direction;
import io.ams.store.ChronicleTrialStore;
import io.ams.store.StoreException;
import io.ams.store.StudyMeta;
import io.ams.store.TrialRecord;
import io.ams.store.TrialStore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Kill soak of the trial store, not run in CI: N rounds, each starting a writer JVM (which
 * recovers the store the last kill left), SIGKILLing it at a random moment (during its
 * recovery or while it writes), with reader JVMs ({@code openForReading}, as show/export) racing
 * it and killed at random moments too. After every round the store must hold every trial whose
 * put was acknowledged (printed by the writer), unchanged, none under another id, and the
 * readers must never have changed it.
 *
 * <pre>
 * java $CHRONICLE_FLAGS -cp bench/target/ams-bench-*.jar io.ams.bench.ReliabilitySoak ROUNDS DIR [SEED]
 * </pre>
 */
public final class ReliabilitySoak {
    private ReliabilitySoak() {
    }

    static TrialRecord running(long id) {
        return TrialRecord.running(id, new double[] {id * 1e-3}, "{\"x\":" + id + "}", 1, id, 1,
                1_700_000_000_000L + id, Map.of("w", "w" + id % 3));
    }

    static TrialRecord done(long id) {
        double[] curve = new double[id % 10 == 0 ? 1000 : 5];
        for (int i = 0; i < curve.length; i++) {
            curve[i] = id + 1.0 / (i + 1);
        }
        return running(id).completed(id * 0.5, curve, 1_700_000_001_000L + id);
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("writer")) {
            writer(Path.of(args[1]));
            return;
        }
        if (args.length > 0 && args[0].equals("reader")) {
            reader(Path.of(args[1]));
            return;
        }
        int rounds = Integer.parseInt(args[0]);
        Path dir = Files.createDirectories(Path.of(args[1]));
        Random random = new Random(args.length > 2 ? Long.parseLong(args[2]) : 1);
        Path file = dir.resolve("soak.ams");
        Set<Long> started = new TreeSet<>();
        Set<Long> completed = new TreeSet<>();
        int readersOk = 0, readersRefused = 0, readersKilled = 0, killedInRecovery = 0, lostPlaceholders = 0;
        long t0 = System.nanoTime();
        for (int round = 1; round <= rounds; round++) {
            Child writer = Child.start(dir, round, "writer", file);
            List<Child> readers = new ArrayList<>();
            // half the rounds kill the writer while it opens the store (the clock starts when it
            // begins to open: JVM start-up takes seconds), which after a kill is a recovery
            boolean early = round > 1 && random.nextBoolean();
            long killAt = 0;
            boolean ready = false;
            if (early) {
                waitFor(writer, "OPENING", 120, started, completed);
                killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(random.nextInt(4000));
            } else {
                ready = waitFor(writer, "READY", 120, started, completed);
                killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200 + random.nextInt(2500));
            }
            while (System.nanoTime() < killAt) {
                if (random.nextInt(4) == 0 && readers.size() < 3) {
                    readers.add(Child.start(dir, round * 100 + readers.size(), "reader", file));
                }
                drain(writer, started, completed);
                Thread.sleep(50);
            }
            drain(writer, started, completed);
            ready |= writer.sawReady;
            writer.kill();
            drain(writer, started, completed);
            if (!ready) {
                killedInRecovery++;
            }
            for (Child r : readers) {
                // a reader that has not finished yet is killed where it is
                if (r.process.isAlive() && random.nextBoolean()) {
                    r.kill();
                    readersKilled++;
                } else {
                    r.process.waitFor(120, TimeUnit.SECONDS);
                    String out = String.join("\n", r.all());
                    if (out.contains("OK ")) {
                        readersOk++;
                    } else if (out.contains("REFUSED")) {
                        readersRefused++;
                    } else {
                        throw new AssertionError("reader failed: " + out + "\n" + Files.readString(r.stderr));
                    }
                }
            }
            // a reader of the crashed store, killed at a random moment of its recovery
            Child late = Child.start(dir, round * 100 + 99, "reader", file);
            if (!late.lines.poll(120, TimeUnit.SECONDS).equals("OPENING")) {
                throw new AssertionError("reader did not start: " + Files.readString(late.stderr));
            }
            Thread.sleep(random.nextInt(3000));
            if (late.process.isAlive()) {
                late.kill();
                readersKilled++;
            } else {
                readersOk++;
            }
            lostPlaceholders = verify(file, started, completed);
            System.out.printf("round %d: %d started, %d completed acknowledged, all there%s%n", round, started.size(),
                    completed.size(), ready ? "" : " (writer killed while opening)");
        }
        System.out.printf("%d rounds in %.0f s: %d acknowledged completions and %d starts kept; writers killed"
                        + " while opening (recovering) %d; readers ok %d, refused (store busy) %d, killed %d;"
                        + " trials listed damaged (first write cut by a kill, never acknowledged) %d%n",
                rounds, (System.nanoTime() - t0) / 1e9, completed.size(), started.size(), killedInRecovery,
                readersOk, readersRefused, readersKilled, lostPlaceholders);
    }

    /** Every acknowledged put is there, unchanged; nothing else is; returns how many trials are listed damaged. */
    private static int verify(Path file, Set<Long> started, Set<Long> completed) {
        try (ChronicleTrialStore store = ChronicleTrialStore.openForReading(file)) {
            for (long id : started) {
                TrialRecord r = store.get(id).orElseThrow(() -> new AssertionError("lost acknowledged trial " + id
                        + "; notes " + store.recoveryNotes()));
                if (completed.contains(id) ? !r.equals(done(id)) : !(r.equals(running(id)) || r.equals(done(id)))) {
                    throw new AssertionError("trial " + id + " changed: " + r);
                }
            }
            for (TrialRecord r : store.all()) {
                if (!r.equals(running(r.id())) && !r.equals(done(r.id()))) {
                    throw new AssertionError("a record that was never written: " + r);
                }
            }
            long maxAck = started.stream().mapToLong(Long::longValue).max().orElse(-1);
            if (store.nextId() <= maxAck) {
                throw new AssertionError("nextId " + store.nextId() + " would reuse acknowledged id " + maxAck);
            }
            int lost = 0;
            for (String note : store.recoveryNotes()) {
                if (note.contains(": damaged")) {
                    long id = Long.parseLong(note.substring(6, note.indexOf(':')));
                    if (started.contains(id)) {
                        throw new AssertionError("acknowledged trial listed damaged: " + note);
                    }
                    lost++;
                }
            }
            return lost;
        }
    }

    private static void writer(Path file) {
        StudyMeta meta = new StudyMeta("soak", StudyMeta.CURRENT_FORMAT_VERSION, 1_700_000_000_000L, "", "",
                Direction.MINIMIZE, 1, "random", Map.of());
        System.out.println("OPENING");
        System.out.flush();
        TrialStore store = Files.exists(file) ? ChronicleTrialStore.open(file) : ChronicleTrialStore.create(file, meta, 20_000);
        System.out.println("READY " + store.nextId());
        System.out.flush();
        for (long id = store.nextId(); ; id++) {
            store.put(running(id));
            System.out.println("R " + id);
            store.put(done(id));
            System.out.println("C " + id);
            System.out.flush();
        }
    }

    private static void reader(Path file) {
        System.out.println("OPENING");
        System.out.flush();
        try (ChronicleTrialStore store = ChronicleTrialStore.openForReading(file)) {
            System.out.println("OK " + store.all().size());
        } catch (StoreException e) {
            String m = String.valueOf(e.getMessage());
            if (!m.contains("in use by another process") && !m.contains("replaced while opening")) {
                throw e;
            }
            System.out.println("REFUSED " + e.getMessage());
        }
    }

    private static boolean waitFor(Child c, String prefix, int seconds, Set<Long> started, Set<Long> completed)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String line = c.lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                if (line.equals(Child.EOF)) {
                    throw new AssertionError("writer ended: " + Files.readString(c.stderr));
                }
                if (line.startsWith("READY")) {
                    c.sawReady = true;
                }
                if (line.startsWith(prefix)) {
                    return true;
                }
                record(line, started, completed);
            }
        }
        throw new AssertionError("no " + prefix + " within " + seconds + " s");
    }

    private static void drain(Child c, Set<Long> started, Set<Long> completed) {
        for (String line; (line = c.lines.poll()) != null; ) {
            if (line.startsWith("READY")) {
                c.sawReady = true;
            } else if (!line.equals(Child.EOF)) {
                record(line, started, completed);
            }
        }
    }

    private static void record(String line, Set<Long> started, Set<Long> completed) {
        if (line.startsWith("R ")) {
            started.add(Long.parseLong(line.substring(2)));
        } else if (line.startsWith("C ")) {
            completed.add(Long.parseLong(line.substring(2)));
        }
    }

    /** A child JVM running this class in one of its modes. */
    private static final class Child {
        static final String EOF = "\u0000EOF";
        final Process process;
        final Path stderr;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final List<String> seen = new ArrayList<>();
        boolean sawReady;

        private Child(Process process, Path stderr) {
            this.process = process;
            this.stderr = stderr;
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // killed
                }
                lines.add(EOF);
            });
            t.setDaemon(true);
            t.start();
        }

        static Child start(Path dir, int n, String mode, Path file) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (a.startsWith("--add-") || a.startsWith("-Dchronicle.")) {
                    cmd.add(a);
                }
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ReliabilitySoak.class.getName(), mode,
                    file.toString()));
            Path err = dir.resolve(mode + "-" + n + ".err");
            return new Child(new ProcessBuilder(cmd).redirectError(err.toFile()).start(), err);
        }

        List<String> all() throws InterruptedException {
            for (String line; (line = lines.poll(10, TimeUnit.SECONDS)) != null && !line.equals(EOF); ) {
                seen.add(line);
            }
            return seen;
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
