package io.ams.bench;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The benchmark's MLP in plain Java: forward, backward and Adam as straightforward float loops,
 * no BLAS, no Vector API, no sparsity tricks. Matrices are arrays of rows ({@code float[][]});
 * the products run with the contiguous index innermost (i-k-j order:
 * {@code c[i][j] += a[i][k] * b[k][j]}) so that C2 vectorises the inner loop. The product with
 * a transposed weight matrix uses a transposed copy made once per step, so that it too is an
 * i-k-j loop rather than a dot-product reduction (which C2 does not vectorise for floats).
 *
 * Why rows and not one flat array per matrix: on JDK 17, C2's SuperWord does not vectorise
 * {@code h[ho + j] += av * w[wo + j]} (two different loop-invariant offsets), and the flat
 * version ran at ~6 GFLOP/s against ~24 GFLOP/s for the row version on this machine.
 *
 * Same math as the other implementations: ReLU hidden layers, a linear output layer, mean
 * softmax cross-entropy, Adam with torch's bias correction, W (in x out), init
 * U(+-1/sqrt(in)) as torch's nn.Linear. No gradient for the input.
 *
 * threads > 1 splits each loop nest into contiguous ranges of independent outputs (batch rows
 * for the forward pass and the input gradients, weight rows for the weight gradients and
 * Adam) on a fixed pool; results do not depend on the thread count.
 */
public final class PlainJavaMlp implements AutoCloseable {
    private final int[] sizes;
    private final int layers;
    private final float[][][] w, gw, mw, vw, wt;
    private final float[][] b, gb, mb, vb;
    private final float lr, beta1, beta2, eps;
    private long t;
    private final int threads;
    private final ExecutorService pool;

    // per-batch buffers, `cap` rows
    private int cap;
    private float[][] x;
    private float[][][] h, d;

    public PlainJavaMlp(int[] sizes, long seed, int threads) {
        this(sizes, seed, threads, 1e-3f, 0.9f, 0.999f, 1e-8f);
    }

