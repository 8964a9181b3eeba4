package example;

import java.util.Random;

/** Ridge-regularised least-squares polynomials on noisy sin(x): a small real model to trade off. */
final class Polynomials {
    private static final int TRAIN = 40;
    private static final int VALIDATION = 40;
    private static final double[] XT = new double[TRAIN], YT = new double[TRAIN], XV = new double[VALIDATION], YV = new double[VALIDATION];

    static {
        Random r = new Random(7);
        for (int i = 0; i < TRAIN; i++) {
            XT[i] = -3 + 6 * r.nextDouble();
            YT[i] = Math.sin(XT[i]) + 0.05 * r.nextGaussian();
        }
        for (int i = 0; i < VALIDATION; i++) {
            XV[i] = -3 + 6 * r.nextDouble();
            YV[i] = Math.sin(XV[i]) + 0.05 * r.nextGaussian();
        }
    }

    private Polynomials() {}

    /** Mean squared error on the validation samples of the degree-{@code degree} fit with ridge penalty {@code ridge}. */
    static double validationError(int degree, double ridge) {
        int n = degree + 1;
        double[][] a = new double[n][n + 1];
        for (int k = 0; k < TRAIN; k++) {
            double[] p = powers(XT[k] / 3, n);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) a[i][j] += p[i] * p[j];
                a[i][n] += p[i] * YT[k];
            }
        }
        for (int i = 0; i < n; i++) a[i][i] += ridge;
        double[] c = solve(a, n);
        double error = 0;
        for (int k = 0; k < VALIDATION; k++) {
            double[] p = powers(XV[k] / 3, n);
            double y = 0;
            for (int i = 0; i < n; i++) y += c[i] * p[i];
            error += (y - YV[k]) * (y - YV[k]);
        }
        return error / VALIDATION;
    }

    private static double[] powers(double x, int n) {
        double[] p = new double[n];
        p[0] = 1;
        for (int i = 1; i < n; i++) p[i] = p[i - 1] * x;
        return p;
    }

    /** Gaussian elimination with partial pivoting on the augmented n x (n + 1) system. */
    private static double[] solve(double[][] a, int n) {
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
            double[] t = a[col];
            a[col] = a[pivot];
            a[pivot] = t;
            for (int r = col + 1; r < n; r++) {
                double f = a[r][col] / a[col][col];
                for (int k = col; k <= n; k++) a[r][k] -= f * a[col][k];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = a[r][n];
            for (int k = r + 1; k < n; k++) s -= a[r][k] * x[k];
            x[r] = s / a[r][r];
        }
        return x;
    }
}
