package example.plugin;

import io.ams.engine.Proposal;
import io.ams.engine.Strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A user's strategy, written outside io.ams: uniform samples within {@code spread} of the
 * unit cube's centre. Small, but it makes its placement visible in every trial's point.
 */
public final class CentreStrategy implements Strategy {
    private final int dimensions;
    private final double spread;
    private final SplittableRandom random;
    private long sequence;

    public CentreStrategy(int dimensions, double spread, long seed) {
        this.dimensions = dimensions;
        this.spread = spread;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public String name() {
        return "centre";
    }

    @Override
    public List<Proposal> ask(int max) {
        List<Proposal> out = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            double[] x = new double[dimensions];
            for (int d = 0; d < dimensions; d++) x[d] = 0.5 + spread * (random.nextDouble() - 0.5);
            out.add(new Proposal(sequence++, x));
        }
        return out;
    }

    @Override
    public void tell(Proposal proposal, double value) {
        // Samples do not depend on results.
    }
}