    public PlainJavaMlp(int[] sizes, long seed, int threads, float lr, float beta1, float beta2, float eps) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1");
        this.sizes = sizes.clone();
        this.layers = sizes.length - 1;
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.threads = threads;
        this.pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1, r -> {
            Thread th = new Thread(r, "plain-mlp");
            th.setDaemon(true);
            return th;
        }) : null;
        w = new float[layers][][]; gw = new float[layers][][]; mw = new float[layers][][]; vw = new float[layers][][];
        wt = new float[layers][][];
        b = new float[layers][]; gb = new float[layers][]; mb = new float[layers][]; vb = new float[layers][];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int l = 0; l < layers; l++) {
            int in = sizes[l], out = sizes[l + 1];
            float bound = (float) (1 / Math.sqrt(in));
            w[l] = new float[in][out];
            b[l] = new float[out];
            for (float[] row : w[l]) for (int j = 0; j < out; j++) row[j] = (float) rnd.nextDouble(-bound, bound);
            for (int j = 0; j < out; j++) b[l][j] = (float) rnd.nextDouble(-bound, bound);
            gw[l] = new float[in][out]; mw[l] = new float[in][out]; vw[l] = new float[in][out];
            wt[l] = new float[out][in];
            gb[l] = new float[out]; mb[l] = new float[out]; vb[l] = new float[out];
        }
    }

    private void ensure(int rows) {
        if (rows <= cap) return;
        cap = rows;
        x = new float[rows][sizes[0]];
        h = new float[layers][][];
        d = new float[layers][][];
        for (int l = 0; l < layers; l++) {
            h[l] = new float[rows][sizes[l + 1]];
            d[l] = new float[rows][sizes[l + 1]];
        }
    }

    /** One epoch over (features row-major, labels) in a shuffled order; returns the mean training loss. */
    public double trainEpoch(float[] features, int[] labels, int batch, SplittableRandom shuffle) {
        int n = labels.length, cols = sizes[0];
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = shuffle.nextInt(i + 1);
            int tmp = perm[i]; perm[i] = perm[j]; perm[j] = tmp;
        }
        ensure(batch);
        int[] y = new int[batch];
        double total = 0;
        for (int s = 0; s < n; s += batch) {
            int rows = Math.min(batch, n - s);
            for (int r = 0; r < rows; r++) {
                int src = perm[s + r];
                System.arraycopy(features, src * cols, x[r], 0, cols);
                y[r] = labels[src];
            }
            total += lossAndGradient(rows, y) * rows;
            adamStep();
        }
        return total / n;
    }

    /** Accuracy on (features row-major, labels), in chunks of the buffer size. */
    public double accuracy(float[] features, int[] labels) {
        int n = labels.length, cols = sizes[0], out = sizes[layers];
        ensure(Math.min(n, 1000));
        long correct = 0;
        for (int s = 0; s < n; s += cap) {
            int rows = Math.min(cap, n - s);
            for (int r = 0; r < rows; r++) System.arraycopy(features, (s + r) * cols, x[r], 0, cols);
            forward(rows);
            float[][] z = h[layers - 1];
            for (int r = 0; r < rows; r++) {
                int best = 0;
                for (int j = 1; j < out; j++) if (z[r][j] > z[r][best]) best = j;
                if (best == labels[s + r]) correct++;
            }
        }
        return (double) correct / n;
    }

    private void forward(int rows) {
        for (int l = 0; l < layers; l++) {
            final float[][] a = l == 0 ? x : h[l - 1], hl = h[l], wl = w[l];
            final float[] bl = b[l];
            final int in = sizes[l], out = sizes[l + 1];
            final boolean relu = l < layers - 1;
            parallel(rows, (r0, r1) -> {
                for (int r = r0; r < r1; r++) {
                    float[] hr = hl[r], ar = a[r];
                    System.arraycopy(bl, 0, hr, 0, out);
                    for (int k = 0; k < in; k++) {
                        float av = ar[k];
                        float[] wk = wl[k];
                        for (int j = 0; j < out; j++) hr[j] += av * wk[j];
                    }
                    if (relu) for (int j = 0; j < out; j++) hr[j] = Math.max(hr[j], 0f);
                }
            });
        }
    }

    /** Mean softmax cross-entropy over the first `rows` rows of the batch buffer; gradients into gw/gb. */
    private double lossAndGradient(int rows, int[] y) {
        forward(rows);
        int classes = sizes[layers];
        float[][] z = h[layers - 1], dz = d[layers - 1];
        double loss = 0;
        float inv = 1f / rows;
        for (int r = 0; r < rows; r++) {
            float[] zr = z[r], dr = dz[r];
            float max = zr[0];
            for (int j = 1; j < classes; j++) max = Math.max(max, zr[j]);
            float sum = 0;
            for (int j = 0; j < classes; j++) {
                float e = (float) Math.exp(zr[j] - max);
                dr[j] = e;
                sum += e;
            }
            loss += Math.log(sum) - (zr[y[r]] - max);
            float scale = inv / sum;
            for (int j = 0; j < classes; j++) dr[j] *= scale;
            dr[y[r]] -= inv;
        }
        for (int l = layers - 1; l >= 0; l--) {
            final float[][] a = l == 0 ? x : h[l - 1], dl = d[l], g = gw[l];
            final float[] gbl = gb[l];
            final int in = sizes[l], out = sizes[l + 1];
            // weight gradient g[k][j] = sum_r a[r][k] * dl[r][j], split over k
            parallel(in, (k0, k1) -> {
                for (int k = k0; k < k1; k++) {
                    float[] gk = g[k];
                    Arrays.fill(gk, 0f);
                    for (int r = 0; r < rows; r++) {
                        float av = a[r][k];
                        float[] dr = dl[r];
                        for (int j = 0; j < out; j++) gk[j] += av * dr[j];
                    }
                }
            });
            Arrays.fill(gbl, 0f);
            for (int r = 0; r < rows; r++) {
                float[] dr = dl[r];
                for (int j = 0; j < out; j++) gbl[j] += dr[j];
            }
            if (l > 0) {
                // input gradient through W^T (transposed copy, out x in), then the ReLU mask
                final float[][] wl = w[l], wtl = wt[l], dp = d[l - 1], hp = h[l - 1];
                for (int k = 0; k < in; k++) {
                    float[] wk = wl[k];
                    for (int j = 0; j < out; j++) wtl[j][k] = wk[j];
                }
                parallel(rows, (r0, r1) -> {
                    for (int r = r0; r < r1; r++) {
                        float[] pr = dp[r], dr = dl[r], hr = hp[r];
                        Arrays.fill(pr, 0f);
                        for (int j = 0; j < out; j++) {
                            float dv = dr[j];
                            float[] tj = wtl[j];
                            for (int k = 0; k < in; k++) pr[k] += dv * tj[k];
                        }
                        for (int k = 0; k < in; k++) if (hr[k] <= 0f) pr[k] = 0f;
                    }
                });
            }
        }
        return loss / rows;
    }

    private void adamStep() {
        t++;
        final float step = (float) (lr / (1 - Math.pow(beta1, t)));
        final float rbc2 = (float) (1 / Math.sqrt(1 - Math.pow(beta2, t)));
        for (int l = 0; l < layers; l++) {
            final float[][] p = w[l], g = gw[l], m = mw[l], v = vw[l];
            parallel(p.length, (k0, k1) -> {
                for (int k = k0; k < k1; k++) adam(p[k], g[k], m[k], v[k], step, rbc2);
            });
            adam(b[l], gb[l], mb[l], vb[l], step, rbc2);
        }
    }

    private void adam(float[] p, float[] g, float[] m, float[] v, float step, float rbc2) {
        final float b1 = beta1, b2 = beta2, c1 = 1 - beta1, c2 = 1 - beta2, e = eps;
        for (int i = 0; i < p.length; i++) {
            float gi = g[i];
            float mi = b1 * m[i] + c1 * gi;
            float vi = b2 * v[i] + c2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            p[i] -= step * mi / ((float) Math.sqrt(vi) * rbc2 + e);
        }
    }

    @FunctionalInterface
    private interface Range { void run(int from, int to); }

    /** Runs body over [0, n) split into `threads` contiguous ranges; the calling thread takes the last. */
    private void parallel(int n, Range body) {
        if (pool == null || n < 2 * threads) {
            body.run(0, n);
            return;
        }
        Future<?>[] futures = new Future<?>[threads - 1];
        for (int i = 0; i < threads - 1; i++) {
            int from = (int) ((long) n * i / threads), to = (int) ((long) n * (i + 1) / threads);
            futures[i] = pool.submit(() -> body.run(from, to));
        }
        body.run((int) ((long) n * (threads - 1) / threads), n);
        try {
            for (Future<?> f : futures) f.get();
        } catch (Exception ex) {
            throw new IllegalStateException("worker failed", ex);
        }
    }

    @Override
    public void close() {
        if (pool != null) pool.shutdownNow();
    }
}
