package io.ams.space;

import java.util.Optional;

/**
 * A search space that cannot exist: a bad range, a default outside it, a condition on a missing
 * parameter, a cycle of conditions. Names the parameter so that a genome-file reader can point
 * at the line that declared it.
 */
public final class SpaceException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String parameter;
    private final String problem;
    private final String conditionParent;

    /**
     * @param parameter the offending parameter, qualified by its stack for per-layer ones
     *                  ({@code layers.units})
     * @param problem   what is wrong, without the parameter's name
     */
    public SpaceException(String parameter, String problem) {
        this(parameter, null, problem);
    }

    private SpaceException(String parameter, String conditionParent, String problem) {
        super(parameter + ": " + problem);
        this.parameter = parameter;
        this.conditionParent = conditionParent;
        this.problem = problem;
    }

    /** A problem in {@code parameter}'s condition on {@code parent}. */
    static SpaceException inCondition(String parameter, String parent, String problem) {
        return new SpaceException(parameter, parent, problem);
    }

    /** The offending parameter, qualified by its stack for per-layer ones ({@code layers.units}). */
    public String parameter() {
        return parameter;
    }

    /** The parent named by the faulty condition, when the problem lies in a condition. */
    public Optional<String> conditionParent() {
        return Optional.ofNullable(conditionParent);
    }

    /** What is wrong, without the parameter's name. */
    public String problem() {
        return problem;
    }
}
