package io.ams.models;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Classic benchmark functions with known minima, the yardsticks of search strategies
 * (all minimised). Arguments are in each function's usual domain, not the unit cube.
 */
public final class TestFunctions {
    private TestFunctions() {}

    /** Names accepted by {@link #evaluate}. */
    public static final List<String> NAMES = List.of("branin", "rosenbrock", "hartmann6",
            "ellipsoid_rotated", "rastrigin_rotated", "styblinski_tang", "griewank");

    /** The functions that have instances (a shift and a rotation drawn from the instance number). */
    public static final List<String> INSTANCED = List.of("ellipsoid_rotated", "rastrigin_rotated");

    /** Branin-Hoo on x1 in [-5, 10], x2 in [0, 15]; global minimum 0.397887 (three minimisers). */
    public static double branin(double x1, double x2) {
        double b = 5.1 / (4 * Math.PI * Math.PI);
        double c = 5 / Math.PI;
        double t = x2 - b * x1 * x1 + c * x1 - 6;
        return t * t + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10;
    }

    public static final double BRANIN_MIN = 0.39788735772973816;

    /** Rosenbrock in n dimensions; global minimum 0 at (1, ..., 1). */
    public static double rosenbrock(double[] x) {
        double s = 0;
        for (int i = 0; i + 1 < x.length; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            s += 100 * a * a + b * b;
        }
        return s;
    }

