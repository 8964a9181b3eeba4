package io.ams.engine.strategies;

import io.ams.core.Direction;
import io.ams.core.SymmetricEigen;
import io.ams.engine.Proposal;
import io.ams.engine.SearchDomain;
import io.ams.engine.Strategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * CMA-ES (Hansen, "The CMA Evolution Strategy: A Tutorial", 2016): each generation samples
 * {@code lambda} points from N(m, sigma^2 C), and the best {@code mu} of them move the mean,
 * adapt the covariance (rank-one update through the evolution path p_c, rank-mu update from the
 * generation, with the tutorial's negative weights for the worst half: "active" CMA) and the step
 * size (cumulative step-size adaptation through p_sigma). Every constant is the tutorial's
 * default (its Table 1), with {@code cm = 1}.
 *
 * <p><b>The unit cube.</b> It searches the cube the study encodes its space in. A sample
 * outside [0, 1]^d is drawn again, up to {@value #RESAMPLES} times; after that it is clipped to
 * the cube, and the clipped point is both evaluated and learned from (its step
 * {@code (x - m) / sigma} recomputed), as the {@code cmaes} library Optuna uses does. Integers and
 * choices are decoded from the cube like every other strategy's points (each value a cell of
 * its coordinate); no margin correction keeps their cells from collapsing, and restarts undo a
 * collapse. The first mean is a uniform random point of the cube, not its centre; the initial
 * step size {@code sigma} (default 0.25) is in cube units.
 *
 * <p><b>Separable</b> ({@code separable: true}; Ros and Hansen 2008): a diagonal covariance, with
 * c1 and c_mu multiplied by (d + 2) / 3 and no negative weights; linear cost per sample instead of an eigendecomposition
 * (O(d^3)) per generation, for high dimensions.
 *
 * <p><b>Restarts</b> ({@code restarts}: {@code ipop} by default, {@code bipop}, {@code none}). A
 * run ends when sigma times the largest coordinate deviation falls below 1e-12 (TolX), when the
 * best values of the last 10 + ceil(30 d / lambda) generations and the values of this one lie
 * within 1e-12 of each other (TolFun), when the covariance's condition number exceeds 1e14, or
 * after 3 generations in which every trial failed. IPOP (Auger and Hansen 2005) starts the next
 * run from a new random mean with twice the population; BIPOP (Hansen 2009) alternates such
 * runs with runs of a small population {@code floor(lambda0 * (lambda_large / (2 lambda0))^(u^2))}
 * and step size {@code sigma0 * 10^(-2u)} (u uniform in [0, 1]), choosing the regime that has
 * spent fewer evaluations so far. With {@code none} the strategy keeps sampling its converged
 * distribution.
 *
 * <p>A warm start's points ({@link SearchDomain#startPoints()}) replace the first samples of the
 * first generation, and are learned from like them; the first run's mean is then their centroid,
 * its step size their root-mean-square spread per coordinate (between {@value #MIN_START_SIGMA}
 * and {@code sigma}; {@code sigma} itself for a single point) and its covariance their own, shrunk
 * towards isotropic, so that the search goes on around them, along the shape they outline,
 * instead of stepping to them from a random mean. Restarts start from random means again.
 *
 * <p><b>Determinism.</b> Generational: a generation's values are used only once all are told,
 * ranked by value with ties by position, so the order in which they arrive (and the number of
 * workers) changes nothing; every generation samples from its own stream (seed, generation).
 * Failed trials (NaN) rank last.
 */
public final class CmaEs implements Strategy {
    /** Draws of a sample before it is clipped to the cube. */
    static final int RESAMPLES = 100;
    private static final double TOL_X = 1e-12;
    private static final double TOL_FUN = 1e-12;
    private static final double MAX_CONDITION = 1e14;
    /** The least initial step size that start points' spread gives (identical points have none). */
    static final double MIN_START_SIGMA = 0.01;
    /** How far the start points' covariance is shrunk towards isotropic. */
    static final double START_SHRINKAGE = 0.25;

    /** The options: restarts is none, ipop or bipop; population 0 means the default 4 + floor(3 ln d). */
    public record Settings(int population, double sigma, boolean separable, String restarts) {
        public Settings {
            if (population < 0) throw new IllegalArgumentException("cmaes population must be >= 2, got " + population);
            if (!(sigma > 0 && sigma <= 1)) throw new IllegalArgumentException("cmaes sigma must be in (0, 1], got " + sigma);
            if (!List.of("none", "ipop", "bipop").contains(restarts)) {
                throw new IllegalArgumentException("cmaes restarts must be none, ipop or bipop, got " + restarts);
            }
        }

        public static Settings defaults() {
            return new Settings(0, 0.25, false, "ipop");
        }
    }

    private final SearchDomain domain;
    private final Direction direction;
    private final long seed;
    private final Settings settings;
    private final int n;
    private final int defaultLambda;

    // ---- the current run ----
    private int lambda;
    private int mu;
    private double[] weights;
    private double mueff;
    private double cc;
    private double cs;
    private double c1;
    private double cmu;
    private double damps;
    private double chiN;
    private double sigma;
    private double sigma0;
    private double[] mean;
    private double[] pc;
    private double[] ps;
    /** The covariance (full), or its diagonal in c[i][i] only when separable. */
    private double[][] c;
    /** C = B diag(d^2) B^T; B is the identity when separable. */
    private double[][] b;
    private double[] d;
    private long generationsInRun;
    private final List<Double> bestHistory = new ArrayList<>();
    private int failedGenerations;

    // ---- restarts (BIPOP's bookkeeping) ----
    private int runs;
    private int largeLambda;
    private long evaluationsLarge;
    private long evaluationsSmall;
    private boolean runIsSmall;

    // ---- the generation out ----
    private long generation;
    private long sequence;
    private double[][] xs;
    private double[][] ys;
    private double[] values;
    private boolean[] told;
    private int unasked;
    private final Map<Long, Integer> awaiting = new HashMap<>();

    public CmaEs(SearchDomain domain, Direction direction, long seed, Settings settings) {
        this.domain = domain;
        this.direction = direction;
        this.seed = seed;
        this.settings = settings;
        this.n = domain.dimensions();
        this.defaultLambda = settings.population() > 0 ? settings.population() : 4 + (int) Math.floor(3 * Math.log(n));
        this.largeLambda = defaultLambda;
        startRun(defaultLambda, settings.sigma());
    }

    @Override
    public String name() {
        return "cmaes";
    }

    /** Single-fidelity: no proposal ever continues another. */
    @Override
    public boolean stillContinuable(long sequence) {
        return false;
    }

    /** The population of the current run. */
    int lambda() {
        return lambda;
    }

    /** Runs started so far (1 before the first restart). */
    int runs() {
        return runs;
    }

    /** The current step size. */
    double sigma() {
        return sigma;
    }

    /** The current covariance C (a copy; only its diagonal is kept when separable). */
    double[][] covariance() {
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) out[i] = c[i].clone();
        return out;
    }

    /** The current mean (a copy). */
    double[] mean() {
        return mean.clone();
    }

    @Override
    public List<Proposal> ask(int max) {
        if (xs == null) sampleGeneration();
        List<Proposal> out = new ArrayList<>();
        while (out.size() < max && unasked < lambda) {
            int k = unasked++;
            long id = sequence++;
            awaiting.put(id, k);
            out.add(new Proposal(id, xs[k].clone()));
        }
        return out;
    }

    @Override
    public void tell(Proposal proposal, double value) {
        Integer k = awaiting.remove(proposal.sequence());
        if (k == null) throw new IllegalArgumentException("cmaes: proposal " + proposal.sequence() + " is not awaiting a value");
        // minimise internally; a failure ranks last
        values[k] = Double.isNaN(value) ? Double.NaN : direction == Direction.MAXIMIZE ? -value : value;
        told[k] = true;
        for (boolean t : told) if (!t) return;
        update();
        xs = null;
        generation++;
    }

    private void startRun(int populationSize, double initialSigma) {
        runs++;
        lambda = Math.max(2, populationSize);
        mu = lambda / 2;
        double[] raw = new double[mu];
        double sum = 0;
        for (int i = 0; i < mu; i++) {
            raw[i] = Math.log((lambda + 1) / 2.0) - Math.log(i + 1);
            sum += raw[i];
        }
        weights = new double[lambda];
        double sq = 0;
        for (int i = 0; i < mu; i++) {
            weights[i] = raw[i] / sum;
            sq += weights[i] * weights[i];
        }
        mueff = 1 / sq;
        cc = (4 + mueff / n) / (n + 4 + 2 * mueff / n);
        cs = (mueff + 2) / (n + mueff + 5);
        c1 = 2 / ((n + 1.3) * (n + 1.3) + mueff);
        cmu = Math.min(1 - c1, 2 * (mueff - 2 + 1 / mueff) / ((n + 2) * (n + 2) + mueff));
        if (settings.separable()) {
            double factor = (n + 2) / 3.0;
            c1 = Math.min(1, c1 * factor);
            cmu = Math.min(1 - c1, cmu * factor);
        }
        if (!settings.separable() && cmu > 0) activeWeights();
        damps = 1 + 2 * Math.max(0, Math.sqrt((mueff - 1) / (n + 1)) - 1) + cs;
        chiN = Math.sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (21.0 * n * n));
        sigma0 = initialSigma;
        sigma = initialSigma;
        // A new random mean per run, from a stream apart from the generations' ones.
        SplittableRandom r = Seeds.stream(~seed, runs);
        mean = new double[n];
        for (int i = 0; i < n; i++) mean[i] = r.nextDouble();
        List<double[]> starts = domain.startPoints();
        if (runs == 1 && !starts.isEmpty()) {
            // Centred on the start points, with their spread: a random mean would make their steps
            // (x - m) / sigma huge, and the first update would inflate sigma and pull C towards them.
            mean = centroid(starts);
            if (starts.size() > 1) sigma = Math.min(initialSigma, Math.max(MIN_START_SIGMA, spread(starts, mean)));
        }
        pc = new double[n];
        ps = new double[n];
        c = new double[n][n];
        b = new double[n][n];
        d = new double[n];
        for (int i = 0; i < n; i++) {
            c[i][i] = 1;
            b[i][i] = 1;
            d[i] = 1;
        }
        if (runs == 1 && starts.size() > 1) shapeFrom(starts);
        generationsInRun = 0;
        bestHistory.clear();
        failedGenerations = 0;
    }

    /**
     * The tutorial's negative weights for the worst lambda - mu samples (its eq. 53, "active"
     * CMA): the covariance also shrinks along the directions of bad steps, which speeds up learning
     * an ill-conditioned shape such as the ellipsoid's.
     */
    private void activeWeights() {
        double negSum = 0;
        double negSq = 0;
        for (int i = mu; i < lambda; i++) {
            double w = Math.log((lambda + 1) / 2.0) - Math.log(i + 1);
            weights[i] = w;
            negSum += w;
            negSq += w * w;
        }
        if (negSq == 0) return;
        double mueffMinus = negSum * negSum / negSq;
        double alphaMu = 1 + c1 / cmu;
        double alphaMueff = 1 + 2 * mueffMinus / (mueff + 2);
        double alphaPosdef = (1 - c1 - cmu) / (n * cmu);
        double scale = Math.min(alphaMu, Math.min(alphaMueff, alphaPosdef)) / Math.abs(negSum);
        for (int i = mu; i < lambda; i++) weights[i] *= scale;
    }

    /**
     * The first covariance from the start points' own (shrunk a quarter of the way to isotropic,
     * since fewer than d + 1 points leave it singular), scaled to trace d: good points lie along the
     * valleys of the landscape, so C starts partly adapted to them (as warm-starting CMA-ES,
     * Nomura et al. 2021, estimates its initial distribution from good earlier solutions).
     */
    private void shapeFrom(List<double[]> starts) {
        double[][] s = new double[n][n];
        for (double[] p : starts) {
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) s[i][j] += (p[i] - mean[i]) * (p[j] - mean[j]) / starts.size();
        }
        double trace = 0;
        for (int i = 0; i < n; i++) trace += s[i][i];
        if (!(trace > 0)) return;
        double iso = trace / n;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double shrunk = (1 - START_SHRINKAGE) * s[i][j] + (i == j ? START_SHRINKAGE * iso : 0);
                if (settings.separable() && i != j) shrunk = 0;
                c[i][j] = shrunk / iso;
            }
        }
        decompose();
    }

    private double[] centroid(List<double[]> points) {
        double[] m = new double[n];
        for (double[] p : points) for (int i = 0; i < n; i++) m[i] += p[i] / points.size();
        return m;
    }

    /** The points' root-mean-square distance from {@code m}, per coordinate. */
    private double spread(List<double[]> points, double[] m) {
        double s = 0;
        for (double[] p : points) for (int i = 0; i < n; i++) s += (p[i] - m[i]) * (p[i] - m[i]);
        return Math.sqrt(s / ((double) points.size() * n));
    }

    private void sampleGeneration() {
        SplittableRandom r = Seeds.stream(seed, generation);
        xs = new double[lambda][];
        ys = new double[lambda][];
        values = new double[lambda];
        told = new boolean[lambda];
        unasked = 0;
        for (int k = 0; k < lambda; k++) {
            double[] y = null;
            double[] x = null;
            for (int attempt = 0; attempt < RESAMPLES; attempt++) {
                y = sampleStep(r);
                x = new double[n];
                boolean inside = true;
                for (int i = 0; i < n; i++) {
                    x[i] = mean[i] + sigma * y[i];
                    if (!(x[i] >= 0 && x[i] < 1)) inside = false;
                }
                if (inside) break;
            }
            boolean clipped = false;
            for (int i = 0; i < n; i++) {
                double v = Math.min(Math.max(x[i], 0), Math.nextDown(1.0));
                if (v != x[i]) clipped = true;
                x[i] = v;
            }
            double[] start = generation == 0 ? StartPoints.at(domain, k) : null;
            if (start != null) x = start.clone();
            if (clipped || start != null) {
                for (int i = 0; i < n; i++) y[i] = (x[i] - mean[i]) / sigma;
            }
            xs[k] = x;
            ys[k] = y;
        }
    }

    /** A step y = B D z, z standard normal. */
    private double[] sampleStep(SplittableRandom r) {
        double[] z = new double[n];
        for (int i = 0; i < n; i++) z[i] = gaussian(r) * d[i];
        if (settings.separable()) return z;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) s += b[i][j] * z[j];
            y[i] = s;
        }
        return y;
    }

    private static double gaussian(SplittableRandom r) {
        double u1 = 1.0 - r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private void update() {
        Integer[] order = new Integer[lambda];
        Arrays.setAll(order, i -> i);
        // ascending, NaN (failed) last, ties by position
        Arrays.sort(order, (p, q) -> {
            double a = values[p];
            double bv = values[q];
            boolean na = Double.isNaN(a);
            boolean nb = Double.isNaN(bv);
            if (na != nb) return na ? 1 : -1;
            int byValue = na ? 0 : Double.compare(a, bv);
            return byValue != 0 ? byValue : Integer.compare(p, q);
        });
        if (settings.restarts().equals("bipop")) {
            if (runIsSmall) evaluationsSmall += lambda;
            else evaluationsLarge += lambda;
        }
        boolean allFailed = Double.isNaN(values[order[0]]);
        if (allFailed) {
            if (++failedGenerations >= 3) restart();
            return;
        }
        failedGenerations = 0;
        double[] ymean = new double[n];
        for (int i = 0; i < mu; i++) {
            double[] y = ys[order[i]];
            for (int j = 0; j < n; j++) ymean[j] += weights[i] * y[j];
        }
        for (int j = 0; j < n; j++) mean[j] += sigma * ymean[j];
        // p_sigma with C^(-1/2) ymean = B D^-1 B^T ymean
        double[] inv = invSqrtTimes(ymean);
        double csFactor = Math.sqrt(cs * (2 - cs) * mueff);
        double psNorm = 0;
        for (int j = 0; j < n; j++) {
            ps[j] = (1 - cs) * ps[j] + csFactor * inv[j];
            psNorm += ps[j] * ps[j];
        }
        psNorm = Math.sqrt(psNorm);
        generationsInRun++;
        double hsigDenominator = Math.sqrt(1 - Math.pow(1 - cs, 2.0 * generationsInRun));
        boolean hsig = psNorm / hsigDenominator / chiN < 1.4 + 2.0 / (n + 1);
        double ccFactor = Math.sqrt(cc * (2 - cc) * mueff);
        for (int j = 0; j < n; j++) pc[j] = (1 - cc) * pc[j] + (hsig ? ccFactor * ymean[j] : 0);
        // Rank-mu weights: the positive ones as they are; a negative one (active CMA) scaled by
        // n / |C^(-1/2) y|^2 so that a long bad step cannot make C indefinite (tutorial, eq. 46);
        // a failed trial's step says nothing about the landscape and gets none.
        double[] rankWeights = new double[lambda];
        double weightSum = 0;
        for (int k = 0; k < lambda; k++) {
            double w = weights[k];
            if (w < 0) {
                if (Double.isNaN(values[order[k]])) continue;
                double[] v = invSqrtTimes(ys[order[k]]);
                double norm2 = 0;
                for (double x : v) norm2 += x * x;
                weightSum += w;
                w *= norm2 > 0 ? n / norm2 : 0;
            } else {
                weightSum += w;
            }
            rankWeights[k] = w;
        }
        double keep = 1 - c1 - cmu * weightSum + (hsig ? 0 : c1 * cc * (2 - cc));
        for (int i = 0; i < n; i++) {
            for (int j = settings.separable() ? i : 0; j < (settings.separable() ? i + 1 : n); j++) {
                double rankMu = 0;
                for (int k = 0; k < lambda; k++) {
                    if (rankWeights[k] == 0) continue;
                    double[] y = ys[order[k]];
                    rankMu += rankWeights[k] * y[i] * y[j];
                }
                c[i][j] = keep * c[i][j] + c1 * pc[i] * pc[j] + cmu * rankMu;
            }
        }
        sigma *= Math.exp((cs / damps) * (psNorm / chiN - 1));
        decompose();
        bestHistory.add(values[order[0]]);
        if (!settings.restarts().equals("none") && shouldStop(order)) restart();
    }

    /** C^(-1/2) v = B D^-1 B^T v. */
    private double[] invSqrtTimes(double[] v) {
        if (settings.separable()) {
            double[] out = new double[n];
            for (int i = 0; i < n; i++) out[i] = v[i] / d[i];
            return out;
        }
        double[] t = new double[n];
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) s += b[i][j] * v[i];
            t[j] = s / d[j];
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) s += b[i][j] * t[j];
            out[i] = s;
        }
        return out;
    }

    private void decompose() {
        if (settings.separable()) {
            for (int i = 0; i < n; i++) d[i] = Math.sqrt(Math.max(c[i][i], 1e-300));
            return;
        }
        // Symmetric by construction up to rounding: mirror the upper triangle so that it is exactly.
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) c[j][i] = c[i][j];
        SymmetricEigen e = SymmetricEigen.of(c);
        for (int j = 0; j < n; j++) {
            d[j] = Math.sqrt(Math.max(e.values()[j], 1e-300));
            for (int i = 0; i < n; i++) b[i][j] = e.vectors()[i][j];
        }
    }

    private boolean shouldStop(Integer[] order) {
        double maxDeviation = 0;
        for (int i = 0; i < n; i++) maxDeviation = Math.max(maxDeviation, Math.sqrt(c[i][i]));
        if (sigma * maxDeviation < TOL_X) return true;
        double dMax = Arrays.stream(d).max().orElse(1);
        double dMin = Arrays.stream(d).min().orElse(1);
        if (dMax * dMax / (dMin * dMin) > MAX_CONDITION) return true;
        int window = 10 + (int) Math.ceil(30.0 * n / lambda);
        if (bestHistory.size() >= window) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double v : bestHistory.subList(bestHistory.size() - window, bestHistory.size())) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            for (Integer k : order) {
                double v = values[k];
                if (Double.isNaN(v)) continue;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            if (hi - lo < TOL_FUN) return true;
        }
        return false;
    }

    private void restart() {
        if (settings.restarts().equals("none")) {
            failedGenerations = 0;
            return;
        }
        if (settings.restarts().equals("ipop")) {
            largeLambda *= 2;
            startRun(largeLambda, settings.sigma());
            return;
        }
        // BIPOP: the first restart is a large one; then the regime that has spent less goes next.
        if (runs == 1 || evaluationsLarge <= evaluationsSmall) {
            largeLambda *= 2;
            runIsSmall = false;
            startRun(largeLambda, settings.sigma());
        } else {
            double u = Seeds.stream(~seed ^ 0x5bd1e995L, runs).nextDouble();
            int small = (int) Math.floor(defaultLambda * Math.pow(largeLambda / (2.0 * defaultLambda), u * u));
            runIsSmall = true;
            startRun(Math.max(2, small), settings.sigma() * Math.pow(10, -2 * u));
        }
    }
}
