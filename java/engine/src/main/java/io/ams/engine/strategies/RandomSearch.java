package io.ams.engine.strategies;

import io.ams.engine.Proposal;
import io.ams.engine.SearchDomain;
import io.ams.engine.Strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Uniform random sampling of the unit cube: the baseline every other strategy must beat. */
public final class RandomSearch implements Strategy {
    private final SearchDomain domain;
    private final int dimensions;
    private final SplittableRandom random;
    private long sequence;

    public RandomSearch(SearchDomain domain, long seed) {
        this.domain = domain;
        this.dimensions = domain.dimensions();
        this.random = new SplittableRandom(seed);
    }

    @Override
    public String name() {
        return "random";
    }

    /** Single-fidelity: no proposal ever continues another, so no checkpoint is needed again. */
    @Override
    public boolean stillContinuable(long sequence) {
        return false;
    }

    /** It ranks nothing, so it searches a study with any number of objectives alike. */
    @Override
    public boolean multiObjective() {
        return true;
    }

    @Override
    public List<Proposal> ask(int max) {
        List<Proposal> out = new ArrayList<>(max);
        for (int i = 0; i < max; i++) {
            double[] start = StartPoints.at(domain, sequence);
            out.add(new Proposal(sequence++, start != null ? start : uniform(random, dimensions)));
        }
        return out;
    }

    @Override
    public void tell(Proposal proposal, double value) {
        // Random search does not learn.
    }

    static double[] uniform(SplittableRandom random, int dimensions) {
        double[] x = new double[dimensions];
        for (int d = 0; d < dimensions; d++) x[d] = random.nextDouble();
        return x;
    }
}
