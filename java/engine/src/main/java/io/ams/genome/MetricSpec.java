package io.ams.genome;

import io.ams.core.Direction;

/**
 * The number a study optimizes and which way is better.
 *
 * @param name      a metric the objective reports: {@code accuracy} or {@code loss} for the MLP,
 *                  {@code value} for a test function
 * @param direction whether larger or smaller values are better
 */
public record MetricSpec(String name, Direction direction) {
    public MetricSpec {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("metric name is missing");
        if (direction == null) throw new IllegalArgumentException("metric direction is missing");
    }

}
