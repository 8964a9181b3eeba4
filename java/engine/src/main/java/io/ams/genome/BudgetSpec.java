package io.ams.genome;

import io.ams.engine.KeepCheckpoints;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a study stops: after {@code trials} trials, after {@code time} of wall clock, once
 * the metric reaches {@code target}, or once {@code maxFailures} trials have failed, whichever
 * comes first. At least one of trials and time is set, so that a study always ends.
 * {@code keepCheckpoints} is the disk a study may leave behind: which trial checkpoints stay
 * (empty: {@link KeepCheckpoints#DEFAULT}).
 */
public record BudgetSpec(OptionalInt trials, Optional<Duration> time, OptionalDouble target, OptionalInt maxFailures,
                         Optional<KeepCheckpoints> keepCheckpoints) {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    public BudgetSpec {
        if (trials.isEmpty() && time.isEmpty()) throw new IllegalArgumentException("a budget needs trials or time");
        if (trials.isPresent() && trials.getAsInt() < 1) {
            throw new IllegalArgumentException("trials must be >= 1, got " + trials.getAsInt());
        }
        if (time.isPresent() && (time.get().isNegative() || time.get().isZero())) {
            throw new IllegalArgumentException("time must be positive, got " + time.get());
        }
        if (target.isPresent() && !Double.isFinite(target.getAsDouble())) {
            throw new IllegalArgumentException("target must be finite, got " + target.getAsDouble());
        }
        if (maxFailures.isPresent() && maxFailures.getAsInt() < 1) {
            throw new IllegalArgumentException("max_failures must be >= 1, got " + maxFailures.getAsInt());
        }
    }

    /** A budget that keeps the default checkpoints. */
    public BudgetSpec(OptionalInt trials, Optional<Duration> time, OptionalDouble target, OptionalInt maxFailures) {
        this(trials, time, target, maxFailures, Optional.empty());
    }

    /** A budget without a failure limit. */
    public BudgetSpec(OptionalInt trials, Optional<Duration> time, OptionalDouble target) {
        this(trials, time, target, OptionalInt.empty());
    }

    /** A budget of {@code trials} trials. */
    public static BudgetSpec ofTrials(int trials) {
        return new BudgetSpec(OptionalInt.of(trials), Optional.empty(), OptionalDouble.empty());
    }

    /**
     * Parses a duration as people write it: {@code 30s}, {@code 2m}, {@code 1h30m},
     * {@code 1.5h}, {@code 500ms}, {@code 2d}. A unit is required: a bare {@code 120} could be
     * seconds or minutes.
     */
    public static Duration parseDuration(String text) {
        String t = text.trim();
        Matcher m = PART.matcher(t);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            double amount = Double.parseDouble(m.group(1));
            long millis = switch (m.group(2)) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                default -> 86_400_000;
            };
            total = total.plusMillis(Math.round(amount * millis));
            end = m.end();
        }
        if (end == 0 || end != t.length()) {
            throw new IllegalArgumentException("bad duration '" + text + "': write e.g. 30s, 2m, 1h30m, 500ms");
        }
        if (total.isZero()) throw new IllegalArgumentException("bad duration '" + text + "': must be positive");
        return total;
    }
}
