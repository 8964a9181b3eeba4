package io.ams.space;

import java.util.List;
import java.util.Optional;

/**
 * An integer in {@code low, low + step, ..., high}, searched uniformly over its values
 * ({@link Scale#LINEAR}) or uniformly in their logarithm ({@link Scale#LOG}, which needs
 * {@code low >= 1}). {@code high} must lie on the step grid so that both ends are reachable.
 */
public record IntParameter(String name, long low, long high, long step, Scale scale, Optional<Long> defaultValue,
                           List<Condition> conditions) implements Parameter {
    public IntParameter {
        Parameters.checkName(name);
        if (scale == null) throw new SpaceException(name, "scale is missing");
        if (low > high) throw new SpaceException(name, "low " + low + " > high " + high);
        if (low == high) throw new SpaceException(name, "empty range [" + low + ", " + high + "]: use a fixed value");
        if (scale == Scale.LOG && low <= 0) {
            throw new SpaceException(name, "a log range needs low > 0, got " + low);
        }
        if (step < 1) throw new SpaceException(name, "step must be >= 1, got " + step);
        if ((high - low) % step != 0) {
            throw new SpaceException(name, "high " + high + " is not on the grid " + low + ", " + (low + step)
                    + ", ... (step " + step + ")");
        }
        conditions = Parameters.checkConditions(name, conditions);
        if (defaultValue == null) defaultValue = Optional.empty();
        // The fields are assigned only after this body, so check against the arguments.
        defaultValue.ifPresent(v -> check(name, low, high, step, v));
    }

    /** How many values the parameter can take. */
    public long count() {
        return (high - low) / step + 1;
    }

    /** A copy that takes only every {@code step}-th value from {@code low}. */
    public IntParameter withStep(long step) {
        return new IntParameter(name, low, high, step, scale, defaultValue, conditions);
    }

    @Override
    public Long validate(Object value) {
        return check(name, low, high, step, value);
    }

    private static Long check(String name, long low, long high, long step, Object value) {
        if (!(value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte)) {
            throw new SpaceException(name, "expected an integer in [" + low + ", " + high + "], got " + value);
        }
        long v = ((Number) value).longValue();
        if (v < low || v > high) throw new SpaceException(name, v + " is outside [" + low + ", " + high + "]");
        if ((v - low) % step != 0) {
            throw new SpaceException(name, v + " is not on the grid " + low + ", " + (low + step) + ", ... (step " + step + ")");
        }
        return v;
    }

    @Override
    public IntParameter withDefault(Object value) {
        return new IntParameter(name, low, high, step, scale, Optional.of(validate(value)), conditions);
    }

    @Override
    public IntParameter when(String parent, Object... values) {
        return new IntParameter(name, low, high, step, scale, defaultValue, Parameters.plus(conditions, parent, values));
    }
}
