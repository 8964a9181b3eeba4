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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Trust-region Bayesian optimisation in the style of TuRBO-1 (Eriksson et al., NeurIPS 2019):
 * a Gaussian process fitted on the current run's trials only, and proposals only inside a box
 * around the run's best point. The box grows after {@value #SUCCESSES} successes in a row (a
 * value better than the run's best by 1e-3 of its magnitude) and shrinks after
 * max(4, dimensions) failures in a row; when its side falls below {@code min_length} the run
 * ends and a new one starts, with a fresh Latin-hypercube design and a fresh GP, so that the
 * search leaves a local optimum instead of polishing it.
 *
 * <p>The box: side {@code length} (initially 0.8, at most 1.6, in unit-cube lengths) scaled per
 * dimension by the GP's length-scales over their geometric mean (longer where the objective
 * varies slowly), centred on the best point, clipped to the cube. Candidates: {@code candidates}
 * points (default min(100 d, 5,000)), each changing a random subset of the centre's coordinates
 * (each with probability min(1, 20 / d), at least one) to uniform values inside the box; the one
 * with the best acquisition (expected improvement by default, as {@code bo}; TuRBO's paper uses
 * Thompson sampling) that is not a configuration seen before is proposed. With proposals still
 * out, the GP believes their predicted means (Kriging believer), as {@code bo} does.
 *
 * <p>A warm start's points begin the first run's design (which grows to hold them).
 * Deterministic for a seed and a sequence of asks and tells: every draw comes from a stream of
 * (seed, proposal number).
 */
public final class TrustRegionBo implements Strategy {
    /** Successes in a row that double the box. */
    static final int SUCCESSES = 3;

    /** The options: initial design per run, box lengths, and bo's GP and acquisition. */
    public record Settings(int initial, double initialLength, double minLength, double maxLength, int candidates,
                           Acquisition acquisition, GpSettings gp, int maxObservations) {
        public Settings {
            if (initial < 2) throw new IllegalArgumentException("turbo initial must be >= 2, got " + initial);
            if (!(minLength > 0 && minLength < initialLength && initialLength <= maxLength)) {
                throw new IllegalArgumentException("turbo needs 0 < min_length < length <= max_length, got "
                        + minLength + ", " + initialLength + ", " + maxLength);
            }
            if (candidates < 1) throw new IllegalArgumentException("turbo candidates must be >= 1, got " + candidates);
        }

        /** TuRBO's defaults: 2 d initial points (at least 4, at most 20), lengths 0.8 / 0.5^7 / 1.6, min(100 d, 5,000) candidates. */
        public static Settings defaults(int dimensions, Acquisition acquisition, GpSettings gp) {
            return new Settings(Math.max(4, Math.min(20, 2 * dimensions)), 0.8, Math.pow(0.5, 7), 1.6,
                    Math.min(100 * dimensions, 5000), acquisition, gp, 500);
        }
    }

    private final SearchDomain domain;
    private final Direction direction;
    private final long seed;
    private final Settings settings;
    private final int n;
    private final int failureLimit;
    private final Set<List<Double>> seen = new HashSet<>();
    /** Proposals out: sequence -> (run, GP input). */
    private final Map<Long, Out> pending = new HashMap<>();
    private long sequence;

    // ---- the current run ----
    private int run = -1;
    private Surrogate surrogate;
    private double[][] design;
    private int proposedInRun;
    private double length;
    private int successes;
    private int failures;
    private double[] bestPoint;
    private double bestValue = Double.POSITIVE_INFINITY;

    private record Out(int run, double[] input, boolean fromDesign) {}

    public TrustRegionBo(SearchDomain domain, Direction direction, long seed, Settings settings) {
        this.domain = domain;
        this.direction = direction;
        this.seed = seed;
        this.settings = settings;
        this.n = domain.dimensions();
        this.failureLimit = Math.max(4, n);
        newRun();
    }

    @Override
    public String name() {
        return "turbo";
    }

    @Override
    public boolean stillContinuable(long sequence) {
        return false;
    }

    @Override
    public void close() {
        if (surrogate != null) surrogate.close();
    }

    /** Runs started (1 before the first restart). */
    int runs() {
        return run + 1;
    }

    /** The box's side now. */
    double length() {
        return length;
    }

