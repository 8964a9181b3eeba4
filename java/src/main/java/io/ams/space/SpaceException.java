package io.ams.space;

/**
 * A search space that cannot exist: a bad range, a default outside it, a condition on a missing
 * parameter, a cycle of conditions. Names the parameter so that a genome-file reader can point
 * at the line that declared it.
 */
public final class SpaceException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String parameter;
    private final String problem;

    /**
     * @param parameter the offending parameter, qualified by its stack for per-layer ones
     *                  ({@code layers.units})
     * @param problem   what is wrong, without the parameter's name
     */
    public SpaceException(String parameter, String problem) {
        super(parameter + ": " + problem);
        this.parameter = parameter;
        this.problem = problem;
    }

    /** The offending parameter, qualified by its stack for per-layer ones ({@code layers.units}). */
    public String parameter() {
        return parameter;
    }

    /** What is wrong, without the parameter's name. */
    public String problem() {
        return problem;
    }
}
