package io.ams.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Rough cost of put + get per trial for both stores at a few sizes; prints a table. Not a
 * benchmark (no JMH, one JVM, little warm-up): the trend and the order of magnitude only.
 * Run with the test class path and the Chronicle flags of {@code chronicle.jvm.flags}.
 */
public final class StoreCostMain {
    private StoreCostMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("ams-store-cost");
        // warm-up: Chronicle's first open generates and compiles code (seconds)
        run(ChronicleTrialStore.create(dir.resolve("warm.ams"), Trials.meta(), 10_000), 10_000);
        System.out.printf("%-10s %8s %12s %12s %12s %14s%n", "store", "trials", "put us", "update us", "get us", "reopen ms");
        for (int n : new int[] {100, 1_000, 10_000}) {
            for (String kind : new String[] {"memory", "chronicle"}) {
                Path file = dir.resolve(kind + "-" + n + ".ams");
                TrialStore store = kind.equals("memory") ? new InMemoryTrialStore(Trials.meta())
                        : ChronicleTrialStore.create(file, Trials.meta(), n);
                double[] us = run(store, n);
                String reopen = "";
                if (kind.equals("chronicle")) {
                    long t0 = System.nanoTime();
                    try (TrialStore again = ChronicleTrialStore.open(file)) {
                        if (again.size() != n) {
                            throw new AssertionError(again.size());
                        }
                    }
                    reopen = String.format("%.1f", (System.nanoTime() - t0) / 1e6);
                }
                System.out.printf("%-10s %8d %12.2f %12.2f %12.2f %14s%n", kind, n, us[0], us[1], us[2], reopen);
            }
        }
    }

    /** Puts n RUNNING records, updates each to COMPLETE, gets each; microseconds per trial for each step. */
    private static double[] run(TrialStore store, int n) {
        TrialRecord[] running = new TrialRecord[n];
        TrialRecord[] done = new TrialRecord[n];
        for (int i = 0; i < n; i++) {
            String config = "{\"lr\":" + (1e-4 * (i + 1)) + ",\"batch\":64,\"optimizer\":\"adam\",\"layers\":3,"
                    + "\"units_0\":128,\"units_1\":64,\"units_2\":32,\"act\":\"relu\",\"dropout\":0.2,"
                    + "\"weight_decay\":1e-5,\"schedule\":\"cosine\",\"epochs\":20}";
            running[i] = TrialRecord.running(i, new double[12], config, 20, i, 1, 1_700_000_000_000L, Map.of("worker", "w1"));
            double[] curve = new double[20];
            java.util.Arrays.fill(curve, 0.3);
            done[i] = running[i].completed(0.1, curve, 1_700_000_060_000L);
        }
        try (store) {
            long t0 = System.nanoTime();
            for (TrialRecord r : running) {
                store.put(r);
            }
            long t1 = System.nanoTime();
            for (TrialRecord r : done) {
                store.put(r);
            }
            long t2 = System.nanoTime();
            long sum = 0;
            for (int i = 0; i < n; i++) {
                sum += store.get(i).orElseThrow().id();
            }
            long t3 = System.nanoTime();
            if (sum != (long) n * (n - 1) / 2) {
                throw new AssertionError(sum);
            }
            return new double[] {(t1 - t0) / 1e3 / n, (t2 - t1) / 1e3 / n, (t3 - t2) / 1e3 / n};
        }
    }
}
