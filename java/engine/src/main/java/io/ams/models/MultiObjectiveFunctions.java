package io.ams.models;

/**
 * The standard multi-objective benchmark problems, as pure functions from a point of the unit
 * cube to its objective vector (all objectives minimised), with known Pareto fronts: the
 * yardsticks for multi-objective strategies, in the way {@link TestFunctions} are for
 * single-objective ones. A genome names them as {@code objective: {function: zdt1}}: the value is
 * f1, and the objective records f2 (and f3) as measurements, which the genome's {@code metrics}
 * list makes goals.
 *
 * <p>ZDT1 and ZDT2 follow Zitzler, Deb and Thiele, "Comparison of Multiobjective Evolutionary
 * Algorithms: Empirical Results", Evolutionary Computation 8(2), 2000, with n = 30 variables in
 * [0, 1]. DTLZ2 follows Deb, Thiele, Laumanns and Zitzler, "Scalable Multi-Objective
 * Optimization Test Problems", CEC 2002, with M = 3 objectives and n = M + k - 1 = 12 variables
 * in [0, 1] (k = 10).
 */
public final class MultiObjectiveFunctions {
    private MultiObjectiveFunctions() {}

    /** The number of variables of ZDT1 and ZDT2 in the original paper. */
    public static final int ZDT_VARIABLES = 30;
    /** The number of objectives of the DTLZ2 used here. */
    public static final int DTLZ2_OBJECTIVES = 3;
    /** The number of variables of that DTLZ2: M + k - 1 with k = 10. */
    public static final int DTLZ2_VARIABLES = 12;

    /**
     * ZDT1 (convex front): f1 = x1, g = 1 + 9 (x2 + ... + xn) / (n - 1), f2 = g (1 - sqrt(f1 / g)),
     * x in [0, 1]^30. Pareto-optimal exactly when x2 = ... = xn = 0 (g = 1), where
     * f2 = 1 - sqrt(f1), f1 in [0, 1].
     */
    public static double[] zdt1(double[] x) {
        checkZdt(x);
        double f1 = x[0];
        double g = zdtG(x);
        return new double[] {f1, g * (1 - Math.sqrt(f1 / g))};
    }

    /**
     * ZDT2 (concave front): as ZDT1 with f2 = g (1 - (f1 / g)^2). Pareto-optimal exactly when
     * x2 = ... = xn = 0, where f2 = 1 - f1^2, f1 in [0, 1].
     */
    public static double[] zdt2(double[] x) {
        checkZdt(x);
        double f1 = x[0];
        double g = zdtG(x);
        double r = f1 / g;
        return new double[] {f1, g * (1 - r * r)};
    }

    /**
     * DTLZ2 with M = 3 objectives and n = 12 variables in [0, 1]:
     * g = sum over i = M..n of (x_i - 0.5)^2 (the last k = 10 variables),
     * f1 = (1 + g) cos(x1 pi/2) cos(x2 pi/2), f2 = (1 + g) cos(x1 pi/2) sin(x2 pi/2),
     * f3 = (1 + g) sin(x1 pi/2). Pareto-optimal exactly when x3 = ... = x12 = 0.5 (g = 0),
     * where f1^2 + f2^2 + f3^2 = 1: the positive octant of the unit sphere.
     */
    public static double[] dtlz2(double[] x) {
        if (x.length != DTLZ2_VARIABLES)
            throw new IllegalArgumentException("dtlz2 takes " + DTLZ2_VARIABLES + " variables, got " + x.length);
        checkUnitCube(x, "dtlz2");
        int m = DTLZ2_OBJECTIVES;
        double g = 0;
        for (int i = m - 1; i < x.length; i++) {
            double d = x[i] - 0.5;
            g += d * d;
        }
        // The general form: f_j = (1 + g) * prod_{i < M-j} cos(x_i pi/2) * (j > 0 ? sin(x_{M-j} pi/2) : 1), j = 0..M-1.
        double[] f = new double[m];
        for (int j = 0; j < m; j++) {
            double v = 1 + g;
            for (int i = 0; i < m - 1 - j; i++) v *= Math.cos(x[i] * Math.PI / 2);
            if (j > 0) v *= Math.sin(x[m - 1 - j] * Math.PI / 2);
            f[j] = v;
        }
        return f;
    }

    /** The functions by name, as genomes name them. */
    public static final java.util.List<String> NAMES = java.util.List.of("zdt1", "zdt2", "dtlz2");

    /** How many variables function {@code name} takes. */
    public static int variables(String name) {
        return name.equals("dtlz2") ? DTLZ2_VARIABLES : ZDT_VARIABLES;
    }

    /** The objective vector of function {@code name} at {@code x} (all minimised). */
    public static double[] evaluate(String name, double[] x) {
        return switch (name) {
            case "zdt1" -> zdt1(x);
            case "zdt2" -> zdt2(x);
            case "dtlz2" -> dtlz2(x);
            default -> throw new IllegalArgumentException("unknown multi-objective function '" + name + "'; expected one of "
                    + String.join(", ", NAMES));
        };
    }

    /**
     * The names of function {@code name}'s objectives: f1 (the value), f2, ... The measurements
     * it records are all but the first.
     */
    public static java.util.List<String> objectiveNames(String name) {
        int m = name.equals("dtlz2") ? DTLZ2_OBJECTIVES : 2;
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int i = 1; i <= m; i++) names.add("f" + i);
        return java.util.List.copyOf(names);
    }

    private static double zdtG(double[] x) {
        double s = 0;
        for (int i = 1; i < x.length; i++) s += x[i];
        return 1 + 9 * s / (x.length - 1);
    }

    private static void checkZdt(double[] x) {
        if (x.length != ZDT_VARIABLES)
            throw new IllegalArgumentException("zdt takes " + ZDT_VARIABLES + " variables, got " + x.length);
        checkUnitCube(x, "zdt");
    }

    private static void checkUnitCube(double[] x, String name) {
        for (double v : x)
            if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException(name + " variables lie in [0, 1], got " + v);
    }
}
