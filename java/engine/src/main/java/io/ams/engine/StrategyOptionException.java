package io.ams.engine;

/**
 * A strategy option that cannot be used: unknown to the strategy, of the wrong type, or out of
 * its bounds. It names the option, so that a genome file can point at the option's own line.
 */
public final class StrategyOptionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String strategy;
    private final String option;
    private final String problem;

    /**
     * @param strategy the strategy's name
     * @param option   the option at fault
     * @param problem  what is wrong with it, e.g. {@code must be >= 2, got 1}; the message reads
     *                 {@code strategy hyperband, option 'eta': must be >= 2, got 1}
     */
    public StrategyOptionException(String strategy, String option, String problem) {
        super("strategy " + strategy + ", option '" + option + "': " + problem);
        this.strategy = strategy;
        this.option = option;
        this.problem = problem;
    }

    public String strategy() { return strategy; }
    public String option() { return option; }
    /** What is wrong, without the strategy's and the option's names. */
    public String problem() { return problem; }
}
