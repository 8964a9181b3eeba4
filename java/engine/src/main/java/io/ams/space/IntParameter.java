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
        checkWidth(name, low, high, step, scale);
        if ((high - low) % step != 0) {
            throw new SpaceException(name, "high " + high + " is not on the grid " + low + ", " + (low + step)
                    + ", ... (step " + step + ")");
        }
        conditions = Parameters.checkConditions(name, conditions);
        if (defaultValue == null) defaultValue = Optional.empty();
        // The fields are assigned only after this body, so check against the arguments.
        defaultValue.ifPresent(v -> check(name, low, high, step, v));
    }

    /**
     * The most values of a linear range: the codec gives each a cell of [0, 1] and a double
     * tells 2^48 equal cells apart with room to spare (a cell's centre, scaled back, lands within
     * 1/16 of a cell of where it should), so every value is sampled and survives encode and
     * decode. Beyond, neighbouring values share a point and the long arithmetic wraps at 2^63.
     */
    public static final long MAX_VALUES = 1L << 48;

    /**
     * The most steps from 0 to the top of a log range: there its cells are narrowest, about
     * step / high wide in the logarithm, and the log and exp of the codec must still land in the
     * right one.
     */
    public static final long MAX_LOG_STEPS = 1L << 40;

    private static void checkWidth(String name, long low, long high, long step, Scale scale) {
        // low < high here, so a negative difference means it wrapped around
        if (high - low < 0) {
            throw new SpaceException(name, "the range [" + low + ", " + high + "] is wider than 2^63 - 1,"
                    + " the most a long holds; narrow it");
        }
        long values = (high - low) / step + 1;
        if (values > MAX_VALUES) {
            throw new SpaceException(name, "the range [" + low + ", " + high + "] has " + values
                    + " values, more than the 2^48 = " + MAX_VALUES + " a search can tell apart;"
                    + " narrow it or give a step");
        }
        if (scale == Scale.LOG && high / step > MAX_LOG_STEPS) {
            throw new SpaceException(name, "the log range [" + low + ", " + high + "] reaches " + high / step
                    + " steps of " + step + " above 0, more than the 2^40 = " + MAX_LOG_STEPS
                    + " a search can tell apart at its top; lower high or give a larger step");
        }
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
