package io.ams.space;

import java.util.List;

/**
 * "Active only when {@code parent} takes one of {@code values}": {@code momentum} matters only
 * when {@code optimizer} is {@code momentum} or {@code nesterov}. A parameter with several
 * conditions is active when all of them hold; a condition on an inactive parent never holds, so
 * activity propagates down chains of conditions.
 *
 * @param parent the name of the parameter this one depends on (a sibling within a layer stack)
 * @param values the parent's values that activate the parameter; valid values of the parent
 */
public record Condition(String parent, List<Object> values) {
    public Condition {
        if (parent == null || parent.isBlank()) throw new IllegalArgumentException("condition parent is missing");
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("condition on '" + parent + "' lists no values");
        }
        values = Scalars.normalizeAll(values);
    }

    /** A condition that holds when {@code parent} takes one of {@code values}. */
    public static Condition of(String parent, Object... values) {
        return new Condition(parent, List.of(values));
    }

    /** Whether a parent's (normalized) value activates the dependent parameter. */
    public boolean holds(Object parentValue) {
        return values.contains(parentValue);
    }
}
