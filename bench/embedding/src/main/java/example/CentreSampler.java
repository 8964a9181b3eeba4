package example;

import io.ams.core.Direction;
import io.ams.engine.Proposal;
import io.ams.engine.SearchDomain;
import io.ams.engine.Strategy;
import io.ams.engine.StrategyOptions;
import io.ams.engine.StrategyProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Listed in META-INF/services/io.ams.engine.StrategyProvider as example.CentreSampler. */
public final class CentreSampler implements StrategyProvider {
    @Override public String name() { return "centre"; }
    @Override public String description() { return "uniform samples near the centre of the space"; }
    @Override public List<String> options() { return List.of("spread"); }

    @Override
    public Strategy create(SearchDomain domain, Direction direction, long seed, StrategyOptions options) {
        double spread = options.number("spread", 0.5, 0, 1);   // checked: a bad value names the option
        SplittableRandom random = new SplittableRandom(seed);
        return new Strategy() {
            private long sequence;
            @Override public String name() { return "centre"; }
            @Override public List<Proposal> ask(int max) {
                List<Proposal> out = new ArrayList<>();
                for (int i = 0; i < max; i++) {
                    double[] x = new double[domain.dimensions()];
                    for (int d = 0; d < x.length; d++) x[d] = 0.5 + spread * (random.nextDouble() - 0.5);
                    out.add(new Proposal(sequence++, x));
                }
                return out;
            }
            @Override public void tell(Proposal proposal, double value) {}
        };
    }
}
