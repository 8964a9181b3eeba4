package io.ams.core;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Eigenvalues and eigenvectors of a real symmetric matrix by the cyclic Jacobi method: plane
 * rotations sweep the off-diagonal entries row by row until their sum of squares is below
 * {@code 1e-30} times the matrix's squared Frobenius norm (at most 100 sweeps). Each sweep
 * costs {@code O(n^3)}; a few sweeps suffice (convergence is quadratic), so it is meant for
 * matrices up to a few hundred rows: the meta-features' correlation matrices, CMA-ES's covariance.
 *
 * @param values  eigenvalues, largest first
 * @param vectors the matching unit eigenvectors as columns: {@code vectors[i][j]} is component
 *                {@code i} of the eigenvector of {@code values[j]}
 */
public record SymmetricEigen(double[] values, double[][] vectors) {
    private static final int MAX_SWEEPS = 100;
    private static final double RELATIVE_OFF_DIAGONAL = 1e-30;

    /** Decomposes {@code matrix} (not modified), which must be square and symmetric. */
    public static SymmetricEigen of(double[][] matrix) {
        int n = matrix.length;
        double[][] a = new double[n][];
        double frobenius = 0;
        for (int i = 0; i < n; i++) {
            if (matrix[i].length != n) {
                throw new IllegalArgumentException("not square: row " + i + " has " + matrix[i].length
                        + " entries, not " + n);
            }
            a[i] = matrix[i].clone();
            for (int j = 0; j < n; j++) {
                if (matrix[i][j] != matrix[j][i]) {
                    throw new IllegalArgumentException("not symmetric at (" + i + ", " + j + ")");
                }
                frobenius += matrix[i][j] * matrix[i][j];
            }
        }
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off == 0 || off <= RELATIVE_OFF_DIAGONAL * frobenius) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    rotate(a, v, p, q);
                }
            }
        }
        double[] diagonal = new double[n];
        for (int i = 0; i < n; i++) {
            diagonal[i] = a[i][i];
        }
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -diagonal[i]));
        double[] values = new double[n];
        double[][] vectors = new double[n][n];
        for (int j = 0; j < n; j++) {
            values[j] = diagonal[order[j]];
            for (int i = 0; i < n; i++) {
                vectors[i][j] = v[i][order[j]];
            }
        }
        return new SymmetricEigen(values, vectors);
    }

    /** One Jacobi rotation zeroing {@code a[p][q]} (Numerical Recipes' formulation). */
    private static void rotate(double[][] a, double[][] v, int p, int q) {
        double apq = a[p][q];
        if (apq == 0) {
            return;
        }
        int n = a.length;
        double theta = (a[q][q] - a[p][p]) / (2 * apq);
        double t;
        if (Math.abs(theta) > 1e150) {
            t = 1 / (2 * theta);
        } else {
            t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        }
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        a[p][p] -= t * apq;
        a[q][q] += t * apq;
        a[p][q] = 0;
        a[q][p] = 0;
        for (int k = 0; k < n; k++) {
            if (k != p && k != q) {
                double akp = a[k][p];
                double akq = a[k][q];
                a[k][p] = c * akp - s * akq;
                a[p][k] = a[k][p];
                a[k][q] = s * akp + c * akq;
                a[q][k] = a[k][q];
            }
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }
}
