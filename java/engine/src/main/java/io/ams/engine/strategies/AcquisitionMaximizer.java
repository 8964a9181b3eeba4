package io.ams.engine.strategies;

import io.ams.engine.SearchDomain;
import io.ams.surrogate.Acquisition;
import io.ams.surrogate.Designs;
import io.ams.surrogate.GaussianProcess;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Maximises an acquisition function of a GP over the mixed space, for {@code bo} and
 * {@code bohb}: many space-filling candidates plus perturbations of the best points so far,
 * all mapped to their canonical point (so the GP scores what the objective will actually see),
 * then a local refinement of the best few with a shrinking step. Categorical genes are
 * resampled rather than nudged. Points in {@code seen} (canonical, see {@link #key}) are never
 * returned while an unseen one is found.
 */
final class AcquisitionMaximizer {
    private static final int LOCAL_STARTS = 5;
    private static final int LOCAL_STEPS = 20;
    private static final int LOCAL_CHILDREN = 8;
    /** Below this step (in the unit cube) refinement stops: far finer than any GP resolves. */
    private static final double MIN_SIGMA = 1e-3;

    private final SearchDomain domain;
    private final Surrogate surrogate;
    private final Acquisition acquisition;
    private final int candidates;

    AcquisitionMaximizer(SearchDomain domain, Surrogate surrogate, Acquisition acquisition, int candidates) {
        this.domain = domain;
        this.surrogate = surrogate;
        this.acquisition = acquisition;
        this.candidates = candidates;
    }

    /** How many of the best points {@link #maximise} perturbs. */
    static int localStarts() {
        return LOCAL_STARTS;
    }

    /**
     * The unseen point of highest acquisition under {@code gp} found by global candidates
     * (around {@code best}, the best points so far, best first) and local refinement.
     */
    double[] maximise(GaussianProcess gp, List<double[]> best, Set<List<Double>> seen, SplittableRandom rnd) {
        int d = domain.dimensions();
        List<double[]> raw = new ArrayList<>();
        raw.addAll(Arrays.asList(Designs.latinHypercube(candidates, d, rnd)));
        for (double[] b : best.subList(0, Math.min(LOCAL_STARTS, best.size()))) {
            for (int k = 0; k < candidates / (2 * LOCAL_STARTS); k++) {
                raw.add(perturb(b, k % 2 == 0 ? 0.02 : 0.1, rnd));
            }
        }
        Scored scored = score(gp, raw, seen);
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
        if (starts.isEmpty()) return unseenRandom(seen, rnd);
        double[] sigma = new double[starts.size()];
        Arrays.fill(sigma, 0.05);
        for (int step = 0; step < LOCAL_STEPS && Arrays.stream(sigma).max().orElse(0) >= MIN_SIGMA; step++) {
            List<double[]> children = new ArrayList<>();
            for (int s = 0; s < starts.size(); s++) {
                for (int c = 0; c < LOCAL_CHILDREN; c++) children.add(perturb(starts.get(s), sigma[s], rnd));
            }
            Scored next = score(gp, children, seen);
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
        int top = 0;
        for (int s = 1; s < starts.size(); s++) if (startScores.get(s) > startScores.get(top)) top = s;
        return starts.get(top);
    }

    /** Canonical candidates with their acquisition values (-inf for seen ones). */
    private Scored score(GaussianProcess gp, List<double[]> raw, Set<List<Double>> seen) {
        List<double[]> canonical = new ArrayList<>(raw.size());
        double[][] inputs = new double[raw.size()][];
        for (int i = 0; i < raw.size(); i++) {
            double[] c = domain.canonical(raw.get(i));
            canonical.add(c);
            inputs[i] = surrogate.inputOfCanonical(c);
        }
        double[] values = surrogate.scores(gp, acquisition, inputs);
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

    /** A uniform canonical point not in {@code seen} (after 100 tries, a seen one: a small space fully explored). */
    double[] unseenRandom(Set<List<Double>> seen, SplittableRandom rnd) {
        return unseenRandom(domain, seen, rnd);
    }

    static double[] unseenRandom(SearchDomain domain, Set<List<Double>> seen, SplittableRandom rnd) {
        double[] point = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            point = new double[domain.dimensions()];
            for (int j = 0; j < point.length; j++) point[j] = rnd.nextDouble();
            point = domain.canonical(point);
            if (!seen.contains(key(point))) return point;
        }
        return point; // a small space fully explored: the study answers repeats from the store
    }

    /** The set key of a canonical point. */
    static List<Double> key(double[] canonical) {
        return Arrays.stream(canonical).boxed().toList();
    }
}
