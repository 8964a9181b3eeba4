package io.ams.meta;

import io.ams.data.MetaFeatures;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a task is like, as numbers: how a warm start finds the earlier studies that a new one
 * resembles. Two descriptions are comparable only when they are of the same kind and name the
 * same values in the same order.
 *
 * @param kind   how the values were obtained: {@value #DATASET} (a dataset's {@link MetaFeatures})
 *               or {@value #PROBES} (the values of fixed probe configurations at a low fidelity,
 *               "landmarking with configurations", for tasks whose data the study never sees)
 * @param names  what each value is
 * @param values the values, finite
 * @param cost   what obtaining them cost, in words (shown to the user; e.g. "8 probes x 3 epochs")
 */
public record TaskFeatures(String kind, List<String> names, double[] values, String cost) {
    /** Meta-features of the dataset the objective trains on. */
    public static final String DATASET = "dataset";
    /** Values of fixed probe configurations at a low fidelity. */
    public static final String PROBES = "probes";

    public TaskFeatures {
        Objects.requireNonNull(kind, "kind");
        if (kind.isBlank()) throw new IllegalArgumentException("task features need a kind");
        names = List.copyOf(names);
        values = values.clone();
        if (names.size() != values.length) {
            throw new IllegalArgumentException(names.size() + " names for " + values.length + " values");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) throw new IllegalArgumentException("task feature " + names.get(i) + " is " + values[i]);
        }
        cost = cost == null ? "" : cost;
    }

    /** The meta-features of a dataset ({@link MetaFeatures#vector()}), computed from its training rows. */
    public static TaskFeatures of(MetaFeatures m) {
        return new TaskFeatures(DATASET, m.names(), m.vector(), "meta-features of the training split (no trial)");
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    /** Whether {@code other}'s values measure the same things as these. */
    public boolean comparable(TaskFeatures other) {
        return kind.equals(other.kind) && names.equals(other.names);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TaskFeatures t && kind.equals(t.kind) && names.equals(t.names) && Arrays.equals(values, t.values)
                && cost.equals(t.cost);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, names, Arrays.hashCode(values), cost);
    }

    @Override
    public String toString() {
        return kind + " " + names + " = " + Arrays.toString(values);
    }
}