    private static final double[] H6_ALPHA = {1.0, 1.2, 3.0, 3.2};
    private static final double[][] H6_A = {
            {10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14}, {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}};
    private static final double[][] H6_P = {
            {0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886}, {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
            {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650}, {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}};

    /** Hartmann-6 on [0, 1]^6; global minimum -3.32237 at (0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573). */
    public static double hartmann6(double[] x) {
        if (x.length != 6) throw new IllegalArgumentException("hartmann6 takes 6 arguments, got " + x.length);
        double s = 0;
        for (int i = 0; i < 4; i++) {
            double inner = 0;
            for (int j = 0; j < 6; j++) {
                double d = x[j] - H6_P[i][j];
                inner += H6_A[i][j] * d * d;
            }
            s += H6_ALPHA[i] * Math.exp(-inner);
        }
        return -s;
    }

    public static final double HARTMANN6_MIN = -3.322368011391339;

    // ---- rotated and shifted functions, Styblinski-Tang, Griewank (bench/results/strategies-v2.md) ----

    /** Lower bound of each variable of ellipsoid_rotated and rastrigin_rotated ([-5, 5]^d). */
    public static final double ROTATED_LOW = -5;
    /** Upper bound of each variable of ellipsoid_rotated and rastrigin_rotated. */
    public static final double ROTATED_HIGH = 5;

    /**
     * SplitMix64 (Steele, Lea and Flood 2014; the generator of {@link java.util.SplittableRandom}),
     * written out so that another language reproduces an instance bit for bit: the state starts
     * at the seed; each draw adds 0x9E3779B97F4A7C15 to it and returns mix(state), with
     * mix(z) = (z ^ z>>>30) * 0xBF58476D1CE4E5B9, then (z ^ z>>>27) * 0x94D049BB133111EB, then
     * z ^ z>>>31 (64-bit wrapping arithmetic); a uniform double is (draw >>> 11) * 2^-53.
     */
    static final class SplitMix64 {
        private long state;

        SplitMix64(long seed) { state = seed; }

        long nextLong() {
            long z = (state += 0x9E3779B97F4A7C15L);
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        double nextDouble() { return (nextLong() >>> 11) * 0x1.0p-53; }
    }

    /** The seed of instance K in dimension d: 1,000,003 K + d (so each dimension has its own draws). */
    static long instanceSeed(int dimension, int instance) {
        return 1_000_003L * instance + dimension;
    }

    /**
     * The optimum o of instance {@code instance} in {@code dimension} dimensions: with u the
     * first 2d uniform draws of {@link SplitMix64} seeded with 1,000,003 K + d, in pairs per
     * coordinate (u_2i for the sign, u_2i+1 for the size), o_i = -(1 + 3 u_2i+1) if u_2i &lt; 0.5
     * else +(1 + 3 u_2i+1): every coordinate between 1 and 4 away from the centre of [-5, 5].
     */
    public static double[] shift(int dimension, int instance) {
        return instanceOf(dimension, instance).shift.clone();
    }

    /**
     * The rotation R of instance {@code instance} (rows orthonormal): after the 2d draws of
     * {@link #shift}, the same generator fills a d x d matrix G row by row with standard normals
     * by Box-Muller, g = sqrt(-2 ln(1 - u1)) cos(2 pi u2), one pair of uniform draws per entry;
     * R is G's rows made orthonormal by modified Gram-Schmidt in row order (row i minus its
     * projections on rows 0..i-1, one after the other, then divided by its norm).
     */
    public static double[][] rotation(int dimension, int instance) {
        double[][] r = instanceOf(dimension, instance).rotation;
        double[][] copy = new double[r.length][];
        for (int i = 0; i < r.length; i++) copy[i] = r[i].clone();
        return copy;
    }

    private record Instance(double[] shift, double[][] rotation) {
        /** z = R (x - o). */
        double[] z(double[] x) {
            int d = shift.length;
            if (x.length != d) throw new IllegalArgumentException("this instance has dimension " + d + ", got " + x.length);
            double[] y = new double[d];
            for (int j = 0; j < d; j++) y[j] = x[j] - shift[j];
            double[] z = new double[d];
            for (int i = 0; i < d; i++) {
                double s = 0;
                double[] row = rotation[i];
                for (int j = 0; j < d; j++) s += row[j] * y[j];
                z[i] = s;
            }
            return z;
        }
    }

    private static final Map<Long, Instance> INSTANCES = new ConcurrentHashMap<>();

    private static Instance instanceOf(int d, int instance) {
        if (d < 2) throw new IllegalArgumentException("a rotated function needs dimension >= 2, got " + d);
        if (instance < 0) throw new IllegalArgumentException("instance must be >= 0, got " + instance);
        return INSTANCES.computeIfAbsent(((long) instance << 20) | d, key -> {
            SplitMix64 g = new SplitMix64(instanceSeed(d, instance));
            double[] o = new double[d];
            for (int i = 0; i < d; i++) {
                double sign = g.nextDouble() < 0.5 ? -1 : 1;
                o[i] = sign * (1 + 3 * g.nextDouble());
            }
            double[][] r = new double[d][d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double u1 = g.nextDouble();
                    double u2 = g.nextDouble();
                    r[i][j] = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
                }
            }
            for (int i = 0; i < d; i++) {
                for (int k = 0; k < i; k++) {
                    double dot = 0;
                    for (int j = 0; j < d; j++) dot += r[i][j] * r[k][j];
                    for (int j = 0; j < d; j++) r[i][j] -= dot * r[k][j];
                }
                double norm = 0;
                for (int j = 0; j < d; j++) norm += r[i][j] * r[i][j];
                norm = Math.sqrt(norm);
                for (int j = 0; j < d; j++) r[i][j] /= norm;
            }
            return new Instance(o, r);
        });
    }

    /**
     * Rotated, shifted ellipsoid on [-5, 5]^d (d >= 2): f(x) = sum_i 10^(6 (i-1)/(d-1)) z_i^2
     * with z = R (x - o), o = {@link #shift}, R = {@link #rotation} of the instance; condition
     * number 10^6; minimum 0 at x = o.
     */
    public static double ellipsoidRotated(double[] x, int instance) {
        double[] z = instanceOf(x.length, instance).z(x);
        int d = z.length;
        double s = 0;
        for (int i = 0; i < d; i++) s += Math.pow(10, 6.0 * i / (d - 1)) * z[i] * z[i];
        return s;
    }

    /**
     * Rotated, shifted Rastrigin on [-5, 5]^d (d >= 2): f(x) = 10 d + sum_i (z_i^2 - 10 cos(2 pi z_i))
     * with z = R (x - o) as in {@link #ellipsoidRotated}; minimum 0 at x = o, about 10^d local minima.
     */
    public static double rastriginRotated(double[] x, int instance) {
        double[] z = instanceOf(x.length, instance).z(x);
        double s = 10.0 * z.length;
        for (double v : z) s += v * v - 10 * Math.cos(2 * Math.PI * v);
        return s;
    }

    /** Styblinski-Tang's minimum per dimension, at x_i = -2.903534027771178 (the root of 4x^3 - 32x + 5 = 0 below -2). */
    public static final double STYBLINSKI_TANG_MIN_PER_DIMENSION = -39.16616570377142;

    /**
     * Styblinski-Tang on [-5, 5]^d: f(x) = 1/2 sum_i (x_i^4 - 16 x_i^2 + 5 x_i); minimum
     * -39.16616570377142 d at x_i = -2.903534027771178 (not shifted, not rotated: separable).
     */
    public static double styblinskiTang(double[] x) {
        double s = 0;
        for (double v : x) s += v * v * v * v - 16 * v * v + 5 * v;
        return s / 2;
    }

    /**
     * Griewank on [-600, 600]^d: f(x) = 1 + sum_i x_i^2 / 4000 - prod_i cos(x_i / sqrt(i)), i from 1;
     * minimum 0 at x = 0, the centre of the domain (not shifted).
     */
    public static double griewank(double[] x) {
        double s = 0;
        double p = 1;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * x[i];
            p *= Math.cos(x[i] / Math.sqrt(i + 1));
        }
        return 1 + s / 4000 - p;
    }

