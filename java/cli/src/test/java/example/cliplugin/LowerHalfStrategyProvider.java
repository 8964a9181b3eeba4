package example.cliplugin;

import io.ams.core.Direction;
import io.ams.engine.Proposal;
import io.ams.engine.SearchDomain;
import io.ams.engine.Strategy;
import io.ams.engine.StrategyOptions;
import io.ams.engine.StrategyProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A user's strategy, {@code mine}, registered through META-INF/services: uniform samples of the
 * lower half of every dimension (below {@code fraction} of the unit cube), so its trials show
 * that it, and not the genome's strategy, proposed them.
 */
public final class LowerHalfStrategyProvider implements StrategyProvider {
    @Override
    public String name() {
        return "mine";
    }

    @Override
    public String description() {
        return "samples the lower part of every dimension (a test plug-in)";
    }

    @Override
    public List<String> options() {
        return List.of("fraction");
    }

    @Override
    public Strategy create(SearchDomain domain, Direction direction, long seed, StrategyOptions options) {
        double fraction = options.number("fraction", 0.5, 0, 1);
        options.require(fraction > 0, "fraction", "must be > 0, got " + fraction);
        int dimensions = domain.dimensions();
        SplittableRandom random = new SplittableRandom(seed);
        return new Strategy() {
            private long sequence;

            @Override
            public String name() {
                return "mine";
            }

            @Override
            public List<Proposal> ask(int max) {
                List<Proposal> out = new ArrayList<>();
                for (int i = 0; i < max; i++) {
                    double[] x = new double[dimensions];
                    for (int d = 0; d < dimensions; d++) x[d] = fraction * random.nextDouble();
                    out.add(new Proposal(sequence++, x));
                }
                return out;
            }

            @Override
            public void tell(Proposal proposal, double value) {}
        };
    }
}