    @Override
    public List<Proposal> ask(int max) {
        List<Proposal> out = new ArrayList<>();
        while (out.size() < max) {
            long id = sequence++;
            SplittableRandom rnd = Seeds.stream(seed, id);
            boolean fromDesign = proposedInRun < design.length;
            double[] point;
            if (fromDesign) {
                point = domain.canonical(design[proposedInRun]);
            } else if (!surrogate.ready() || bestPoint == null) {
                point = AcquisitionMaximizer.unseenRandom(domain, seen, rnd);
            } else {
                point = propose(rnd);
            }
            proposedInRun++;
            double[] input = surrogate.inputOfCanonical(point);
            pending.put(id, new Out(run, input, fromDesign));
            seen.add(AcquisitionMaximizer.key(point));
            out.add(new Proposal(id, point));
        }
        return out;
    }

    @Override
    public void tell(Proposal proposal, double value) {
        Out o = pending.remove(proposal.sequence());
        if (o == null) throw new IllegalArgumentException("turbo: proposal " + proposal.sequence() + " is not awaiting a value");
        // A proposal of an earlier run is heard and forgotten: the new run's GP starts afresh.
        if (o.run() != run) return;
        double v = direction.minimised(value);
        surrogate.observe(proposal.point(), v);
        boolean improved = !Double.isNaN(v) && (bestPoint == null || v < bestValue - 1e-3 * Math.abs(bestValue));
        if (!Double.isNaN(v) && v < bestValue) {
            bestValue = v;
            bestPoint = proposal.point().clone();
        }
        if (o.fromDesign()) return;
        if (improved) {
            successes++;
            failures = 0;
        } else {
            failures++;
            successes = 0;
        }
        if (successes >= SUCCESSES) {
            length = Math.min(2 * length, settings.maxLength());
            successes = 0;
        } else if (failures >= failureLimit) {
            length /= 2;
            failures = 0;
        }
        if (length < settings.minLength()) newRun();
    }

    private void newRun() {
        run++;
        if (surrogate != null) surrogate.close();
        surrogate = new Surrogate(domain, settings.gp(), settings.maxObservations(), Seeds.mix(seed, run));
        double[][] drawn = Designs.latinHypercube(settings.initial(), n, Seeds.stream(~seed, run));
        design = run == 0 ? StartPoints.design(domain, drawn) : drawn;
        proposedInRun = 0;
        length = settings.initialLength();
        successes = 0;
        failures = 0;
        bestPoint = null;
        bestValue = Double.POSITIVE_INFINITY;
    }

    private double[] propose(SplittableRandom rnd) {
        GaussianProcess gp = surrogate.model();
        double[] ls = gp.hyperparameters().lengthscales();
        double logMean = 0;
        for (double l : ls) logMean += Math.log(l);
        logMean /= ls.length;
        double[] lo = new double[n];
        double[] hi = new double[n];
        double[] center = domain.canonical(bestPoint);
        for (int j = 0; j < n; j++) {
            double half = Math.exp(Math.log(ls[j]) - logMean) * length / 2;
            lo[j] = Math.max(0, center[j] - half);
            hi[j] = Math.min(Math.nextDown(1.0), center[j] + half);
        }
        double p = Math.min(1.0, 20.0 / n);
        List<double[]> points = new ArrayList<>();
        for (int c = 0; c < settings.candidates(); c++) {
            double[] x = center.clone();
            boolean any = false;
            for (int j = 0; j < n; j++) {
                if (rnd.nextDouble() < p) {
                    x[j] = lo[j] + rnd.nextDouble() * (hi[j] - lo[j]);
                    any = true;
                }
            }
            if (!any) {
                int j = rnd.nextInt(n);
                x[j] = lo[j] + rnd.nextDouble() * (hi[j] - lo[j]);
            }
            double[] canonical = domain.canonical(x);
            if (!seen.contains(AcquisitionMaximizer.key(canonical))) points.add(canonical);
        }
        if (points.isEmpty()) return AcquisitionMaximizer.unseenRandom(domain, seen, rnd);
        double[][] inputs = new double[points.size()][];
        for (int i = 0; i < inputs.length; i++) inputs[i] = surrogate.inputOfCanonical(points.get(i));
        GaussianProcess believer = null;
        try {
            List<double[]> out = new ArrayList<>();
            for (Out o : pending.values()) if (o.run() == run) out.add(o.input());
            if (!out.isEmpty()) {
                double[][] xs = out.toArray(new double[0][]);
                believer = gp.withObservations(xs, gp.predict(xs).mean());
            }
            double[] scores = surrogate.scores(believer != null ? believer : gp, settings.acquisition(), inputs);
            int best = 0;
            for (int i = 1; i < scores.length; i++) if (scores[i] > scores[best]) best = i;
            return points.get(best);
        } finally {
            if (believer != null) believer.close();
        }
    }
}
