package io.ams.space;

import java.util.List;
import java.util.Optional;

/**
 * A real in {@code [low, high]}, searched uniformly in value ({@link Scale#LINEAR}) or in its
 * logarithm ({@link Scale#LOG}, which needs {@code low > 0}).
 */
public record RealParameter(String name, double low, double high, Scale scale, Optional<Double> defaultValue,
                            List<Condition> conditions) implements Parameter {
    public RealParameter {
        Parameters.checkName(name);
        Parameters.finite(name, "low", low);
        Parameters.finite(name, "high", high);
        if (scale == null) throw new SpaceException(name, "scale is missing");
        if (low > high) throw new SpaceException(name, "low " + low + " > high " + high);
        if (low == high) throw new SpaceException(name, "empty range [" + low + ", " + high + "]: use a fixed value");
        if (scale == Scale.LOG && low <= 0) {
            throw new SpaceException(name, "a log range needs low > 0, got " + low);
        }
        conditions = Parameters.checkConditions(name, conditions);
        if (defaultValue == null) defaultValue = Optional.empty();
        // The fields are assigned only after this body, so check against the arguments.
        defaultValue.ifPresent(v -> check(name, low, high, v));
    }

    @Override
    public Double validate(Object value) {
        return check(name, low, high, value);
    }

    private static Double check(String name, double low, double high, Object value) {
        if (!(value instanceof Number)) {
            throw new SpaceException(name, "expected a number in [" + low + ", " + high + "], got " + value);
        }
        double v = ((Number) value).doubleValue();
        // also rejects NaN
        if (!(v >= low && v <= high)) {
            throw new SpaceException(name, v + " is outside [" + low + ", " + high + "]");
        }
        return v == 0 ? 0.0 : v;
    }

    @Override
    public RealParameter withDefault(Object value) {
        return new RealParameter(name, low, high, scale, Optional.of(validate(value)), conditions);
    }

    @Override
    public RealParameter when(String parent, Object... values) {
        return new RealParameter(name, low, high, scale, defaultValue, Parameters.plus(conditions, parent, values));
    }
}
