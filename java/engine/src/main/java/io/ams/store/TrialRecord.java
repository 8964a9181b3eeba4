package io.ams.store;

import io.ams.core.Metrics;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * One trial as the store keeps it: what was tried, at which fidelity, and what came of it.
 * Immutable: the arrays are copied in and out, the attributes are an unmodifiable sorted copy.
 *
 * @param id              the trial's number in its study, {@code 0 <= id <= MAX_ID}
 * @param state           where the trial is in its life
 * @param value           the objective value, {@code NaN} when there is none (yet)
 * @param point           the configuration as a vector in the unit cube
 * @param config          the configuration's canonical JSON: a stable string, the dedup key
 *                        (with the fidelity)
 * @param fidelity        the budget the trial was trained with (for example epochs);
 *                        {@code 0} when the study is not multi-fidelity
 * @param curve           intermediate values, for example the learning curve; may be empty
 * @param seed            the seed the trial ran with
 * @param startedAtMillis when the trial started (epoch milliseconds)
 * @param endedAtMillis   when it ended (epoch milliseconds), {@code 0} while running
 * @param error           why it failed; {@code null} unless the state is {@code FAILED}
 * @param attempt         1 for the first run, higher for retries and re-runs after a restart
 * @param attrs           small free-form attributes: worker, strategy tags, checkpoint reference
 * @param sequence        the number of the strategy proposal this trial evaluates (0, 1, 2, ...
 *                        in the order the strategy made them); what a resumed study matches a
 *                        replayed strategy's proposals against. Empty for a trial not made by a study
 * @param told            the order in which the study told the strategy this trial's result
 *                        (0, 1, 2, ...); empty until it is told. Resume replays results in this order
 * @param duplicateOf     the id of the earlier trial with the same configuration and fidelity whose
 *                        result this one reuses, without training; empty for a trial that ran
 * @param metrics         named measurements the trial reported besides its value (for the MLP
 *                        objective: params, flops, latency_ms, train_seconds); finite numbers under
 *                        lower-case names, sorted; empty when it reported none
 * @param parent          the id of the trial whose trained state this one continues
 *                        (multi-fidelity promotion, population-based training); empty when it
 *                        trains from scratch
 */
