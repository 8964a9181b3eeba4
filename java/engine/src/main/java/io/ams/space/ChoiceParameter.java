package io.ams.space;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One of a list of strings, numbers or booleans, with no order among them. A boolean
 * parameter is the choice {@code [false, true]}.
 */
public record ChoiceParameter(String name, List<Object> choices, Optional<Object> defaultValue,
                              List<Condition> conditions) implements Parameter {
    public ChoiceParameter {
        Parameters.checkName(name);
        if (choices == null || choices.isEmpty()) throw new SpaceException(name, "no choices");
        try {
            choices = Scalars.normalizeAll(choices);
        } catch (IllegalArgumentException e) {
            throw new SpaceException(name, e.getMessage());
        }
        Set<Object> seen = new HashSet<>();
        for (Object c : choices) {
            if (!seen.add(c)) throw new SpaceException(name, "choice " + Scalars.show(c) + " is listed twice");
        }
        conditions = Parameters.checkConditions(name, conditions);
        if (defaultValue == null) defaultValue = Optional.empty();
        // The fields are assigned only after this body, so check against the arguments.
        List<Object> valid = choices;
        defaultValue.ifPresent(v -> check(name, valid, v));
    }

    @Override
    public Object validate(Object value) {
        return check(name, choices, value);
    }

    private static Object check(String name, List<Object> choices, Object value) {
        Object v;
        try {
            v = Scalars.normalize(value);
        } catch (IllegalArgumentException e) {
            throw new SpaceException(name, e.getMessage());
        }
        if (!choices.contains(v)) throw new SpaceException(name, Scalars.show(v) + " is not one of " + choices);
        return v;
    }

    @Override
    public ChoiceParameter withDefault(Object value) {
        return new ChoiceParameter(name, choices, Optional.of(validate(value)), conditions);
    }

    @Override
    public ChoiceParameter when(String parent, Object... values) {
        return new ChoiceParameter(name, choices, defaultValue, Parameters.plus(conditions, parent, values));
    }
}
