package io.ams.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C (SIGINT) and SIGTERM while a search runs. The first one interrupts the search thread:
 * {@code Study.optimize()} then starts no more trials, cancels the running ones and waits for
 * them, so the command can print the best so far and close the store before it exits 130. Any
 * later one, or one after the search has ended, halts at once (the store survives that, as it
 * survives kill -9).
 *
 * <p>Signal handlers rather than a shutdown hook: once System.exit has started (which is what
 * the JVM's own handler does) the exit code can no longer be chosen, and the hook's output races
 * the JVM's teardown. sun.misc.Signal is in jdk.unsupported, readable from the class path.
 */
final class Interrupts implements AutoCloseable {
    static final int EXIT_CODE = 130;

    private final Thread search = Thread.currentThread();
    private final AtomicInteger signals = new AtomicInteger();
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private volatile boolean searching = true;

    /** Handles INT and TERM on behalf of the calling thread, until {@link #close()}. */
    static Interrupts install() {
        Interrupts i = new Interrupts();
        for (String name : new String[]{"INT", "TERM"}) {
            try {
                Signal signal = new Signal(name);
                i.previous.put(signal, Signal.handle(signal, i::handle));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // The signal does not exist here, or the JVM keeps it (-Xrs): its default stays.
            }
        }
        return i;
    }

    private void handle(Signal s) {
        if (signals.incrementAndGet() == 1 && searching) {
            search.interrupt();
        } else {
            Runtime.getRuntime().halt(EXIT_CODE);
        }
    }

    /**
     * Called when optimize() has returned: whether a signal stopped it. From now on a signal
     * halts. Clears the thread's interrupt, so that closing the store is not disturbed.
     */
    boolean searchEnded() {
        searching = false;
        Thread.interrupted();
        return signals.get() > 0;
    }

    /** Puts the previous handlers back (in-process callers, e.g. tests, keep their JVM's). */
    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}
