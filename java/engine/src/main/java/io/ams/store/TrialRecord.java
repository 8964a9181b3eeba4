package io.ams.store;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
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
 */
public record TrialRecord(long id, TrialState state, double value, double[] point, String config,
                          double fidelity, double[] curve, long seed, long startedAtMillis,
                          long endedAtMillis, String error, int attempt, Map<String, String> attrs) {

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
        point = point == null ? NONE : point.clone();
        curve = curve == null ? NONE : curve.clone();
        // -0.0 and 0.0 are the same fidelity: one spelling keeps the dedup key and equals() simple
        fidelity = fidelity + 0.0;
        attrs = attrs == null || attrs.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new TreeMap<>(attrs));
    }

    /** A trial that has just started: no value, no curve, not ended. */
    public static TrialRecord running(long id, double[] point, String config, double fidelity,
                                      long seed, int attempt, long startedAtMillis,
                                      Map<String, String> attrs) {
        return new TrialRecord(id, TrialState.RUNNING, Double.NaN, point, config, fidelity, NONE,
                seed, startedAtMillis, 0L, null, attempt, attrs);
    }

    /** This trial, finished with {@code value}. */
    public TrialRecord completed(double value, double[] curve, long endedAtMillis) {
        return new TrialRecord(id, TrialState.COMPLETE, value, point, config, fidelity, curve, seed,
                startedAtMillis, endedAtMillis, null, attempt, attrs);
    }

    /** This trial, failed with {@code error}; the curve keeps what was seen before the failure. */
    public TrialRecord failed(String error, double[] curve, long endedAtMillis) {
        return new TrialRecord(id, TrialState.FAILED, Double.NaN, point, config, fidelity, curve, seed,
                startedAtMillis, endedAtMillis, Objects.requireNonNull(error, "error"), attempt, attrs);
    }

    /** This trial, stopped early with the last value seen. */
    public TrialRecord pruned(double value, double[] curve, long endedAtMillis) {
        return new TrialRecord(id, TrialState.PRUNED, value, point, config, fidelity, curve, seed,
                startedAtMillis, endedAtMillis, null, attempt, attrs);
    }

    /** This trial with new intermediate values (reported while it runs). */
    public TrialRecord withCurve(double[] curve) {
        return new TrialRecord(id, state, value, point, config, fidelity, curve, seed,
                startedAtMillis, endedAtMillis, error, attempt, attrs);
    }

    /** This trial with one attribute added or replaced. */
    public TrialRecord withAttr(String key, String attrValue) {
        Map<String, String> more = new TreeMap<>(attrs);
        more.put(key, attrValue);
        return new TrialRecord(id, state, value, point, config, fidelity, curve, seed,
                startedAtMillis, endedAtMillis, error, attempt, more);
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
                && attempt == t.attempt && attrs.equals(t.attrs);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(id, state, value, config, fidelity, seed, startedAtMillis,
                endedAtMillis, error, attempt, attrs);
        return 31 * (31 * h + Arrays.hashCode(point)) + Arrays.hashCode(curve);
    }

    @Override
    public String toString() {
        return "TrialRecord[id=" + id + ", state=" + state + ", value=" + value
                + ", point=" + Arrays.toString(point) + ", config=" + config
                + ", fidelity=" + fidelity + ", curve=" + Arrays.toString(curve)
                + ", seed=" + seed + ", startedAtMillis=" + startedAtMillis
                + ", endedAtMillis=" + endedAtMillis + ", error=" + error
                + ", attempt=" + attempt + ", attrs=" + attrs + "]";
    }
}
