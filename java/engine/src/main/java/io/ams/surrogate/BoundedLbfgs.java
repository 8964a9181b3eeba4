package io.ams.surrogate;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * A small limited-memory BFGS minimiser for box-constrained smooth problems of a few dozen
 * variables (GP hyperparameters), keeping iterates feasible by projection:
 * <ul>
 *   <li>variables at a bound whose gradient pushes outward are held fixed for the step;</li>
 *   <li>the two-loop recursion gives the direction on the free variables, falling back to
 *       steepest descent (and clearing the memory) when it is not a descent direction;</li>
 *   <li>a backtracking Armijo search along the projected path {@code P(x + t d)}; an
 *       objective that cannot be evaluated there (non-finite value) counts as a failed trial.</li>
 * </ul>
 * Stops when the projected gradient's largest component is below {@code pgTol}, when a step
 * improves the value by less than a relative 2.2e-9 (scipy's L-BFGS-B default), when the line
 * search fails (usual at the noise floor of an ill-conditioned likelihood), or after
 * {@code maxIterations}. Deterministic: no randomness, sequential arithmetic.
 */
final class BoundedLbfgs {

    /** Value and gradient at x; a non-finite value means "not defined here". */
    interface Objective {
        double evaluate(double[] x, double[] gradient);
    }

    record Result(double[] x, double value, int iterations, int evaluations, boolean converged) {}

    private static final int MEMORY = 10;
    private static final double ARMIJO = 1e-4;
    /** Halvings before giving up on a direction (a step of 1e-6 of the first trial). */
    private static final int MAX_BACKTRACKS = 20;
    /** Relative decrease below which a step counts as stalled (scipy L-BFGS-B's default ftol). */
    private static final double FTOL = 2.2e-9;

    private BoundedLbfgs() {}

    /** Minimises f from x0 (projected into the box); null when f is not finite at the start. */
    static Result minimize(Objective f, double[] x0, double[] lower, double[] upper, int maxIterations, double pgTol) {
        int n = x0.length;
        double[] x = project(x0, lower, upper);
        double[] g = new double[n];
        double fx = f.evaluate(x, g);
        int evaluations = 1;
        if (!Double.isFinite(fx) || !allFinite(g)) return null;
        Deque<double[][]> memory = new ArrayDeque<>();  // {s, y, {1 / (y.s)}}, newest last
        double[] d = new double[n];
        double[] xn = new double[n];
        double[] gn = new double[n];
        boolean[] free = new boolean[n];
        int it = 0;
        boolean converged = false;
        while (it < maxIterations) {
            if (projectedGradientNorm(x, g, lower, upper) <= pgTol) {
                converged = true;
                break;
            }
            for (int i = 0; i < n; i++) {
                free[i] = !((x[i] <= lower[i] && g[i] > 0) || (x[i] >= upper[i] && g[i] < 0));
            }
            direction(g, free, memory, d);
            double slope = dot(g, d);
            if (!(slope < 0)) {
                memory.clear();
                direction(g, free, memory, d);
                slope = dot(g, d);
                if (!(slope < 0)) {
                    converged = true;  // nothing free to move along
                    break;
                }
            }
            // First step (no curvature information yet): at most 1 in the largest coordinate.
            double t = memory.isEmpty() ? Math.min(1.0, 1.0 / maxAbs(d)) : 1.0;
            boolean accepted = false;
            double fn = Double.NaN;
            for (int ls = 0; ls < MAX_BACKTRACKS; ls++) {
                boolean moved = false;
                for (int i = 0; i < n; i++) {
                    xn[i] = clamp(x[i] + t * d[i], lower[i], upper[i]);
                    moved |= xn[i] != x[i];
                }
                if (!moved) break;
                fn = f.evaluate(xn, gn);
                evaluations++;
                if (Double.isFinite(fn) && allFinite(gn)) {
                    double decrease = 0;
                    for (int i = 0; i < n; i++) decrease += g[i] * (xn[i] - x[i]);
                    if (fn <= fx + ARMIJO * decrease) {
                        accepted = true;
                        break;
                    }
                }
                t *= 0.5;
            }
            if (!accepted) break;
            it++;
            double[] s = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = xn[i] - x[i];
                y[i] = gn[i] - g[i];
            }
            double sy = dot(s, y);
            if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
                if (memory.size() == MEMORY) memory.removeFirst();
                memory.addLast(new double[][] {s, y, {1.0 / sy}});
            }
            boolean stalled = fx - fn <= FTOL * Math.max(1.0, Math.max(Math.abs(fx), Math.abs(fn)));
            System.arraycopy(xn, 0, x, 0, n);
            System.arraycopy(gn, 0, g, 0, n);
            fx = fn;
            if (stalled) {
                converged = true;
                break;
            }
        }
        return new Result(x, fx, it, evaluations, converged);
    }

    /** d = -H g on the free variables (two-loop recursion), 0 on the fixed ones. */
    private static void direction(double[] g, boolean[] free, Deque<double[][]> memory, double[] d) {
        int n = g.length;
        for (int i = 0; i < n; i++) d[i] = free[i] ? g[i] : 0;
        int m = memory.size();
        double[] a = new double[m];
        int k = m - 1;
        for (Iterator<double[][]> it = memory.descendingIterator(); it.hasNext(); k--) {
            double[][] p = it.next();
            a[k] = p[2][0] * dot(p[0], d);
            axpy(-a[k], p[1], d);
        }
        if (m > 0) {
            double[][] last = memory.getLast();
            double gamma = dot(last[0], last[1]) / dot(last[1], last[1]);
            for (int i = 0; i < n; i++) d[i] *= gamma;
        }
        k = 0;
        for (double[][] p : memory) {
            double b = p[2][0] * dot(p[1], d);
            axpy(a[k] - b, p[0], d);
            k++;
        }
        for (int i = 0; i < n; i++) d[i] = free[i] ? -d[i] : 0;
    }

    static double projectedGradientNorm(double[] x, double[] g, double[] lower, double[] upper) {
        double m = 0;
        for (int i = 0; i < x.length; i++) m = Math.max(m, Math.abs(clamp(x[i] - g[i], lower[i], upper[i]) - x[i]));
        return m;
    }

    static double[] project(double[] x, double[] lower, double[] upper) {
        double[] p = new double[x.length];
        for (int i = 0; i < x.length; i++) p[i] = clamp(x[i], lower[i], upper[i]);
        return p;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static boolean allFinite(double[] v) {
        for (double e : v) if (!Double.isFinite(e)) return false;
        return true;
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double e : v) m = Math.max(m, Math.abs(e));
        return m;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static void axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) y[i] += alpha * x[i];
    }
}
