package io.ams.engine.strategies;

import io.ams.core.Direction;
import io.ams.engine.Outcome;
import io.ams.engine.Proposal;
import io.ams.engine.SearchDomain;
import io.ams.engine.Strategy;
import io.ams.surrogate.Designs;
import io.ams.surrogate.GaussianProcess;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * ParEGO: Bayesian optimisation of several objectives through random scalarisations, after
 * J. Knowles, "ParEGO: A Hybrid Algorithm With On-Line Landscape Approximation for Expensive
 * Multiobjective Optimization Problems", IEEE Transactions on Evolutionary Computation 10(1),
 * 2006. Each proposal draws a weight vector, folds the objectives into one value with it, and
 * maximises the acquisition of a Gaussian process of that value: over many proposals the weights
 * cover the trade-offs, so the proposals spread along the Pareto front. It reuses {@code bo}'s
 * machinery ({@link Surrogate}, {@link AcquisitionMaximizer}, log expected improvement by
 * default), and proposes a Latin-hypercube initial design first, as {@code bo} does.
 *
 * <p>Scalarisation (Knowles' augmented Chebyshev function): each objective's losses are
 * normalised to [0, 1] by the least and largest loss of the feasible trials so far (an objective
 * on which they all agree normalises to 0), and with the weights lambda (uniform on the simplex,
 * so they sum to 1) a trial's scalar is {@code max_j lambda_j f_j + 0.05 sum_j lambda_j f_j}.
 * The max term reaches every Pareto-optimal point, convex front or not; the small sum term
 * breaks ties between weakly dominated points. Normalising by the feasible trials only keeps an
 * infeasible trial's extreme losses (a huge model that is very accurate) from squeezing the
 * trade-off among the ones that count.
 *
 * <p>A feasible trial's scalar is thus at most 1.05. An infeasible one gets
 * {@code 1.1 + v / (1 + v)} for its violation v: worse than every feasible one, and worse the
 * further outside its constraints, so the model learns where the feasible region lies
 * ({@code v / (1 + v)} keeps a missing constrained measurement, v = {@link Double#MAX_VALUE},
 * finite). A trial that failed or was pruned is what {@code bo} makes of it: the surrogate sees
 * it as the worst scalar of the others (see {@link Surrogate}), so the search learns to avoid
 * where trials fail.
 *
 * <p>Parallel workers: each proposal of a batch draws its own weights, and proposals still out
 * are fantasised at the posterior mean (kriging believer), as in {@code bo}.
 *
 * <p>Deterministic for a seed and a sequence of ask and tell calls: the weights and every other
 * random draw of a proposal come from a stream seeded by (seed, proposal number), the GP's from
 * (seed, number of observations), so a resumed study replays it exactly.
 */
public final class ParEgo implements Strategy {
    /** Knowles' augmentation: the weight of the sum term of the Chebyshev scalarisation. */
    static final double RHO = 0.05;
    /** Above every feasible scalar (at most 1 + RHO, since the weights sum to 1): where infeasible scalars start. */
    static final double INFEASIBLE = 1.1;

    private final SearchDomain domain;
    private final Direction direction;
    private final long seed;
    private final Surrogate surrogate;
    private final AcquisitionMaximizer maximizer;
    private final double[][] design;
    /** Proposals out, by sequence, with their GP inputs. */
    private final Map<Long, double[]> pending = new LinkedHashMap<>();
    /** Canonical points evaluated or out: never proposed twice. */
    private final Set<List<Double>> seen = new HashSet<>();
    /** Every told proposal's point and outcome, in the order the surrogate observed them. */
    private final List<double[]> points = new ArrayList<>();
    private final List<Outcome> outcomes = new ArrayList<>();
    private long sequence;

    public ParEgo(SearchDomain domain, Direction direction, long seed, BayesianOptimization.Settings settings) {
        this.domain = domain;
        this.direction = direction;
        this.seed = seed;
        this.surrogate = new Surrogate(domain, settings.gp(), settings.maxObservations(), seed);
        this.maximizer = new AcquisitionMaximizer(domain, surrogate, settings.acquisition(), settings.candidates());
        this.design = StartPoints.design(domain, Designs.latinHypercube(settings.initial(), domain.dimensions(), Seeds.stream(seed, -1)));
    }

    @Override
    public String name() {
        return "parego";
    }

    @Override
    public boolean multiObjective() {
        return true;
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
            SplittableRandom rnd = Seeds.stream(seed, id);
            if (id < design.length) {
                point = domain.canonical(design[(int) id]);
            } else {
                int m = objectives();
                if (m == 0) {
                    point = maximizer.unseenRandom(seen, rnd); // nothing completed yet: nothing to model
                } else {
                    double[] scalars = scalarise(outcomes, weights(m, rnd));
                    surrogate.revalue(scalars);
                    point = surrogate.ready() ? propose(scalars, rnd) : maximizer.unseenRandom(seen, rnd);
                }
            }
            pending.put(id, surrogate.inputOfCanonical(point));
            seen.add(AcquisitionMaximizer.key(point));
            out.add(new Proposal(id, point));
        }
        return out;
    }

    @Override
    public void tell(Proposal proposal, double value) {
        tell(proposal, Outcome.of(value, direction));
    }

    @Override
    public void tell(Proposal proposal, Outcome outcome) {
        if (pending.remove(proposal.sequence()) == null) {
            throw new IllegalArgumentException("parego: proposal " + proposal.sequence() + " is not awaiting a value");
        }
        int m = objectives();
        if (outcome.completed() && m > 0 && outcome.objectives() != m) {
            throw new IllegalArgumentException("parego: an outcome with " + outcome.objectives() + " objectives after ones with " + m);
        }
        // The value is a placeholder: every proposal revalues all observations with its own weights.
        surrogate.observe(proposal.point(), outcome.completed() ? 0 : Double.NaN);
        points.add(proposal.point());
        outcomes.add(outcome);
    }

    /** How many objectives the completed outcomes have; 0 before the first one. */
    private int objectives() {
        for (Outcome o : outcomes) if (o.completed()) return o.objectives();
        return 0;
    }

    /** Weights uniform on the simplex: normalised exponential draws (a flat Dirichlet). */
    static double[] weights(int m, SplittableRandom rnd) {
        double[] w = new double[m];
        double sum = 0;
        for (int j = 0; j < m; j++) {
            w[j] = -Math.log(1 - rnd.nextDouble()); // 1 - U is in (0, 1]: never log(0)
            sum += w[j];
        }
        for (int j = 0; j < m; j++) w[j] /= sum;
        return w;
    }

    /**
     * The scalar of each outcome under {@code lambda} (see the class comment), to minimise: the
     * augmented Chebyshev function of the normalised losses for a feasible one, {@code 1.1 + v / (1 + v)}
     * for an infeasible one, NaN for one that did not complete.
     */
    static double[] scalarise(List<Outcome> outcomes, double[] lambda) {
        int m = lambda.length;
        double[] min = new double[m];
        double[] max = new double[m];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (Outcome o : outcomes) {
            if (!o.feasible()) continue;
            for (int j = 0; j < m; j++) {
                min[j] = Math.min(min[j], o.loss(j));
                max[j] = Math.max(max[j], o.loss(j));
            }
        }
        double[] s = new double[outcomes.size()];
        for (int i = 0; i < s.length; i++) {
            Outcome o = outcomes.get(i);
            if (!o.completed()) {
                s[i] = Double.NaN;
            } else if (!o.feasible()) {
                double v = o.violation();
                s[i] = INFEASIBLE + v / (1 + v);
            } else {
                double worst = 0;
                double sum = 0;
                for (int j = 0; j < m; j++) {
                    double range = max[j] - min[j];
                    double f = range > 0 ? (o.loss(j) - min[j]) / range : 0;
                    worst = Math.max(worst, lambda[j] * f);
                    sum += lambda[j] * f;
                }
                s[i] = worst + RHO * sum;
            }
        }
        return s;
    }

    private double[] propose(double[] scalars, SplittableRandom rnd) {
        GaussianProcess gp = surrogate.model();
        GaussianProcess believer = null;
        try {
            if (!pending.isEmpty()) {
                double[][] out = pending.values().toArray(new double[0][]);
                believer = gp.withObservations(out, gp.predict(out).mean());
            }
            return maximizer.maximise(believer != null ? believer : gp, bestPoints(scalars), seen, rnd);
        } finally {
            if (believer != null) believer.close();
        }
    }

    /** The points of the lowest scalars under this proposal's weights: where the maximiser searches locally. */
    private List<double[]> bestPoints(double[] scalars) {
        Integer[] order = new Integer[scalars.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        // NaN (failed) compares above every number: failed trials come last.
        Arrays.sort(order, (a, b) -> Double.compare(scalars[a], scalars[b]));
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < order.length && out.size() < AcquisitionMaximizer.localStarts(); i++) {
            if (!Double.isNaN(scalars[order[i]])) out.add(points.get(order[i]));
        }
        return out;
    }
}
