package io.ams.engine;

import io.ams.space.Config;
import io.ams.store.TrialRecord;
import io.ams.store.TrialState;

/**
 * A trial as a user sees it: the configuration tried and what came of it, with the stored
 * record behind it (timings, curve, seed, error, attributes).
 */
public record Trial(Config config, TrialRecord record) {
    public long id() { return record.id(); }
    public TrialState state() { return record.state(); }
    /** The objective's value; NaN unless COMPLETE (or PRUNED with a last value). */
    public double value() { return record.value(); }
    public String error() { return record.error(); }
    public double[] curve() { return record.curve(); }
    /** What the objective measured besides its value, by name (empty when it recorded nothing). */
    public java.util.Map<String, Double> metrics() { return record.metrics(); }
    public long seed() { return record.seed(); }
    /** Wall-clock milliseconds the trial took; 0 while it runs. */
    public long millis() { return record.endedAtMillis() == 0 ? 0 : record.endedAtMillis() - record.startedAtMillis(); }
}
