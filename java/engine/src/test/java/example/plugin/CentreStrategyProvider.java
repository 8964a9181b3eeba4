package example.plugin;

import io.ams.core.Direction;
import io.ams.engine.SearchDomain;
import io.ams.engine.Strategy;
import io.ams.engine.StrategyOptions;
import io.ams.engine.StrategyProvider;

import java.util.List;

/** Registers {@link CentreStrategy} as {@code centre}, listed in META-INF/services/io.ams.engine.StrategyProvider. */
public final class CentreStrategyProvider implements StrategyProvider {
    @Override
    public String name() {
        return "centre";
    }

    @Override
    public String description() {
        return "samples near the centre of the space (a test plug-in)";
    }

    @Override
    public List<String> options() {
        return List.of("spread");
    }

    @Override
    public Strategy create(SearchDomain domain, Direction direction, long seed, StrategyOptions options) {
        double spread = options.number("spread", 0.5, 0, 1);
        options.require(spread > 0, "spread", "must be > 0, got " + spread);
        return new CentreStrategy(domain.dimensions(), spread, seed);
    }
}
