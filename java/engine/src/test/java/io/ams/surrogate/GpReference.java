package io.ams.surrogate;

/**
 * Plain-Java reference for the native GP algebra, written for clarity with naive loops and
 * full matrices: kernel matrix, Cholesky, NLL, its gradient (from full dK/dtheta matrices
 * and an explicit inverse), posterior mean and latent variance. Standardised units.
 */
final class GpReference {
    private GpReference() {}

    static double k(Kernel kernel, double[] a, double[] b, boolean[] cat, double[] theta) {
        int d = a.length;
        double r2 = 0;
        for (int q = 0; q < d; q++) {
            double l = Math.exp(theta[q]);
            double diff2 = cat[q] ? (a[q] != b[q] ? 1 : 0) : (a[q] - b[q]) * (a[q] - b[q]);
            r2 += diff2 / (l * l);
        }
        double s2 = Math.exp(theta[d]);
        double r = Math.sqrt(r2);
        return kernel == Kernel.MATERN52
                ? s2 * (1 + Math.sqrt(5) * r + 5.0 / 3.0 * r2) * Math.exp(-Math.sqrt(5) * r)
                : s2 * Math.exp(-0.5 * r2);
    }

    /** dk/dlog l_q by the chain rule through r. */
    static double dkdl(Kernel kernel, double[] a, double[] b, boolean[] cat, double[] theta, int q) {
        int d = a.length;
        double r2 = 0;
        for (int p = 0; p < d; p++) {
            double l = Math.exp(theta[p]);
            double diff2 = cat[p] ? (a[p] != b[p] ? 1 : 0) : (a[p] - b[p]) * (a[p] - b[p]);
            r2 += diff2 / (l * l);
        }
        double lq = Math.exp(theta[q]);
        double dq2 = cat[q] ? (a[q] != b[q] ? 1 : 0) : (a[q] - b[q]) * (a[q] - b[q]);
        double s2 = Math.exp(theta[d]);
        double r = Math.sqrt(r2);
        if (kernel == Kernel.MATERN52) {
            return s2 * 5.0 / 3.0 * (1 + Math.sqrt(5) * r) * Math.exp(-Math.sqrt(5) * r) * dq2 / (lq * lq);
        }
        return s2 * Math.exp(-0.5 * r2) * dq2 / (lq * lq);
    }

    static double[][] kMatrix(Kernel kernel, double[][] x, boolean[] cat, double[] theta, double jitter) {
        int n = x.length, d = x[0].length;
        double[][] K = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) K[i][j] = k(kernel, x[i], x[j], cat, theta);
            K[i][i] += Math.exp(theta[d + 1]) + jitter;
        }
        return K;
    }

    static double[][] cholesky(double[][] K) {
        int n = K.length;
        double[][] L = new double[n][n];
        for (int j = 0; j < n; j++) {
            double s = K[j][j];
            for (int q = 0; q < j; q++) s -= L[j][q] * L[j][q];
            if (!(s > 0)) throw new ArithmeticException("not positive definite at pivot " + j);
            L[j][j] = Math.sqrt(s);
            for (int i = j + 1; i < n; i++) {
                double t = K[i][j];
                for (int q = 0; q < j; q++) t -= L[i][q] * L[j][q];
                L[i][j] = t / L[j][j];
            }
        }
        return L;
    }

    /** Solves L L^T z = b. */
    static double[] solve(double[][] L, double[] b) {
        int n = L.length;
        double[] z = b.clone();
        for (int i = 0; i < n; i++) {
            for (int q = 0; q < i; q++) z[i] -= L[i][q] * z[q];
            z[i] /= L[i][i];
        }
        for (int i = n - 1; i >= 0; i--) {
            for (int q = i + 1; q < n; q++) z[i] -= L[q][i] * z[q];
            z[i] /= L[i][i];
        }
        return z;
    }

    static double nll(Kernel kernel, double[][] x, double[] y, boolean[] cat, double[] theta, double jitter) {
        double[][] L = cholesky(kMatrix(kernel, x, cat, theta, jitter));
        double[] a = solve(L, y);
        double v = 0.5 * y.length * Math.log(2 * Math.PI);
        for (int i = 0; i < y.length; i++) v += 0.5 * y[i] * a[i] + Math.log(L[i][i]);
        return v;
    }

    /** -0.5 tr((a a^T - K^-1) dK/dtheta) with every matrix built in full. */
    static double[] gradient(Kernel kernel, double[][] x, double[] y, boolean[] cat, double[] theta, double jitter) {
        int n = x.length, d = x[0].length;
        double[][] L = cholesky(kMatrix(kernel, x, cat, theta, jitter));
        double[] a = solve(L, y);
        double[][] kinv = new double[n][];
        for (int j = 0; j < n; j++) {
            double[] e = new double[n];
            e[j] = 1;
            kinv[j] = solve(L, e);  // column j (K^-1 symmetric)
        }
        double[] g = new double[d + 2];
        for (int p = 0; p < d + 2; p++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double dK;
                    if (p < d) dK = dkdl(kernel, x[i], x[j], cat, theta, p);
                    else if (p == d) dK = k(kernel, x[i], x[j], cat, theta);
                    else dK = i == j ? Math.exp(theta[d + 1]) : 0;
                    s += (a[i] * a[j] - kinv[j][i]) * dK;
                }
            }
            g[p] = -0.5 * s;
        }
        return g;
    }

    /** {mean[], latent variance[]} at the points. */
    static double[][] posterior(Kernel kernel, double[][] x, double[] y, boolean[] cat, double[] theta, double jitter,
            double[][] points) {
        int n = x.length, d = x[0].length;
        double[][] L = cholesky(kMatrix(kernel, x, cat, theta, jitter));
        double[] a = solve(L, y);
        double s2 = Math.exp(theta[d]);
        double[] mean = new double[points.length];
        double[] var = new double[points.length];
        for (int c = 0; c < points.length; c++) {
            double[] ks = new double[n];
            for (int j = 0; j < n; j++) ks[j] = k(kernel, points[c], x[j], cat, theta);
            double[] w = solve(L, ks);
            double mu = 0, q = 0;
            for (int j = 0; j < n; j++) {
                mu += ks[j] * a[j];
                q += ks[j] * w[j];
            }
            mean[c] = mu;
            var[c] = Math.max(0, s2 - q);
        }
        return new double[][] {mean, var};
    }
}
