package io.ams.genome;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which pruner stops unpromising trials early, and its options as written
 * ({@code pruner: {name: median, warmup: 2, min_trials: 5}}); checked against
 * {@code io.ams.engine.Pruners} when the genome is read.
 *
 * @param name    none, median or percentile
 * @param options the remaining options by name
 */
public record PrunerSpec(String name, Map<String, Object> options) {
    public static final PrunerSpec NONE = new PrunerSpec("none", Map.of());

    public PrunerSpec {
        options = Collections.unmodifiableMap(new TreeMap<>(options));
    }
}
