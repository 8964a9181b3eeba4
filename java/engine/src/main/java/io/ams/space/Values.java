package io.ams.space;

import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Named parameter values with typed getters; a {@link Config} and each of its layers are
 * {@code Values}. Only active parameters are present: {@code getDouble("momentum")} fails when
 * the optimizer has no momentum, and {@code getDouble("momentum", 0)} gives the fallback.
 */
public interface Values {

    /** The values by name, sorted by name; {@code Double}, {@code Long}, {@code String} or {@code Boolean}. */
    Map<String, Object> values();

    /** Whether {@code name} is present, i.e. active. */
    default boolean has(String name) {
        return values().containsKey(name);
    }

    /** The value of an active parameter; {@link NoSuchElementException} if it is absent. */
    default Object get(String name) {
        Object v = values().get(name);
        if (v == null) throw new NoSuchElementException("no active parameter '" + name + "' in " + values().keySet());
        return v;
    }

    /** A number as a double (integers included). */
    default double getDouble(String name) {
        return number(name).doubleValue();
    }

    /** A number as a double, or {@code fallback} when the parameter is inactive. */
    default double getDouble(String name, double fallback) {
        return has(name) ? getDouble(name) : fallback;
    }

    /** An integer value. */
    default long getLong(String name) {
        Object v = get(name);
        if (!(v instanceof Long)) throw new IllegalArgumentException("'" + name + "' is " + v + ", not an integer");
        return (Long) v;
    }

    /** An integer value, or {@code fallback} when the parameter is inactive. */
    default long getLong(String name, long fallback) {
        return has(name) ? getLong(name) : fallback;
    }

    /** An integer value that fits an int. */
    default int getInt(String name) {
        return Math.toIntExact(getLong(name));
    }

    /** An integer value that fits an int, or {@code fallback} when the parameter is inactive. */
    default int getInt(String name, int fallback) {
        return has(name) ? getInt(name) : fallback;
    }

    /** A string value. */
    default String getString(String name) {
        Object v = get(name);
        if (!(v instanceof String)) throw new IllegalArgumentException("'" + name + "' is " + v + ", not a string");
        return (String) v;
    }

    /** A string value, or {@code fallback} when the parameter is inactive. */
    default String getString(String name, String fallback) {
        return has(name) ? getString(name) : fallback;
    }

    /** A boolean value. */
    default boolean getBoolean(String name) {
        Object v = get(name);
        if (!(v instanceof Boolean)) throw new IllegalArgumentException("'" + name + "' is " + v + ", not a boolean");
        return (Boolean) v;
    }

    /** A boolean value, or {@code fallback} when the parameter is inactive. */
    default boolean getBoolean(String name, boolean fallback) {
        return has(name) ? getBoolean(name) : fallback;
    }

    private Number number(String name) {
        Object v = get(name);
        if (!(v instanceof Number)) throw new IllegalArgumentException("'" + name + "' is " + v + ", not a number");
        return (Number) v;
    }
}
