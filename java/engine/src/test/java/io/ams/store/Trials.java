package io.ams.store;

import io.ams.core.Direction;
import java.util.Map;

/** Test records with the awkward cases in them: NaN, empty and large curves, unicode, nulls. */
final class Trials {
    private Trials() {
    }

    static StudyMeta meta() {
        return new StudyMeta("mnist-mlp", StudyMeta.CURRENT_FORMAT_VERSION, 1_700_000_000_000L, "params:\n  lr: {log: [1e-5, 1e-1]}\n",
                "{\"params\":{\"lr\":{\"log\":[1e-5,0.1]}}}", Direction.MINIMIZE, 42, "regevo",
                Map.of("budget", "200 trials", "evaluator", "local:4"));
    }

    /** A deterministic record per id, varied enough to cover every field. */
    static TrialRecord sample(long id) {
        double[] point = {id / 1000.0, 0.5, -0.0, 1e-300};
        String config = "{\"lr\":" + (1e-3 * (id + 1)) + ",\"act\":\"relu\",\"name\":\"trial-ü-日本-" + id + "\"}";
        TrialRecord r = TrialRecord.running(id, point, config, id % 3, 1000 + id, 1,
                1_700_000_000_000L + id, Map.of("worker", "w" + (id % 4), "tag", "gen=" + id / 10));
        // The study's bookkeeping on some records, absent on others.
        if (id % 2 == 1) r = r.withSequence(id + 100);
        if (id % 3 == 1) r = r.withParent(id / 2);
        if (id % 5 == 1) r = r.withDuplicateOf(id / 3);
        switch ((int) (id % 4)) {
            case 0:
                return r;
            case 1:
                return r.completed(0.25 + id, new double[] {1.0, 0.5, Double.NaN, 0.25}, r.startedAtMillis() + 50)
                        .withTold(id * 2).withMetrics(Map.of("params", 1234.0 + id, "latency_ms", 0.0421, "zero", -0.0));
            case 2:
                return r.failed("java.lang.ArithmeticException: NaN loss at epoch 3 — «ünïcødé»", new double[0],
                        r.startedAtMillis() + 7);
            default:
                return r.pruned(Double.NaN, new double[] {3, 2, 1}, r.startedAtMillis() + 9);
        }
    }

    /** A record with a learning curve of {@code n} values: far above the map's average value size. */
    static TrialRecord withLargeCurve(long id, int n) {
        double[] curve = new double[n];
        for (int i = 0; i < n; i++) {
            curve[i] = Math.exp(-i / 100.0) + (i % 7) * 1e-9;
        }
        return sample(id).withCurve(curve);
    }
}
