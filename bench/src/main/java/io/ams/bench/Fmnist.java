package io.ams.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST for the benchmarks, read straight from the gzipped IDX files and scaled to
 * [0, 1] floats (byte / 255f, no other normalisation), exactly as bench/python/fmnist.py does,
 * so that every implementation trains on identical numbers.
 */
public record Fmnist(float[] trainX, int[] trainY, float[] testX, int[] testY) {
    public static final String DEFAULT_DIR = "/usr/share/datasets/fashion-mnist";
    public static final int COLS = 784;
    public static final int CLASSES = 10;

    public int trainRows() { return trainY.length; }
    public int testRows() { return testY.length; }

    public static Fmnist load() throws IOException {
        String dir = System.getenv().getOrDefault("FMNIST_DIR", DEFAULT_DIR);
        return load(Path.of(dir));
    }

    public static Fmnist load(Path dir) throws IOException {
        return new Fmnist(images(dir.resolve("train-images-idx3-ubyte.gz")), labels(dir.resolve("train-labels-idx1-ubyte.gz")),
                images(dir.resolve("t10k-images-idx3-ubyte.gz")), labels(dir.resolve("t10k-labels-idx1-ubyte.gz")));
    }

    private static byte[] idx(Path file, int expectedDims) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 1 << 16))) {
            int magic = in.readInt();
            if ((magic >>> 8) != 0x08 || (magic & 0xff) != expectedDims) {
                throw new IOException(file + ": not an unsigned-byte IDX file with " + expectedDims + " dimensions");
            }
            long size = 1;
            for (int i = 0; i < expectedDims; i++) size *= in.readInt();
            byte[] data = new byte[Math.toIntExact(size)];
            in.readFully(data);
            return data;
        }
    }

    private static float[] images(Path file) throws IOException {
        byte[] b = idx(file, 3);
        float[] x = new float[b.length];
        for (int i = 0; i < b.length; i++) x[i] = (b[i] & 0xff) / 255f;
        return x;
    }

    private static int[] labels(Path file) throws IOException {
        byte[] b = idx(file, 1);
        int[] y = new int[b.length];
        for (int i = 0; i < b.length; i++) y[i] = b[i] & 0xff;
        return y;
    }
}
