package io.ams.engine;

import java.util.AbstractList;
import java.util.List;

/**
 * The curves of a study's completed trials, as the pruner reads them. One writer (the study's
 * thread) appends in O(1); readers (trial threads, many at once) get a read-only view of the
 * curves appended so far, without a copy. It used to be a CopyOnWriteArrayList, which copies
 * every element on every append: O(n^2) garbage over a long search (a trivial 100,000-trial
 * search grew to gigabytes of RSS).
 *
 * <p>The curves live in fixed-size chunks that never move once written, so a reader that saw
 * {@code size} (volatile, written after the element) sees every element below it.
 */
final class CompletedCurves {
    private static final int CHUNK = 1024;

    private volatile double[][][] chunks = new double[8][][];
    private volatile int size;

    /** Appends a curve (the study's thread only). */
    void add(double[] curve) {
        int n = size;
        int chunk = n / CHUNK;
        double[][][] cs = chunks;
        if (chunk == cs.length) {
            // Only the chunk index grows (n / 1024 references): the chunks themselves are never copied.
            cs = java.util.Arrays.copyOf(cs, cs.length * 2);
            chunks = cs;
        }
        if (cs[chunk] == null) cs[chunk] = new double[CHUNK][];
        cs[chunk][n % CHUNK] = curve;
        size = n + 1;
    }

    int size() {
        return size;
    }

    /** The curves appended so far, read-only; later appends do not show in it. */
    List<double[]> view() {
        int n = size;
        double[][][] cs = chunks;
        return new AbstractList<>() {
            @Override public double[] get(int i) {
                if (i < 0 || i >= n) throw new IndexOutOfBoundsException(i);
                return cs[i / CHUNK][i % CHUNK];
            }
            @Override public int size() { return n; }
        };
    }
}
