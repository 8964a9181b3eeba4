package io.ams.space;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The value types a parameter can take: {@code Long} for integers, {@code Double} for reals,
 * {@code String} and {@code Boolean}. Everything entering a space or a {@link Config} goes
 * through {@link #normalize}, so that {@code 3} written as an {@code Integer} in Java and read
 * as a {@code Long} from YAML are the same value and configs compare and hash alike.
 */
public final class Scalars {
    private Scalars() {}

    public static Object normalize(Object value) {
        if (value instanceof Long || value instanceof String || value instanceof Boolean) return value;
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) throw new IllegalArgumentException("value must be finite, got " + d);
            // -0.0 and 0.0 are equal numbers but not equal Doubles: keep one of them.
            return d == 0 ? 0.0 : d;
        }
        throw new IllegalArgumentException(value == null ? "value is missing"
                : "value must be a number, a string or a boolean, got " + value.getClass().getSimpleName()
                + " " + value);
    }

    public static List<Object> normalizeAll(List<?> values) {
        List<Object> out = new ArrayList<>(values.size());
        for (Object v : values) out.add(normalize(v));
        return Collections.unmodifiableList(out);
    }

    /** A value as a user wrote it: strings unquoted, numbers as Java prints them. */
    static String show(Object value) {
        return String.valueOf(value);
    }
}
