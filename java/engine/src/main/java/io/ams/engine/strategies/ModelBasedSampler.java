package io.ams.engine.strategies;

import io.ams.engine.SearchDomain;
import io.ams.surrogate.Acquisition;
import io.ams.surrogate.GaussianProcess;
import io.ams.surrogate.GpSettings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * {@code bohb}'s configurations (after Falkner, Klein and Hutter, "BOHB", ICML 2018, with a GP
 * in place of its TPE): with probability {@code randomFraction} a uniform random configuration;
 * otherwise one that maximises the acquisition (log EI by default) of a GP fitted to the
 * configurations evaluated at the largest rung with at least {@code minPoints} successful
 * ones, as BOHB models the largest budget with enough observations. No such rung yet: random.
 *
 * <p>One {@link Surrogate} per rung (its subset and refit policy, failed trials as the worst
 * value), and {@code bo}'s acquisition maximisation ({@link AcquisitionMaximizer}). The
 * configurations already chosen for the bracket are fantasised at the GP's mean (kriging
 * believer), so a bracket spreads out, and no configuration seen before (chosen, evaluated)
 * is chosen again.
 */
final class ModelBasedSampler implements ConfigurationSampler {
    private final SearchDomain domain;
    private final double randomFraction;
    private final int minPoints;
    private final Surrogate[] surrogates;
    private final AcquisitionMaximizer[] maximizers;
    /** Per rung, the successful points with their values, for the local candidates. */
    private final List<List<double[]>> points = new ArrayList<>();
    private final List<List<Double>> values = new ArrayList<>();
    private final Set<List<Double>> seen = new HashSet<>();
    private final List<double[]> modelBased = new ArrayList<>();

    ModelBasedSampler(SearchDomain domain, Fidelities fidelities, long seed, GpSettings gp, int maxObservations,
                      Acquisition acquisition, int candidates, double randomFraction, int minPoints) {
        if (!(randomFraction >= 0 && randomFraction <= 1)) {
            throw new IllegalArgumentException("bohb: random_fraction must be in [0, 1], got " + randomFraction);
        }
        if (minPoints < 2) throw new IllegalArgumentException("bohb: min_points must be >= 2, got " + minPoints);
        if (maxObservations < 10) throw new IllegalArgumentException("bohb: max_observations must be >= 10, got " + maxObservations);
        if (candidates < 10) throw new IllegalArgumentException("bohb: candidates must be >= 10, got " + candidates);
        this.domain = domain;
        this.randomFraction = randomFraction;
        this.minPoints = minPoints;
        int rungs = fidelities.top() + 1;
        this.surrogates = new Surrogate[rungs];
        this.maximizers = new AcquisitionMaximizer[rungs];
        for (int r = 0; r < rungs; r++) {
            surrogates[r] = new Surrogate(domain, gp, maxObservations, Seeds.mix(seed, -2 - r));
            maximizers[r] = new AcquisitionMaximizer(domain, surrogates[r], acquisition, candidates);
            points.add(new ArrayList<>());
            values.add(new ArrayList<>());
        }
    }

    @Override
    public void close() {
        for (Surrogate s : surrogates) s.close();
    }

    /** One surrogate per rung. */
    List<Surrogate> surrogates() {
        return List.of(surrogates);
    }

    @Override
    public double[] sample(SplittableRandom rnd, int rung, List<double[]> chosen) {
        double[] point;
        int model = modelRung();
        if (rnd.nextDouble() < randomFraction || model < 0) {
            point = AcquisitionMaximizer.unseenRandom(domain, seen, rnd);
        } else {
            point = propose(model, chosen, rnd);
            modelBased.add(point);
        }
        seen.add(AcquisitionMaximizer.key(point));
        return point;
    }

    /** The largest rung with at least minPoints successful observations; -1 if none. */
    private int modelRung() {
        for (int r = surrogates.length - 1; r >= 0; r--) if (points.get(r).size() >= minPoints) return r;
        return -1;
    }

    private double[] propose(int rung, List<double[]> chosen, SplittableRandom rnd) {
        Surrogate surrogate = surrogates[rung];
        GaussianProcess gp = surrogate.model();
        GaussianProcess believer = null;
        try {
            if (!chosen.isEmpty()) {
                double[][] out = new double[chosen.size()][];
                for (int i = 0; i < out.length; i++) out[i] = surrogate.input(chosen.get(i));
                believer = gp.withObservations(out, gp.predict(out).mean());
            }
            return maximizers[rung].maximise(believer != null ? believer : gp,
                    best(rung, AcquisitionMaximizer.localStarts()), seen, rnd);
        } finally {
            if (believer != null) believer.close();
        }
    }

    private List<double[]> best(int rung, int k) {
        List<Double> v = values.get(rung);
        Integer[] order = new Integer[v.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(v.get(a), v.get(b)));
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < Math.min(k, order.length); i++) out.add(points.get(rung).get(order[i]));
        return out;
    }

    @Override
    public void observe(double[] point, int rung, double value) {
        if (!Double.isFinite(value)) value = Double.NaN;
        seen.add(AcquisitionMaximizer.key(domain.canonical(point)));
        surrogates[rung].observe(point, value);
        if (!Double.isNaN(value)) {
            points.get(rung).add(domain.canonical(point));
            values.get(rung).add(value);
        }
    }

    /** The configurations chosen by the model so far, in order (the rest were random). */
    List<double[]> modelBased() {
        return modelBased;
    }
}