    /** The named function's minimum in {@code dimension} dimensions. */
    public static double minimum(String name, int dimension) {
        return switch (name) {
            case "branin" -> BRANIN_MIN;
            case "hartmann6" -> HARTMANN6_MIN;
            case "styblinski_tang" -> STYBLINSKI_TANG_MIN_PER_DIMENSION * dimension;
            case "rosenbrock", "ellipsoid_rotated", "rastrigin_rotated", "griewank" -> 0.0;
            default -> throw new IllegalArgumentException("unknown test function '" + name + "'; expected one of " + NAMES);
        };
    }

    /**
     * The named function of {@code dimension} variables, instance {@code instance} (only
     * ellipsoid_rotated and rastrigin_rotated have instances; the others take instance 0), with
     * its instance drawn once.
     */
    public static ToDoubleFunction<double[]> of(String name, int dimension, int instance) {
        if (instance != 0 && !INSTANCED.contains(name)) {
            throw new IllegalArgumentException(name + " has no instances (only " + INSTANCED + " do), got instance " + instance);
        }
        return switch (name) {
            case "ellipsoid_rotated" -> {
                instanceOf(dimension, instance);
                yield x -> ellipsoidRotated(x, instance);
            }
            case "rastrigin_rotated" -> {
                instanceOf(dimension, instance);
                yield x -> rastriginRotated(x, instance);
            }
            default -> x -> evaluate(name, x);
        };
    }

    /** The named function at x, instance {@code instance} (see {@link #of}). */
    public static double evaluate(String name, double[] x, int instance) {
        return of(name, x.length, instance).applyAsDouble(x);
    }

    /** The named function at x (instance 0 of the rotated ones). */
    public static double evaluate(String name, double[] x) {
        return switch (name) {
            case "branin" -> {
                if (x.length != 2) throw new IllegalArgumentException("branin takes 2 arguments, got " + x.length);
                yield branin(x[0], x[1]);
            }
            case "rosenbrock" -> rosenbrock(x);
            case "hartmann6" -> hartmann6(x);
            case "ellipsoid_rotated" -> ellipsoidRotated(x, 0);
            case "rastrigin_rotated" -> rastriginRotated(x, 0);
            case "styblinski_tang" -> styblinskiTang(x);
            case "griewank" -> griewank(x);
            default -> throw new IllegalArgumentException("unknown test function '" + name + "'; expected one of " + NAMES);
        };
    }
}
