package io.ams.space;

import java.util.Map;
import java.util.TreeMap;

/** The values of one layer of a {@link LayerStack}: its active per-layer parameters. */
public record LayerConfig(Map<String, Object> values) implements Values {
    public LayerConfig {
        values = Config.sortedCopy(values);
    }

    /** A layer with the given values. */
    public static LayerConfig of(Map<String, ?> values) {
        return new LayerConfig(new TreeMap<String, Object>(values));
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
