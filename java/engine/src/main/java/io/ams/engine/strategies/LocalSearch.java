package io.ams.engine.strategies;

import io.ams.core.Direction;
import io.ams.engine.Proposal;
import io.ams.engine.SearchDomain;
import io.ams.engine.Strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Greedy hill climbing with restarts. Neighbours of the incumbent differ in one to a few
 * active genes by a Gaussian step of width {@code sigma} (reflected into the cube). The step
 * adapts by the 1/5th success rule: wider after an improvement, narrower after a miss. When
 * it shrinks below {@code minSigma}, or {@code patience} neighbours in a row fail to improve,
 * the climb restarts from a random point (the best point ever found is kept by the study).
 */
public final class LocalSearch implements Strategy {
    private final SearchDomain domain;
    private final Direction direction;
    private final SplittableRandom random;
    private final double initialSigma;
    private final double minSigma;
    private final int patience;

    private double[] incumbent;
    private double incumbentValue = Double.NaN;
    private double sigma;
    private int misses;
    private boolean climbing;
    private long sequence;

    public LocalSearch(SearchDomain domain, Direction direction, long seed, double sigma, double minSigma, int patience) {
        if (!(sigma > 0 && sigma <= 1)) throw new IllegalArgumentException("local sigma must be in (0, 1], got " + sigma);
        if (!(minSigma > 0 && minSigma < sigma)) throw new IllegalArgumentException("local min_sigma must be in (0, sigma), got " + minSigma);
        if (patience < 1) throw new IllegalArgumentException("local patience must be >= 1, got " + patience);
        this.domain = domain;
        this.direction = direction;
        this.random = new SplittableRandom(seed);
        this.initialSigma = sigma;
        this.minSigma = minSigma;
        this.patience = patience;
        this.sigma = sigma;
    }

    @Override
    public String name() {
        return "local";
    }

    /** Single-fidelity: no proposal ever continues another, so no checkpoint is needed again. */
    @Override
    public boolean stillContinuable(long sequence) {
        return false;
    }

    @Override
    public List<Proposal> ask(int max) {
        List<Proposal> out = new ArrayList<>(max);
        for (int i = 0; i < max; i++) {
            double[] start = StartPoints.at(domain, sequence);
            double[] point = start != null ? start : climbing ? neighbour(incumbent) : RandomSearch.uniform(random, domain.dimensions());
            out.add(new Proposal(sequence++, point));
        }
        return out;
    }

    @Override
    public void tell(Proposal proposal, double value) {
        if (StartPoints.at(domain, proposal.sequence()) != null) {
            // A warm start's point: the best of them is where the climb starts; a worse one is no miss.
            if (!Double.isNaN(value) && (!climbing || direction.better(value, incumbentValue))) {
                incumbent = proposal.point();
                incumbentValue = value;
                climbing = true;
            }
            return;
        }
        if (!climbing || direction.better(value, incumbentValue)) {
            if (climbing) sigma = Math.min(1.0, sigma * 1.5);
            incumbent = proposal.point();
            incumbentValue = value;
            climbing = !Double.isNaN(value);
            misses = 0;
            return;
        }
        sigma *= 0.9;
        if (++misses >= patience || sigma < minSigma) {
            climbing = false;
            sigma = initialSigma;
            misses = 0;
            incumbentValue = Double.NaN;
        }
    }

    /** A neighbour that is another configuration (steps inside one integer or category cell are redrawn). */
    private double[] neighbour(double[] from) {
        double[] canonicalFrom = domain.canonical(from);
        double[] x = from;
        for (int attempt = 0; attempt < 8; attempt++) {
            x = step(from);
            if (!java.util.Arrays.equals(domain.canonical(x), canonicalFrom)) break;
        }
        return x;
    }

    private double[] step(double[] from) {
        double[] x = from.clone();
        boolean[] active = domain.activeDimensions(from);
        List<Integer> dims = new ArrayList<>();
        for (int d = 0; d < active.length; d++) if (active[d]) dims.add(d);
        if (dims.isEmpty()) return RandomSearch.uniform(random, domain.dimensions());
        // Mostly one gene, sometimes two or three: small moves with an occasional jump.
        int changes = Math.min(dims.size(), 1 + (random.nextDouble() < 0.3 ? 1 + random.nextInt(2) : 0));
        for (int c = 0; c < changes; c++) {
            int d = dims.remove(random.nextInt(dims.size()));
            x[d] = reflect(x[d] + sigma * gaussian());
        }
        return x;
    }

    private double gaussian() {
        // Box-Muller from the strategy's own generator keeps proposals reproducible.
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static double reflect(double v) {
        v = Math.abs(v) % 2.0;
        return v > 1.0 ? 2.0 - v : Math.min(v, Math.nextDown(1.0));
    }
}
