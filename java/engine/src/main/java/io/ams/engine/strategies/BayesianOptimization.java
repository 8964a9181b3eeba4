package io.ams.engine.strategies;

import io.ams.core.Direction;
import io.ams.engine.Proposal;
import io.ams.engine.SearchDomain;
import io.ams.engine.Strategy;
import io.ams.surrogate.Acquisition;
import io.ams.surrogate.Designs;
import io.ams.surrogate.GaussianProcess;
import io.ams.surrogate.GpSettings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Bayesian optimisation: a Latin-hypercube initial design, then each proposal maximises an
 * acquisition function (log expected improvement by default) of a Gaussian process fitted to
 * the trials so far.
 *
 * <p>The acquisition is maximised over the mixed space in two steps ({@link AcquisitionMaximizer}):
 * many space-filling candidates plus perturbations of the best trials, all mapped to their
 * canonical point (so the GP scores what the objective will actually see), then a local
 * refinement of the best few with a shrinking step. Categorical genes are resampled rather
 * than nudged.
 *
 * <p>Parallel workers: proposals still out are fantasised at the GP's posterior mean (kriging
 * believer), which flattens the acquisition around them, so a batch spreads out; a point whose
 * configuration is evaluated or out already is never proposed again.
 *
 * <p>Deterministic for a seed and a sequence of ask and tell calls: every random draw is
 * seeded by (seed, proposal number) and the GP's by (seed, number of observations), so a
 * resumed study replays it exactly.
 */
public final class BayesianOptimization implements Strategy {
    /** BO settings. */
    public record Settings(int initial, Acquisition acquisition, GpSettings gp, int maxObservations, int candidates) {
        public Settings {
            if (initial < 1) throw new IllegalArgumentException("bo initial must be >= 1, got " + initial);
            if (maxObservations < 10) throw new IllegalArgumentException("bo max_observations must be >= 10, got " + maxObservations);
            if (candidates < 10) throw new IllegalArgumentException("bo candidates must be >= 10, got " + candidates);
        }

        /** The initial design's size for a space of {@code dimensions}: enough to see every axis once, at least 5, at most 20. */
        public static int defaultInitial(int dimensions) {
            return Math.min(20, Math.max(5, dimensions + 1));
        }
    }

    private final SearchDomain domain;
    private final Direction direction;
    private final long seed;
    private final Settings settings;
    private final Surrogate surrogate;
    private final AcquisitionMaximizer maximizer;
    private final double[][] design;
    /** Proposals out, by sequence, with their GP inputs. */
    private final Map<Long, double[]> pending = new LinkedHashMap<>();
    /** Canonical points evaluated or out: never proposed twice. */
    private final Set<List<Double>> seen = new HashSet<>();
    /** The best points so far, as (input point, value), for local candidates. */
    private final List<double[]> points = new ArrayList<>();
    private final List<Double> values = new ArrayList<>();
    private long sequence;

    public BayesianOptimization(SearchDomain domain, Direction direction, long seed, Settings settings) {
        this.domain = domain;
        this.direction = direction;
        this.seed = seed;
        this.settings = settings;
        this.surrogate = new Surrogate(domain, settings.gp(), settings.maxObservations(), seed);
        this.maximizer = new AcquisitionMaximizer(domain, surrogate, settings.acquisition(), settings.candidates());
        this.design = StartPoints.design(domain, Designs.latinHypercube(settings.initial(), domain.dimensions(), Seeds.stream(seed, -1)));
    }

    @Override
    public String name() {
        return "bo";
    }

    /** Single-fidelity: no proposal ever continues another, so no checkpoint is needed again. */
    @Override
    public boolean stillContinuable(long sequence) {
        return false;
    }

    /** Frees the GP's native memory now, not when the garbage collector gets to it. */
    @Override
    public void close() {
        surrogate.close();
    }

    Surrogate surrogate() {
        return surrogate;
    }

    @Override
    public List<Proposal> ask(int max) {
        List<Proposal> out = new ArrayList<>();
        while (out.size() < max) {
            long id = sequence++;
            double[] point;
            if (id < design.length) {
                point = domain.canonical(design[(int) id]);
            } else if (!surrogate.ready()) {
                point = unseenRandom(Seeds.stream(seed, id));
            } else {
                point = propose(Seeds.stream(seed, id));
            }
            pending.put(id, surrogate.inputOfCanonical(point));
            seen.add(key(point));
            out.add(new Proposal(id, point));
        }
        return out;
    }

    @Override
    public void tell(Proposal proposal, double value) {
        if (pending.remove(proposal.sequence()) == null) {
            throw new IllegalArgumentException("bo: proposal " + proposal.sequence() + " is not awaiting a value");
        }
        double minimised = direction.minimised(value);
        surrogate.observe(proposal.point(), minimised);
        if (!Double.isNaN(minimised)) {
            points.add(proposal.point());
            values.add(minimised);
        }
    }

    private double[] propose(SplittableRandom rnd) {
        GaussianProcess gp = surrogate.model();
        GaussianProcess believer = null;
        try {
            if (!pending.isEmpty()) {
                double[][] out = pending.values().toArray(new double[0][]);
                believer = gp.withObservations(out, gp.predict(out).mean());
            }
            return maximizer.maximise(believer != null ? believer : gp, bestPoints(AcquisitionMaximizer.localStarts()), seen, rnd);
        } finally {
            if (believer != null) believer.close();
        }
    }

    private List<double[]> bestPoints(int k) {
        Integer[] order = new Integer[values.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(values.get(a), values.get(b)));
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < Math.min(k, order.length); i++) out.add(points.get(order[i]));
        return out;
    }

    private double[] unseenRandom(SplittableRandom rnd) {
        return maximizer.unseenRandom(seen, rnd);
    }

    private static List<Double> key(double[] canonical) {
        return AcquisitionMaximizer.key(canonical);
    }
}
