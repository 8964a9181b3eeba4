package io.ams.engine;

import java.util.List;

/**
 * A strategy with a name, for genome files ({@code strategy: {name: mine, ...}}) and the
 * command line ({@code ams run --strategy mine}). The built-in strategies are providers; a
 * user's is found on the class path by {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/io.ams.engine.StrategyProvider}. It needs a public no-argument
 * constructor.
 *
 * <p>The name must not be a built-in's (the built-in wins) and is stored with a study, so a
 * resumed study needs the same provider on its class path.
 */
public interface StrategyProvider extends StrategyFactory {
    /** The name genome files and the command line use: lower case, no spaces. */
    String name();

    /** One line for {@code ams run --help}: what the strategy does. */
    String description();

    /** The options it takes, by name, for the help text (the factory checks them). */
    List<String> options();

    /**
     * Whether its strategies take {@link SearchDomain#startPoints()} (a warm start) among their
     * first proposals. A study refuses a warm start with a strategy that does not say so, rather
     * than let the earlier studies' configurations be ignored. Every built-in does; false by default.
     */
    default boolean readsStartPoints() {
        return false;
    }
}
