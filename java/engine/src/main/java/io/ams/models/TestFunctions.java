package io.ams.models;

import java.util.List;

/**
 * Classic benchmark functions with known minima, the yardsticks of search strategies
 * (all minimised). Arguments are in each function's usual domain, not the unit cube.
 */
public final class TestFunctions {
    private TestFunctions() {}

    /** Names accepted by {@link #evaluate}. */
    public static final List<String> NAMES = List.of("branin", "rosenbrock", "hartmann6");

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

    /** The named function at x. */
    public static double evaluate(String name, double[] x) {
        return switch (name) {
            case "branin" -> {
                if (x.length != 2) throw new IllegalArgumentException("branin takes 2 arguments, got " + x.length);
                yield branin(x[0], x[1]);
            }
            case "rosenbrock" -> rosenbrock(x);
            case "hartmann6" -> hartmann6(x);
            default -> throw new IllegalArgumentException("unknown test function '" + name + "'; expected one of " + NAMES);
        };
    }
}