public record TrialRecord(long id, TrialState state, double value, double[] point, String config,
                          double fidelity, double[] curve, long seed, long startedAtMillis,
                          long endedAtMillis, String error, int attempt, Map<String, String> attrs,
                          OptionalLong sequence, OptionalLong told, OptionalLong duplicateOf,
                          OptionalLong parent, Map<String, Double> metrics) {

    /** The largest id: the persisted store keys two copies of each trial on twice the id. */
    public static final long MAX_ID = (1L << 62) - 1;

    private static final double[] NONE = new double[0];

    /** Validates, and copies the arrays and the attributes. */
    public TrialRecord {
        if (id < 0 || id > MAX_ID) {
            throw new IllegalArgumentException("trial id must be in [0, 2^62), got " + id);
        }
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(config, "config");
        if (!(fidelity >= 0) || Double.isInfinite(fidelity)) {
            throw new IllegalArgumentException("fidelity must be finite and >= 0, got " + fidelity);
        }
        if (error != null && state != TrialState.FAILED) {
            throw new IllegalArgumentException("only a FAILED trial carries an error, this one is " + state);
        }
        sequence = nonNegative(sequence, "sequence");
        told = nonNegative(told, "told");
        duplicateOf = nonNegative(duplicateOf, "duplicateOf");
        parent = nonNegative(parent, "parent");
        point = point == null ? NONE : point.clone();
        curve = curve == null ? NONE : curve.clone();
        // -0.0 and 0.0 are the same fidelity: one spelling keeps the dedup key and equals() simple
        fidelity = fidelity + 0.0;
        attrs = attrs == null || attrs.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new TreeMap<>(attrs));
        metrics = Metrics.checked(metrics);
    }


    /** A record without the study's bookkeeping (sequence, told, duplicateOf, parent all empty). */
    public TrialRecord(long id, TrialState state, double value, double[] point, String config,
                       double fidelity, double[] curve, long seed, long startedAtMillis,
                       long endedAtMillis, String error, int attempt, Map<String, String> attrs) {
        this(id, state, value, point, config, fidelity, curve, seed, startedAtMillis, endedAtMillis, error,
                attempt, attrs, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), Map.of());
    }

    private static OptionalLong nonNegative(OptionalLong v, String name) {
        if (v == null) return OptionalLong.empty();
        if (v.isPresent() && v.getAsLong() < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + v.getAsLong());
        }
        return v;
    }

    /** A trial that has just started: no value, no curve, not ended. */
    public static TrialRecord running(long id, double[] point, String config, double fidelity,
                                      long seed, int attempt, long startedAtMillis,
                                      Map<String, String> attrs) {
        return new TrialRecord(id, TrialState.RUNNING, Double.NaN, point, config, fidelity, NONE,
                seed, startedAtMillis, 0L, null, attempt, attrs);
    }

    /**
     * This trial started again (a retry, or a re-run after a crash): RUNNING, the next attempt,
     * no value or curve yet; everything that defines what it trains (point, fidelity, seed,
     * parent) is kept, so the attempt is the same run.
     */
    public TrialRecord restarted(long startedAtMillis) {
        return new TrialRecord(id, TrialState.RUNNING, Double.NaN, point, config, fidelity, NONE, seed,
                startedAtMillis, 0L, null, attempt + 1, attrs, sequence, OptionalLong.empty(), duplicateOf,
                parent, Map.of());
    }

    /** This trial, finished with {@code value}. */
    public TrialRecord completed(double value, double[] curve, long endedAtMillis) {
        return new TrialRecord(id, TrialState.COMPLETE, value, point, config, fidelity, curve, seed,
                startedAtMillis, endedAtMillis, null, attempt, attrs, sequence, told, duplicateOf, parent, metrics);
    }

    /** This trial, failed with {@code error}; the curve keeps what was seen before the failure. */
    public TrialRecord failed(String error, double[] curve, long endedAtMillis) {
        return new TrialRecord(id, TrialState.FAILED, Double.NaN, point, config, fidelity, curve, seed,
                startedAtMillis, endedAtMillis, Objects.requireNonNull(error, "error"), attempt, attrs,
                sequence, told, duplicateOf, parent, metrics);
    }

    /** This trial, stopped early with the last value seen. */
    public TrialRecord pruned(double value, double[] curve, long endedAtMillis) {
        return new TrialRecord(id, TrialState.PRUNED, value, point, config, fidelity, curve, seed,
                startedAtMillis, endedAtMillis, null, attempt, attrs, sequence, told, duplicateOf, parent, metrics);
    }

    /** This trial with new intermediate values (reported while it runs). */
    public TrialRecord withCurve(double[] curve) {
        return new TrialRecord(id, state, value, point, config, fidelity, curve, seed,
                startedAtMillis, endedAtMillis, error, attempt, attrs, sequence, told, duplicateOf, parent, metrics);
    }

    /** This trial with one attribute added or replaced. */
    public TrialRecord withAttr(String key, String attrValue) {
        Map<String, String> more = new TreeMap<>(attrs);
        more.put(key, attrValue);
        return new TrialRecord(id, state, value, point, config, fidelity, curve, seed,
                startedAtMillis, endedAtMillis, error, attempt, more, sequence, told, duplicateOf, parent, metrics);
    }

    /** This trial as the evaluation of the strategy's proposal number {@code sequence}. */
    public TrialRecord withSequence(long sequence) {
        return new TrialRecord(id, state, value, point, config, fidelity, curve, seed, startedAtMillis,
                endedAtMillis, error, attempt, attrs, OptionalLong.of(sequence), told, duplicateOf, parent, metrics);
    }

    /** This trial, its result told to the strategy as the {@code told}-th result. */
    public TrialRecord withTold(long told) {
        return new TrialRecord(id, state, value, point, config, fidelity, curve, seed, startedAtMillis,
                endedAtMillis, error, attempt, attrs, sequence, OptionalLong.of(told), duplicateOf, parent, metrics);
    }

    /** This trial as a repeat of trial {@code original}, whose result it reuses. */
    public TrialRecord withDuplicateOf(long original) {
        return new TrialRecord(id, state, value, point, config, fidelity, curve, seed, startedAtMillis,
                endedAtMillis, error, attempt, attrs, sequence, told, OptionalLong.of(original), parent, metrics);
    }

    /** This trial as the continuation of trial {@code parentId}'s trained state. */
    public TrialRecord withParent(long parentId) {
        return new TrialRecord(id, state, value, point, config, fidelity, curve, seed, startedAtMillis,
                endedAtMillis, error, attempt, attrs, sequence, told, duplicateOf, OptionalLong.of(parentId), metrics);
    }

    /** This trial with the measurements it reported (replacing any it had). */
    public TrialRecord withMetrics(Map<String, Double> reported) {
        return new TrialRecord(id, state, value, point, config, fidelity, curve, seed, startedAtMillis,
                endedAtMillis, error, attempt, attrs, sequence, told, duplicateOf, parent, reported);
    }

    /** True when this trial reused an earlier trial's result instead of training. */
    public boolean isDuplicate() {
        return duplicateOf.isPresent();
    }

    /** A copy of the unit-cube vector. */
    @Override
    public double[] point() {
        return point.clone();
    }

    /** A copy of the intermediate values. */
    @Override
    public double[] curve() {
        return curve.clone();
    }

    /** The number of intermediate values, without copying them. */
    public int curveLength() {
        return curve.length;
    }

    // Records compare arrays by reference; trials are equal when their contents are
    // (NaN equal to NaN, as Double.equals and Arrays.equals have it).
    @Override
    public boolean equals(Object o) {
        return o instanceof TrialRecord t
                && id == t.id && state == t.state
                && Double.compare(value, t.value) == 0
                && Arrays.equals(point, t.point)
                && config.equals(t.config)
                && Double.compare(fidelity, t.fidelity) == 0
                && Arrays.equals(curve, t.curve)
                && seed == t.seed && startedAtMillis == t.startedAtMillis
                && endedAtMillis == t.endedAtMillis
                && Objects.equals(error, t.error)
                && attempt == t.attempt && attrs.equals(t.attrs)
                && sequence.equals(t.sequence) && told.equals(t.told)
                && duplicateOf.equals(t.duplicateOf) && parent.equals(t.parent)
                && metrics.equals(t.metrics);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(id, state, value, config, fidelity, seed, startedAtMillis,
                endedAtMillis, error, attempt, attrs, sequence, told, duplicateOf, parent, metrics);
        return 31 * (31 * h + Arrays.hashCode(point)) + Arrays.hashCode(curve);
    }

    @Override
    public String toString() {
        return "TrialRecord[id=" + id + ", state=" + state + ", value=" + value
                + ", point=" + Arrays.toString(point) + ", config=" + config
                + ", fidelity=" + fidelity + ", curve=" + Arrays.toString(curve)
                + ", seed=" + seed + ", startedAtMillis=" + startedAtMillis
                + ", endedAtMillis=" + endedAtMillis + ", error=" + error
                + ", attempt=" + attempt + ", attrs=" + attrs + ", sequence=" + text(sequence)
                + ", told=" + text(told) + ", duplicateOf=" + text(duplicateOf) + ", parent=" + text(parent) + ", metrics=" + metrics + "]";
    }

    private static String text(OptionalLong v) {
        return v.isPresent() ? Long.toString(v.getAsLong()) : "-";
    }
}
