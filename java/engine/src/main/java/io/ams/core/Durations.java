package io.ams.core;

import java.time.Duration;

/** Durations as people write them in a genome or on the command line. */
public final class Durations {
    private Durations() {}

    /** {@code 2m}, {@code 90m}, {@code 1h}, {@code 30s}, {@code 1500ms}: the largest whole unit, not ISO's {@code PT2M}. */
    public static String text(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
        if (ms != 0 && ms % 60_000 == 0) return ms / 60_000 + "m";
        if (ms % 1_000 == 0) return ms / 1_000 + "s";
        return ms + "ms";
    }
}
