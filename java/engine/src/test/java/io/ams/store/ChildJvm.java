package io.ams.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** A JVM running one of the test mains, with its stdout as a queue of lines, to be killed with SIGKILL. */
final class ChildJvm {
    static final String EOF = "\u0000EOF";

    final Process process;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Path stderr;

    private ChildJvm(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the pipe breaks when the process is killed
            }
            lines.add(EOF);
        });
        reader.setDaemon(true);
        reader.start();
    }

    static ChildJvm start(Path stderr, Class<?> main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(KillDurabilityTest.chronicleFlags());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return new ChildJvm(new ProcessBuilder(cmd).redirectError(stderr.toFile()).start(), stderr);
    }

    /** The next line, failing the test if none comes within the time or the process ended. */
    String next(long seconds) throws Exception {
        String line = lines.poll(seconds, TimeUnit.SECONDS);
        if (line == null || line.equals(EOF)) {
            fail("child " + (line == null ? "too slow" : "ended") + "; stderr:\n" + Files.readString(stderr));
        }
        return line;
    }

    /** Waits for a line starting with {@code prefix}, returning it. */
    String await(String prefix, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            String line = next(Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime())));
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** Adds the ids of the "C id" lines (a COMPLETE put that returned) until {@code completed} holds {@code until}. */
    void collectCompleted(java.util.Set<Long> completed, int until) throws Exception {
        while (completed.size() < until) {
            String line = next(60);
            if (line.startsWith("C ")) {
                completed.add(Long.parseLong(line.substring(2)));
            }
        }
    }

    /** Adds the ids of the "C id" lines printed so far, without waiting. */
    void drainCompleted(java.util.Set<Long> completed) {
        for (String line; (line = lines.poll()) != null; ) {
            if (line.startsWith("C ")) {
                completed.add(Long.parseLong(line.substring(2)));
            }
        }
    }

    /** SIGKILL, and wait for it to be dead. */
    void kill() throws Exception {
        if (!process.isAlive()) {
            fail("child ended before the kill, status " + process.exitValue() + "; stderr:\n" + Files.readString(stderr));
        }
        process.destroyForcibly();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "child did not die");
        assertEquals(137, process.exitValue(), "killed by SIGKILL");
    }
}
