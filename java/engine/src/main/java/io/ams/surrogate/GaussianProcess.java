package io.ams.surrogate;

import io.ams.natives.GpNative;
import io.ams.natives.GpNative.GpHandle;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Gaussian-process regression surrogate: a zero-mean GP on standardised targets with an ARD
 * {@link Kernel} and Gaussian noise, conditioned on n observations in d dimensions. The
 * float64 algebra (kernel matrix, Cholesky, likelihood gradient, prediction) is native; this
 * class checks arguments, standardises targets, fits hyperparameters and owns the native
 * model.
 *
 * <p>Inputs: unit-cube coordinates on ordinary dimensions, category indices on categorical
 * ones (compared for equality only). Targets: raw values, standardised internally to mean 0
 * and (sample) standard deviation 1; a constant target (or a single observation) uses
 * standard deviation 1. {@link Hyperparameters} are in standardised units; predictions are
 * in raw units.
 *
 * <p>Jitter: {@code 1e-8 * signalVariance} is added to the diagonal on top of the noise;
 * when the Cholesky factorisation still fails, the native side retries with the jitter
 * multiplied by 10, up to 6 times.
 *
 * <p>Thread safety: {@link #predict} and {@link #close} are synchronised on the instance; the
 * object is otherwise immutable. Close it to free native memory (a {@link Cleaner} frees it
 * too once the object is unreachable, as a safety net).
 */
public final class GaussianProcess implements AutoCloseable {

    private static final Cleaner CLEANER = Cleaner.create();
    /** Stop an L-BFGS run when the largest projected-gradient component is below this. */
    private static final double GRADIENT_TOLERANCE = 1e-5;

    private final double[][] x;
    private final double[] y;           // raw
    private final boolean[] categorical;
    private final Kernel kernel;
    private final Hyperparameters hyperparameters;
    private final double yMean;
    private final double yStd;
    private final int threads;
    private final int n;
    private final int d;
    private final double logMarginalLikelihood;
    private final double jitter;
    private final NativeModel model;
    private final Cleaner.Cleanable cleanable;

    /** The native model, freed exactly once (by close() or by the Cleaner). */
    private static final class NativeModel implements Runnable {
        private GpHandle handle;

        NativeModel(GpHandle handle) {
            this.handle = handle;
        }

        @Override
        public synchronized void run() {
            if (handle != null) {
                GpNative.ams_gp_free(handle);
                handle = null;
            }
        }
    }

    private GaussianProcess(double[][] x, double[] y, boolean[] categorical, Kernel kernel, Hyperparameters h,
            double yMean, double yStd, int threads) {
        this.x = x;
        this.y = y;
        this.categorical = categorical;
        this.kernel = kernel;
        this.hyperparameters = h;
        this.yMean = yMean;
        this.yStd = yStd;
        this.threads = threads;
        this.n = x.length;
        this.d = categorical.length;
        GpNative.load();
        GpHandle handle = GpNative.ams_gp_create(kernel.code, n, d, flatten(x, d), standardise(y, yMean, yStd),
                catMask(categorical), h.toTheta(), GpObjective.RELATIVE_JITTER * h.signalVariance(), threads);
        if (handle == null || handle.isNull()) {
            throw new IllegalStateException("cannot condition the GP on " + n + " points: " + GpNative.lastError());
        }
        this.model = new NativeModel(handle);
        this.cleanable = CLEANER.register(this, model);
        this.logMarginalLikelihood = GpNative.ams_gp_log_likelihood(handle);
        this.jitter = GpNative.ams_gp_jitter(handle);
    }

    /**
     * Fits hyperparameters by maximising log marginal likelihood + log priors (see
     * {@link GpObjective} for the bounds and priors) with a bounded L-BFGS, from {@code start}
     * (null: the default start) and {@code settings.restarts()} random starts drawn from
     * {@code random} before any optimisation; keeps the best. Starts whose kernel matrix is
     * not positive definite are skipped.
     *
     * <p>Default start: every lengthscale {@code max(0.5, 0.25 sqrt(d))} (keeps the scaled
     * distance between two random unit-cube points near 1.6 whatever d is), signal variance 1,
     * noise variance 1e-3. Random starts: lengthscales default * exp(U(-1.5, 1.5)), signal
     * variance log-uniform in [0.25, 4], noise variance log-uniform in [1e-5, 0.1]; all
     * starts are clipped into the bounds.
     *
     * <p>Deterministic for equal inputs and equal random state (with {@code threads == 1}
     * bit-identical).
     *
     * @throws IllegalArgumentException for bad shapes, n == 0, non-finite values (naming the
     *     row and column), or a start of the wrong dimension
     * @throws IllegalStateException when every start fails
     */
    public static GaussianProcess fit(double[][] x, double[] y, boolean[] categorical, GpSettings settings,
            Hyperparameters start, RandomGenerator random) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(random, "random");
        int d = checkData(x, y, categorical);
        if (start != null && start.dimensions() != d) {
            throw new IllegalArgumentException("start has " + start.dimensions() + " lengthscales for " + d + " dimensions");
        }
        boolean[] cat = categorical == null ? new boolean[d] : categorical.clone();
        double[][] xc = deepCopy(x);
        double[] yc = y.clone();
        double mean = mean(yc);
        double std = std(yc, mean);

        double[] lower = GpObjective.lowerBounds(d);
        double[] upper = GpObjective.upperBounds(d);
        List<double[]> starts = new ArrayList<>();
        starts.add(start != null ? start.toTheta() : defaultStart(d).toTheta());
        double l0 = defaultLengthscale(d);
        for (int r = 0; r < settings.restarts(); r++) {
            double[] t = new double[d + 2];
            for (int k = 0; k < d; k++) t[k] = Math.log(l0) + random.nextDouble(-1.5, 1.5);
            t[d] = random.nextDouble(Math.log(0.25), Math.log(4.0));
            t[d + 1] = random.nextDouble(Math.log(1e-5), Math.log(0.1));
            starts.add(t);
        }

        GpNative.load();
        GpObjective objective = new GpObjective(settings.kernel(), flatten(xc, d), xc.length, d,
                standardise(yc, mean, std), catMask(cat), settings.threads());
        BoundedLbfgs.Result best = null;
        for (double[] t : starts) {
            BoundedLbfgs.Result r = BoundedLbfgs.minimize(objective, t, lower, upper, settings.maxIterations(),
                    GRADIENT_TOLERANCE);
            if (r != null && (best == null || r.value() < best.value())) best = r;
        }
        if (best == null) {
            throw new IllegalStateException("GP fit failed: the kernel matrix of " + xc.length
                    + " points was not positive definite at any of the " + starts.size() + " starts ("
                    + objective.lastFailure() + ")");
        }
        return new GaussianProcess(xc, yc, cat, settings.kernel(), Hyperparameters.fromTheta(best.x()), mean, std,
                settings.threads());
    }

    /** Conditions on the data with fixed hyperparameters (no fitting); targets are standardised as in fit. */
    public static GaussianProcess condition(double[][] x, double[] y, boolean[] categorical, Kernel kernel,
            Hyperparameters h, int threads) {
        checkData(x, y, categorical);
        double mean = mean(y);
        return condition(x, y, categorical, kernel, h, threads, mean, std(y, mean));
    }

    /** Conditions with a given target standardisation (y - mean) / std. */
    static GaussianProcess condition(double[][] x, double[] y, boolean[] categorical, Kernel kernel,
            Hyperparameters h, int threads, double mean, double std) {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(h, "hyperparameters");
        int d = checkData(x, y, categorical);
        if (h.dimensions() != d) {
            throw new IllegalArgumentException("hyperparameters have " + h.dimensions() + " lengthscales for " + d + " dimensions");
        }
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        if (!Double.isFinite(mean) || !(std > 0) || !Double.isFinite(std)) {
            throw new IllegalArgumentException("bad standardisation: mean " + mean + ", std " + std);
        }
        boolean[] cat = categorical == null ? new boolean[d] : categorical.clone();
        return new GaussianProcess(deepCopy(x), y.clone(), cat, kernel, h, mean, std, threads);
    }

    /**
     * The same kernel, hyperparameters and target standardisation, conditioned on the current
     * data plus these observations (kriging believer / constant liar fantasies). The result is
     * a new model to close separately; this one is unchanged.
     */
    public GaussianProcess withObservations(double[][] extraX, double[] extraY) {
        if (extraX == null) throw new IllegalArgumentException("extraX is null");
        if (extraY == null) throw new IllegalArgumentException("extraY is null");
        if (extraX.length != extraY.length) {
            throw new IllegalArgumentException("extraY has " + extraY.length + " values for " + extraX.length + " rows");
        }
        checkRows(extraX, d, "extraX");
        checkTargets(extraY, "extraY");
        double[][] ax = new double[n + extraX.length][];
        double[] ay = new double[n + extraY.length];
        System.arraycopy(x, 0, ax, 0, n);
        for (int i = 0; i < extraX.length; i++) ax[n + i] = extraX[i].clone();
        System.arraycopy(y, 0, ay, 0, n);
        System.arraycopy(extraY, 0, ay, n, extraY.length);
        return new GaussianProcess(ax, ay, categorical.clone(), kernel, hyperparameters, yMean, yStd, threads);
    }

    public Hyperparameters hyperparameters() {
        return hyperparameters;
    }

    public Kernel kernel() {
        return kernel;
    }

    /** Log marginal likelihood of the standardised targets at these hyperparameters (no priors). */
    public double logMarginalLikelihood() {
        return logMarginalLikelihood;
    }

    public int size() {
        return n;
    }

    public int dimensions() {
        return d;
    }

    /** Diagonal jitter the factorisation used (standardised units). */
    double jitter() {
        return jitter;
    }

    double targetMean() {
        return yMean;
    }

    double targetStd() {
        return yStd;
    }

    /** Posterior mean and latent variance (raw target units) at each point (rows of d columns). */
    public synchronized Prediction predict(double[][] points) {
        if (points == null) throw new IllegalArgumentException("points is null");
        checkRows(points, d, "points");
        int m = points.length;
        double[] mean = new double[m];
        double[] var = new double[m];
        if (m == 0) return new Prediction(mean, var);
        GpHandle h = model.handle;
        if (h == null) throw new IllegalStateException("GaussianProcess is closed");
        int rc = GpNative.ams_gp_predict(h, m, flatten(points, d), threads, mean, var);
        if (rc != 0) throw new IllegalStateException("GP prediction failed: " + GpNative.lastError());
        double v2 = yStd * yStd;
        for (int i = 0; i < m; i++) {
            mean[i] = yMean + yStd * mean[i];
            var[i] *= v2;
        }
        return new Prediction(mean, var);
    }

    /** Frees the native model; idempotent. */
    @Override
    public synchronized void close() {
        cleanable.clean();
    }

    /** True once the native model is freed (by {@link #close()}); the object then only refuses work. */
    public boolean isClosed() {
        synchronized (model) {
            return model.handle == null;
        }
    }

    // ------------------------------------------------------------------ helpers

    static double defaultLengthscale(int d) {
        return Math.max(0.5, 0.25 * Math.sqrt(d));
    }

    static Hyperparameters defaultStart(int d) {
        double[] l = new double[d];
        java.util.Arrays.fill(l, defaultLengthscale(d));
        return new Hyperparameters(l, 1.0, 1e-3);
    }

    /** Validates x (n >= 1 rows of equal width d >= 1, finite), y and the mask; returns d. */
    private static int checkData(double[][] x, double[] y, boolean[] categorical) {
        if (x == null) throw new IllegalArgumentException("x is null");
        if (y == null) throw new IllegalArgumentException("y is null");
        if (x.length == 0) throw new IllegalArgumentException("no observations (n == 0)");
        if (x[0] == null) throw new IllegalArgumentException("x row 0 is null");
        int d = x[0].length;
        if (d == 0) throw new IllegalArgumentException("x rows have no columns (d == 0)");
        checkRows(x, d, "x");
        if (y.length != x.length) {
            throw new IllegalArgumentException("y has " + y.length + " values for " + x.length + " rows of x");
        }
        checkTargets(y, "y");
        if (categorical != null && categorical.length != d) {
            throw new IllegalArgumentException("categorical has " + categorical.length + " entries for " + d + " columns");
        }
        return d;
    }

    private static void checkRows(double[][] rows, int d, String name) {
        for (int i = 0; i < rows.length; i++) {
            double[] r = rows[i];
            if (r == null) throw new IllegalArgumentException(name + " row " + i + " is null");
            if (r.length != d) {
                throw new IllegalArgumentException(name + " row " + i + " has " + r.length + " columns, expected " + d);
            }
            for (int k = 0; k < d; k++) {
                if (!Double.isFinite(r[k])) {
                    throw new IllegalArgumentException(name + " at row " + i + ", column " + k + " is not finite (" + r[k] + ")");
                }
            }
        }
    }

    private static void checkTargets(double[] y, String name) {
        for (int i = 0; i < y.length; i++) {
            if (!Double.isFinite(y[i])) {
                throw new IllegalArgumentException(name + " at row " + i + " is not finite (" + y[i] + ")");
            }
        }
    }

    private static double mean(double[] y) {
        double s = 0;
        for (double v : y) s += v;
        return s / y.length;
    }

    /** Sample standard deviation; 1 for a single value or a constant target. */
    private static double std(double[] y, double mean) {
        if (y.length < 2) return 1.0;
        double s = 0;
        for (double v : y) s += (v - mean) * (v - mean);
        double sd = Math.sqrt(s / (y.length - 1));
        return sd > 0 && Double.isFinite(sd) ? sd : 1.0;
    }

    private static double[] standardise(double[] y, double mean, double std) {
        double[] s = new double[y.length];
        for (int i = 0; i < y.length; i++) s[i] = (y[i] - mean) / std;
        return s;
    }

    private static double[] flatten(double[][] rows, int d) {
        double[] f = new double[rows.length * d];
        for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, f, i * d, d);
        return f;
    }

    private static double[][] deepCopy(double[][] x) {
        double[][] c = new double[x.length][];
        for (int i = 0; i < x.length; i++) c[i] = x[i].clone();
        return c;
    }

    private static int[] catMask(boolean[] categorical) {
        int[] m = new int[categorical.length];
        for (int k = 0; k < m.length; k++) m[k] = categorical[k] ? 1 : 0;
        return m;
    }
}
