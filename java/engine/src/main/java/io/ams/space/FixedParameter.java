package io.ams.space;

import java.util.List;
import java.util.Optional;

/**
 * A constant: part of every configuration in which its conditions hold, with no dimension in
 * the encoding. Lets a genome state everything a trial needs ({@code epochs: 20}) in one place.
 */
public record FixedParameter(String name, Object value, List<Condition> conditions) implements Parameter {
    public FixedParameter {
        Parameters.checkName(name);
        try {
            value = Scalars.normalize(value);
        } catch (IllegalArgumentException e) {
            throw new SpaceException(name, e.getMessage());
        }
        conditions = Parameters.checkConditions(name, conditions);
    }

    /** The constant itself: a fixed parameter starts where it stays. */
    @Override
    public Optional<Object> defaultValue() {
        return Optional.of(value);
    }

    @Override
    public Object validate(Object candidate) {
        Object v;
        try {
            v = Scalars.normalize(candidate);
        } catch (IllegalArgumentException e) {
            throw new SpaceException(name, e.getMessage());
        }
        if (!value.equals(v)) throw new SpaceException(name, "fixed at " + Scalars.show(value) + ", got " + Scalars.show(v));
        return v;
    }

    @Override
    public FixedParameter withDefault(Object candidate) {
        validate(candidate);
        return this;
    }

    @Override
    public FixedParameter when(String parent, Object... values) {
        return new FixedParameter(name, value, Parameters.plus(conditions, parent, values));
    }
}
