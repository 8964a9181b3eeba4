package io.ams.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Training throughput of the benchmark MLP (784-256-128-10 ReLU, softmax cross-entropy,
 * Adam lr 1e-3) on Fashion-MNIST, for one implementation; prints one JSON line.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.ams.bench.TrainThroughput impl=ams|java batch=128 epochs=10 threads=1 [seed=1]</pre>
 * (positional {@code ams 128 10 1} works too).
 *
 * samples_per_s = training rows x timed epochs / seconds in those epochs' training loops, over
 * epochs 2..N when N >= 2 (epoch 1 carries JIT and first-touch warm-up), else epoch 1.
 * Shuffling is inside the timed loop; data loading and the test evaluation are not.
 */
public final class TrainThroughput {
    public static final int[] SIZES = {Fmnist.COLS, 256, 128, Fmnist.CLASSES};

    /** Forward FLOPs per sample: 2 x multiply-adds of the three dense layers = 469,504. */
    public static long forwardFlopsPerSample() {
        long macs = 0;
        for (int i = 0; i + 1 < SIZES.length; i++) macs += (long) SIZES[i] * SIZES[i + 1];
        return 2 * macs;
    }

    interface Impl extends AutoCloseable {
        double trainEpoch();
        double testAccuracy();
        default String extraJson() { return ""; }
        @Override void close();
    }

    public static void main(String[] args) throws Exception {
        String impl = null;
        int batch = 128, epochs = 10, threads = 1;
        long seed = 1;
        List<String> positional = new ArrayList<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0) { positional.add(a); continue; }
            String k = a.substring(0, eq), v = a.substring(eq + 1);
            switch (k) {
                case "impl" -> impl = v;
                case "batch" -> batch = Integer.parseInt(v);
                case "epochs" -> epochs = Integer.parseInt(v);
                case "threads" -> threads = Integer.parseInt(v);
                case "seed" -> seed = Long.parseLong(v);
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        if (!positional.isEmpty()) impl = positional.get(0);
        if (positional.size() > 1) batch = Integer.parseInt(positional.get(1));
        if (positional.size() > 2) epochs = Integer.parseInt(positional.get(2));
        if (positional.size() > 3) threads = Integer.parseInt(positional.get(3));
        if (positional.size() > 4) seed = Long.parseLong(positional.get(4));
        if (impl == null || batch < 1 || epochs < 1 || threads < 1) {
            System.err.println("usage: TrainThroughput impl=ams|java batch=128 epochs=10 threads=1 [seed=1]");
            System.exit(2);
        }

        Fmnist data = Fmnist.load();
        double[] seconds = new double[epochs];
        double[] losses = new double[epochs];
        double accuracy;
        String extra;
        try (Impl run = switch (impl) {
            case "ams" -> AmsRun.create(data, batch, epochs, threads, seed);
            case "java" -> plainJava(data, batch, threads, seed);
            default -> throw new IllegalArgumentException("impl must be ams or java, got " + impl);
        }) {
            for (int e = 0; e < epochs; e++) {
                long t0 = System.nanoTime();
                losses[e] = run.trainEpoch();
                seconds[e] = (System.nanoTime() - t0) / 1e9;
            }
            accuracy = run.testAccuracy();
            extra = run.extraJson();
        }
        int timedFrom = epochs >= 2 ? 1 : 0;
        double timed = 0;
        for (int e = timedFrom; e < epochs; e++) timed += seconds[e];
        double samplesPerS = (double) data.trainRows() * (epochs - timedFrom) / timed;
        double total = 0;
        for (double s : seconds) total += s;
        System.out.println(String.format(Locale.ROOT,
                "{\"impl\": \"%s\", \"batch\": %d, \"epochs\": %d, \"threads\": %d, \"samples_per_s\": %.3f, "
                        + "\"test_accuracy\": %.6f, \"seconds\": %.6f, \"epoch_seconds\": %s, \"epoch_loss\": %s, "
                        + "\"java_version\": \"%s\"%s}",
                impl, batch, epochs, threads, samplesPerS, accuracy, total, array(seconds), array(losses),
                System.getProperty("java.version"), extra));
    }

    private static Impl plainJava(Fmnist data, int batch, int threads, long seed) {
        PlainJavaMlp mlp = new PlainJavaMlp(SIZES, seed, threads);
        SplittableRandom shuffle = new SplittableRandom(seed + 1);
        return new Impl() {
            public double trainEpoch() { return mlp.trainEpoch(data.trainX(), data.trainY(), batch, shuffle); }
            public double testAccuracy() { return mlp.accuracy(data.testX(), data.testY()); }
            public void close() { mlp.close(); }
        };
    }

    static String array(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) sb.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.6f", v[i]));
        return sb.append(']').toString();
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.append('"').toString();
    }
}
