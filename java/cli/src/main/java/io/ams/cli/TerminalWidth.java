package io.ams.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * The width of the terminal, in columns, for a line that must never wrap (the progress bar).
 * {@code COLUMNS} when the environment has it (a shell that exports it, or a user who wants
 * another width); else what {@code stty size} says of the controlling terminal; else 80.
 *
 * <p>{@code stty} rather than a library: Java has no call for it, and picocli's own
 * {@code usageHelpAutoWidth} does the same ({@code stty -a} reading /dev/tty). It costs a
 * process start, so {@link #measuredAtMostOncePerSecond()} measures again at most once a
 * second: often enough to follow a resized window.
 */
final class TerminalWidth {
    static final int DEFAULT = 80;
    private static final File TTY = new File("/dev/tty");
    private static final long REMEASURE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private int columns;
    private long measuredAt;
    private boolean measured;

    /** A width that follows the terminal, measured again when the last measure is a second old. */
    static TerminalWidth measuredAtMostOncePerSecond() {
        return new TerminalWidth();
    }

    synchronized int columns() {
        long now = System.nanoTime();
        if (!measured || now - measuredAt >= REMEASURE_NANOS) {
            columns = measure();
            measuredAt = now;
            measured = true;
        }
        return columns;
    }

    /** The width now: COLUMNS, else the terminal's, else {@link #DEFAULT}. */
    static int measure() {
        OptionalInt fromEnvironment = parseColumns(System.getenv("COLUMNS"));
        if (fromEnvironment.isPresent()) return fromEnvironment.getAsInt();
        return fromStty().orElse(DEFAULT);
    }

    /** A positive column count, or empty for a missing or malformed value. */
    static OptionalInt parseColumns(String value) {
        if (value == null) return OptionalInt.empty();
        try {
            int n = Integer.parseInt(value.strip());
            return n > 0 ? OptionalInt.of(n) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** The column count in {@code stty size}'s answer, "ROWS COLUMNS"; empty when it is not that. */
    static OptionalInt parseSttySize(String answer) {
        String[] parts = answer.strip().split("\\s+");
        return parts.length == 2 ? parseColumns(parts[1]) : OptionalInt.empty();
    }

    /**
     * {@code stty size} with /dev/tty as its input: our own standard input may be a pipe, and
     * stty describes the terminal on its input. Empty without a terminal (no /dev/tty, or no
     * stty, as on Windows), or when it does not answer within a second.
     */
    private static OptionalInt fromStty() {
        if (!TTY.exists()) return OptionalInt.empty();
        Process p = null;
        try {
            p = new ProcessBuilder("stty", "size")
                    .redirectInput(ProcessBuilder.Redirect.from(TTY))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(1, TimeUnit.SECONDS) || p.exitValue() != 0) return OptionalInt.empty();
            return parseSttySize(new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            // The search thread is being stopped (Ctrl-C): keep the interrupt for it, draw at the default.
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        } finally {
            if (p != null && p.isAlive()) p.destroyForcibly();
        }
    }
}
