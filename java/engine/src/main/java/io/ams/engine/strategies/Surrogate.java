package io.ams.engine.strategies;

import io.ams.engine.SearchDomain;
import io.ams.surrogate.Acquisition;
import io.ams.surrogate.GaussianProcess;
import io.ams.surrogate.GpSettings;
import io.ams.surrogate.Hyperparameters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The Gaussian-process model of the objective that {@code bo} and {@code saga} share: it
 * collects the points a strategy evaluated with their values (to minimise), turns points
 * into GP inputs, and keeps a GP conditioned on them.
 *
 * <p>Inputs: the canonical point (discrete genes at their cell's centre, inactive genes at
 * the cube's centre), except that an inactive categorical gene becomes -1, a value no
 * category has, because the Hamming-type distance on categorical genes would otherwise take
 * "switched off" for one particular choice.
 *
 * <p>Failed trials stay in the model as the worst value seen, so the search learns to avoid
 * the regions where the objective fails rather than proposing them again.
 *
 * <p>Cost: hyperparameters are refitted (warm-started from the last fit, plus random starts)
 * on a schedule ({@link #REFIT_FRACTION}), and the GP is
 * otherwise only re-conditioned with the last hyperparameters. Above {@code maxObservations}
 * the GP sees a subset: the best third, the most recent third and a spread of the rest
 * (farthest-point), so the cubic cost stops growing with the search. Every random choice is
 * drawn from (seed, number of observations), so a replayed history rebuilds the same model.
 */
final class Surrogate implements AutoCloseable {
    /**
     * Hyperparameters are refitted when the observations have grown by this fraction since the
     * last fit: every trial early on, every tenth at 100 trials, so that fitting costs about as
     * much per trial at any size.
     */
    private static final double REFIT_FRACTION = 0.1;

    private final SearchDomain domain;
    private final GpSettings gp;
    private final int maxObservations;
    private final long seed;
    private final boolean[] categorical;
    private final List<double[]> inputs = new ArrayList<>();
    /** Values to minimise, in the order told; NaN for a failed trial. */
    private final List<Double> values = new ArrayList<>();
    private int finite;
    private double best = Double.POSITIVE_INFINITY;

    private GaussianProcess model;
    private int modelObservations = -1;
    private Hyperparameters fitted;
    private int fittedObservations;

    Surrogate(SearchDomain domain, GpSettings gp, int maxObservations, long seed) {
        if (maxObservations < 10) throw new IllegalArgumentException("max_observations must be >= 10, got " + maxObservations);
        this.domain = domain;
        this.gp = gp;
        this.maxObservations = maxObservations;
        this.seed = seed;
        this.categorical = new boolean[domain.dimensions()];
        for (int j = 0; j < categorical.length; j++) categorical[j] = domain.categorical(j);
    }

    /** The GP input of a point (see the class comment). */
    double[] input(double[] point) {
        return inputOfCanonical(domain.canonical(point));
    }

    /** The GP input of a point that is canonical already (what {@link SearchDomain#canonical} returned). */
    double[] inputOfCanonical(double[] canonical) {
        double[] x = canonical.clone();
        boolean[] active = domain.activeDimensions(canonical);
        for (int j = 0; j < x.length; j++) {
            if (categorical[j] && !active[j]) x[j] = -1;
        }
        return x;
    }

    /** Records an evaluated point; {@code value} is to be minimised, NaN when the trial failed. */
    void observe(double[] point, double value) {
        inputs.add(input(point));
        values.add(value);
        if (!Double.isNaN(value)) {
            finite++;
            best = Math.min(best, value);
        }
    }

    int size() {
        return values.size();
    }

    /**
     * Replaces the value of every observation, in the order observed (NaN for a failed trial):
     * for {@code parego}, whose target (a scalarisation of several objectives) changes with each
     * proposal. The next {@link #model()} is conditioned on the new values; hyperparameters are
     * refitted on the usual schedule, by the number of observations, warm-started from the last fit.
     */
    void revalue(double[] newValues) {
        if (newValues.length != values.size()) {
            throw new IllegalArgumentException(newValues.length + " values for " + values.size() + " observations");
        }
        finite = 0;
        best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < newValues.length; i++) {
            double v = newValues[i];
            values.set(i, v);
            if (!Double.isNaN(v)) {
                finite++;
                best = Math.min(best, v);
            }
        }
        modelObservations = -1; // the cached model was conditioned on the old values
    }

    /** Whether there is enough to fit a model: two successful trials. */
    boolean ready() {
        return finite >= 2;
    }

    /** The lowest value observed. */
    double best() {
        return best;
    }

    /**
     * The GP on the observations so far (or a subset of them). Owned by this object: valid
     * until the next call to {@link #observe} followed by {@code model()}, or {@link #close}.
     */
    GaussianProcess model() {
        if (!ready()) throw new IllegalStateException("a surrogate needs two successful trials, has " + finite);
        if (modelObservations == size()) return model;
        int[] rows = subset();
        double worst = values.stream().filter(v -> !v.isNaN()).mapToDouble(Double::doubleValue).max().orElseThrow();
        double[][] x = new double[rows.length][];
        double[] y = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            x[i] = inputs.get(rows[i]);
            double v = values.get(rows[i]);
            y[i] = Double.isNaN(v) ? worst : v;
        }
        GaussianProcess next;
        if (fitted == null || size() - fittedObservations >= Math.max(1, REFIT_FRACTION * fittedObservations)) {
            next = GaussianProcess.fit(x, y, categorical, gp, fitted, Seeds.stream(seed, size()));
            fitted = next.hyperparameters();
            fittedObservations = size();
        } else {
            next = GaussianProcess.condition(x, y, categorical, gp.kernel(), fitted, gp.threads());
        }
        if (model != null) model.close();
        model = next;
        modelObservations = size();
        return model;
    }

    /** The GP fitted last, or null before the first fit and after {@link #close}: for tests of ownership. */
    GaussianProcess currentModel() {
        return model;
    }

    /** Acquisition scores (larger is better) of GP inputs under {@code gp}. */
    double[] scores(GaussianProcess gp, Acquisition acquisition, double[][] candidates) {
        var prediction = gp.predict(candidates);
        return acquisition.score(prediction.mean(), prediction.variance(), best);
    }

    /** Rows of the observations the GP is conditioned on. */
    private int[] subset() {
        int n = size();
        int max = maxObservations;
        if (n <= max) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            return all;
        }
        boolean[] taken = new boolean[n];
        List<Integer> chosen = new ArrayList<>(max);
        // The best third: where the optimum is.
        Integer[] byValue = new Integer[n];
        for (int i = 0; i < n; i++) byValue[i] = i;
        Arrays.sort(byValue, Comparator.comparingDouble(i -> Double.isNaN(values.get(i)) ? Double.POSITIVE_INFINITY : values.get(i)));
        for (int k = 0; k < max / 3; k++) take(byValue[k], taken, chosen);
        // The most recent third: where the search is now.
        for (int i = n - 1; i >= 0 && chosen.size() < 2 * max / 3; i--) {
            if (!taken[i]) take(i, taken, chosen);
        }
        // The rest spread over the space (greedy farthest point), so the model stays global.
        double[] distance = new double[n];
        Arrays.fill(distance, Double.POSITIVE_INFINITY);
        for (int c : chosen) relax(distance, c);
        while (chosen.size() < max) {
            int far = -1;
            for (int i = 0; i < n; i++) {
                if (!taken[i] && (far < 0 || distance[i] > distance[far])) far = i;
            }
            take(far, taken, chosen);
            relax(distance, far);
        }
        return chosen.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private static void take(int i, boolean[] taken, List<Integer> chosen) {
        taken[i] = true;
        chosen.add(i);
    }

    private void relax(double[] distance, int from) {
        double[] a = inputs.get(from);
        for (int i = 0; i < distance.length; i++) {
            double[] b = inputs.get(i);
            double s = 0;
            for (int j = 0; j < a.length; j++) {
                double d = categorical[j] ? (a[j] == b[j] ? 0 : 1) : a[j] - b[j];
                s += d * d;
            }
            distance[i] = Math.min(distance[i], s);
        }
    }

    @Override
    public void close() {
        if (model != null) model.close();
        model = null;
        modelObservations = -1;
    }
}
