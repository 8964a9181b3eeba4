package io.ams.space;

import java.util.List;
import java.util.Optional;

/**
 * One named dimension of a search space: a real or integer range (linear or log scale), a
 * categorical choice (booleans are the choice {@code [false, true]}), or a fixed constant that
 * is part of every configuration but never searched. Parameters are immutable; {@link
 * #withDefault} and {@link #when} return modified copies, so a space reads as one expression:
 *
 * <pre>{@code
 * Parameter.choice("optimizer", "sgd", "momentum", "adam").withDefault("adam");
 * Parameter.logReal("lr", 1e-4, 0.3).withDefault(1e-3);
 * Parameter.real("momentum", 0.5, 0.99).when("optimizer", "momentum");
 * }</pre>
 *
 * <p>Values are {@code Double} for reals, {@code Long} for integers, and {@code String},
 * {@code Long}, {@code Double} or {@code Boolean} for choices and constants.
 */
public sealed interface Parameter permits RealParameter, IntParameter, ChoiceParameter, FixedParameter {

    /** The parameter's name: a letter or underscore, then letters, digits, {@code _} or {@code -}. */
    String name();

    /** The value to start from, when the space declares one; always a valid value. */
    Optional<?> defaultValue();

    /** The conditions that must all hold for this parameter to be active; empty if always active. */
    List<Condition> conditions();

    /**
     * The value in this parameter's own type ({@code 3} becomes {@code 3.0} for a real), or a
     * {@link SpaceException} saying why it is not a value of this parameter.
     */
    Object validate(Object value);

    /** A copy with a default value, which must be a valid value. */
    Parameter withDefault(Object value);

    /** A copy that is active only when {@code parent} takes one of {@code values} (and its other conditions hold). */
    Parameter when(String parent, Object... values);

    /** A real in [low, high], searched uniformly. */
    static RealParameter real(String name, double low, double high) {
        return new RealParameter(name, low, high, Scale.LINEAR, Optional.empty(), List.of());
    }

    /** A positive real in [low, high], searched uniformly in its logarithm. */
    static RealParameter logReal(String name, double low, double high) {
        return new RealParameter(name, low, high, Scale.LOG, Optional.empty(), List.of());
    }

    /** An integer in [low, high], every value equally likely. */
    static IntParameter integer(String name, long low, long high) {
        return new IntParameter(name, low, high, 1, Scale.LINEAR, Optional.empty(), List.of());
    }

    /**
     * The integers {@code low, low + step, ..., high}, every value equally likely. A range too
     * wide for {@link #integer(String, long, long)} (over {@link IntParameter#MAX_VALUES} values)
     * may fit with a step, which is checked together with the range.
     */
    static IntParameter integer(String name, long low, long high, long step) {
        return new IntParameter(name, low, high, step, Scale.LINEAR, Optional.empty(), List.of());
    }

    /** A positive integer in [low, high], searched uniformly in its logarithm (layer widths). */
    static IntParameter logInt(String name, long low, long high) {
        return new IntParameter(name, low, high, 1, Scale.LOG, Optional.empty(), List.of());
    }

    /** One of the given strings, numbers or booleans. */
    static ChoiceParameter choice(String name, Object... choices) {
        return new ChoiceParameter(name, List.of(choices), Optional.empty(), List.of());
    }

    /** A boolean: the choice {@code [false, true]}. */
    static ChoiceParameter bool(String name) {
        return choice(name, false, true);
    }

    /** A constant that every configuration carries (while its conditions hold) but no search changes. */
    static FixedParameter fixed(String name, Object value) {
        return new FixedParameter(name, value, List.of());
    }
}
