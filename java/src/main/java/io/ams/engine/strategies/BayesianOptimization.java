package io.ams.engine.strategies;

import io.ams.engine.Direction;
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
 * <p>The acquisition is maximised over the mixed space in two steps: many space-filling
 * candidates plus perturbations of the best trials, all mapped to their canonical point (so
 * the GP scores what the objective will actually see), then a local refinement of the best
 * few with a shrinking step. Categorical genes are resampled rather than nudged.
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

    private static final int LOCAL_STARTS = 5;
    private static final int LOCAL_STEPS = 20;
    private static final int LOCAL_CHILDREN = 8;
    /** Below this step (in the unit cube) refinement stops: far finer than any GP resolves. */
    private static final double MIN_SIGMA = 1e-3;

    private final SearchDomain domain;
    private final Direction direction;
    private final long seed;
    private final Settings settings;
    private final Surrogate surrogate;
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
        this.design = Designs.latinHypercube(settings.initial(), domain.dimensions(), Seeds.stream(seed, -1));
    }

    @Override
    public String name() {
        return "bo";
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
            pending.put(id, surrogate.input(point));
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
        double minimised = Double.isFinite(value) ? (direction == Direction.MINIMIZE ? value : -value) : Double.NaN;
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
            return maximise(believer != null ? believer : gp, rnd);
        } finally {
            if (believer != null) believer.close();
        }
    }

    /** The unseen point of highest acquisition found by global candidates and local refinement. */
    private double[] maximise(GaussianProcess gp, SplittableRandom rnd) {
        int d = domain.dimensions();
        List<double[]> candidates = new ArrayList<>();
        candidates.addAll(Arrays.asList(Designs.latinHypercube(settings.candidates(), d, rnd)));
        for (double[] best : bestPoints(LOCAL_STARTS)) {
            for (int k = 0; k < settings.candidates() / (2 * LOCAL_STARTS); k++) {
                candidates.add(perturb(best, k % 2 == 0 ? 0.02 : 0.1, rnd));
            }
        }
        Scored scored = score(gp, candidates);
        // Local refinement of the best few: a (1+lambda) step that halves on failure.
        Integer[] order = scored.order();
        List<double[]> starts = new ArrayList<>();
        List<Double> startScores = new ArrayList<>();
        for (int i = 0; i < order.length && starts.size() < LOCAL_STARTS; i++) {
            if (Double.isFinite(scored.values[order[i]])) {
                starts.add(scored.points.get(order[i]));
                startScores.add(scored.values[order[i]]);
            }
        }
        if (starts.isEmpty()) return unseenRandom(rnd);
        double[] sigma = new double[starts.size()];
        Arrays.fill(sigma, 0.05);
        for (int step = 0; step < LOCAL_STEPS && Arrays.stream(sigma).max().orElse(0) >= MIN_SIGMA; step++) {
            List<double[]> children = new ArrayList<>();
            for (int s = 0; s < starts.size(); s++) {
                for (int c = 0; c < LOCAL_CHILDREN; c++) children.add(perturb(starts.get(s), sigma[s], rnd));
            }
            Scored next = score(gp, children);
            int i = 0;
            for (int s = 0; s < starts.size(); s++) {
                int bestChild = -1;
                for (int c = 0; c < LOCAL_CHILDREN; c++, i++) {
                    if (next.values[i] > startScores.get(s) && (bestChild < 0 || next.values[i] > next.values[bestChild])) bestChild = i;
                }
                if (bestChild >= 0) {
                    starts.set(s, next.points.get(bestChild));
                    startScores.set(s, next.values[bestChild]);
                } else {
                    sigma[s] *= 0.5;
                }
            }
        }
        int best = 0;
        for (int s = 1; s < starts.size(); s++) if (startScores.get(s) > startScores.get(best)) best = s;
        return starts.get(best);
    }

    /** Canonical candidates not seen yet, with their acquisition values (-inf for seen ones). */
    private Scored score(GaussianProcess gp, List<double[]> raw) {
        List<double[]> canonical = new ArrayList<>(raw.size());
        double[][] inputs = new double[raw.size()][];
        for (int i = 0; i < raw.size(); i++) {
            double[] c = domain.canonical(raw.get(i));
            canonical.add(c);
            inputs[i] = surrogate.input(c);
        }
        double[] values = surrogate.scores(gp, settings.acquisition(), inputs);
        for (int i = 0; i < values.length; i++) {
            if (seen.contains(key(canonical.get(i))) || Double.isNaN(values[i])) values[i] = Double.NEGATIVE_INFINITY;
        }
        return new Scored(canonical, values);
    }

    private record Scored(List<double[]> points, double[] values) {
        Integer[] order() {
            Integer[] order = new Integer[values.length];
            for (int i = 0; i < order.length; i++) order[i] = i;
            Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
            return order;
        }
    }

    /**
     * A neighbour of {@code point}: each active coordinate moves by N(0, sigma) with probability
     * 1/2 (at least one moves), categorical ones are redrawn with probability 1/dimensions.
     */
    private double[] perturb(double[] point, double sigma, SplittableRandom rnd) {
        double[] out = point.clone();
        boolean[] active = domain.activeDimensions(point);
        int d = out.length;
        boolean moved = false;
        for (int j = 0; j < d; j++) {
            if (domain.categorical(j)) {
                if (rnd.nextInt(d) == 0) {
                    out[j] = rnd.nextDouble();
                    moved = true;
                }
            } else if (active[j] && rnd.nextBoolean()) {
                out[j] = reflect(out[j] + sigma * rnd.nextGaussian());
                moved = true;
            }
        }
        if (!moved) {
            int j = rnd.nextInt(d);
            out[j] = domain.categorical(j) ? rnd.nextDouble() : reflect(out[j] + sigma * rnd.nextGaussian());
        }
        return out;
    }

    /** Folds a coordinate back into [0, 1) at the walls rather than piling points on them. */
    private static double reflect(double u) {
        double r = Math.abs(u) % 2.0;
        r = r > 1 ? 2 - r : r;
        return Math.min(r, Math.nextDown(1.0));
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
        double[] point = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            point = new double[domain.dimensions()];
            for (int j = 0; j < point.length; j++) point[j] = rnd.nextDouble();
            point = domain.canonical(point);
            if (!seen.contains(key(point))) return point;
        }
        return point; // a small space fully explored: the study answers repeats from the store
    }

    private static List<Double> key(double[] canonical) {
        return Arrays.stream(canonical).boxed().toList();
    }
}
