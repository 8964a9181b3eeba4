package io.ams.bench;

import io.ams.core.Direction;
import io.ams.engine.Budget;
import io.ams.engine.Pruners;
import io.ams.engine.Study;
import io.ams.engine.StudyBuilder;
import io.ams.engine.StudyListener;
import io.ams.engine.StudyResult;
import io.ams.engine.Trial;
import io.ams.space.Parameter;
import io.ams.space.SearchSpace;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Does a long search keep its memory flat? A trivial objective (Branin on two reals; with
 * {@code pruner=median} it also reports a 3-step curve and asks the pruner), 100,000 trials of
 * {@code random} through {@link Study#optimize()}, once with the in-memory store and once with
 * a Chronicle store file. Every {@code every} trials it prints the peak RSS so far (VmHWM from
 * /proc/self/status), the current RSS (VmRSS) and the heap used right after a full GC: what
 * the study really keeps, apart from garbage the collector had not yet reclaimed. With
 * {@code gc=false} it calls no GC and reports the heap as it stands: the explicit full GCs
 * themselves keep the heap (and so the RSS) small, so the peak RSS of a search left to the
 * JVM's default settings is the one measured with {@code gc=false}.
 *
 * <pre>
 * java $CHRONICLE_FLAGS -cp bench/target/benchmarks.jar io.ams.bench.MemorySoak \
 *     trials=100000 every=10000 stores=memory,chronicle pruner=none
 * </pre>
 *
 * Run each store in its own JVM (stores=memory, then stores=chronicle) for a peak RSS of that
 * store alone: VmHWM never goes down. Not part of CI.
 */
public final class MemorySoak {
    private MemorySoak() {}

    public static void main(String[] args) throws IOException {
        int trials = 100_000;
        int every = 10_000;
        String stores = "memory,chronicle";
        String pruner = "none";
        String tmp = System.getProperty("java.io.tmpdir");
        boolean gc = true;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "trials" -> trials = Integer.parseInt(kv[1]);
                case "every" -> every = Integer.parseInt(kv[1]);
                case "stores" -> stores = kv[1];
                case "pruner" -> pruner = kv[1];
                case "tmp" -> tmp = kv[1];
                case "gc" -> gc = Boolean.parseBoolean(kv[1]);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        System.out.printf(Locale.ROOT, "# max heap %d MiB, %d cores, java %s%n",
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        System.out.println("store\ttrials\tseconds\tpeak_rss_mib\trss_mib\t" + (gc ? "heap_after_gc_mib" : "heap_used_mib"));
        for (String store : stores.split(",")) {
            Path dir = store.equals("chronicle") ? Files.createTempDirectory(Path.of(tmp), "ams-soak") : null;
            try {
                soak(store, dir, trials, every, pruner, gc);
            } finally {
                if (dir != null) delete(dir);
            }
        }
    }

    private static void soak(String store, Path dir, int trials, int every, String pruner, boolean gc) {
        SearchSpace space = SearchSpace.builder()
                .add(Parameter.real("x1", -5, 10))
                .add(Parameter.real("x2", 0, 15))
                .build();
        boolean prune = !pruner.equals("none");
        long start = System.nanoTime();
        StudyBuilder builder = Study.builder()
                .space(space)
                .objective((c, ctx) -> {
                    double v = branin(c.getDouble("x1"), c.getDouble("x2"));
                    if (prune) {
                        // A short curve that improves towards the value, as a training curve would.
                        for (int step = 3; step >= 1; step--) {
                            ctx.report(v + step);
                            if (ctx.shouldPrune()) return v + step;
                        }
                    }
                    return v;
                })
                .direction(Direction.MINIMIZE)
                .strategy("random")
                .seed(1)
                .workers(1)
                .budget(Budget.trials(trials))
                .pruner(prune ? Pruners.create(pruner, java.util.Map.of()) : Pruners.none())
                .stopWhenFirstTrialsFailAlike(0)
                .listener(new StudyListener() {
                    @Override
                    public void trialEnded(Trial trial, Trial best, int done, int budget) {
                        if (done % every == 0) report(store, done, start, gc);
                    }
                });
        if (dir != null) builder.store(dir.resolve("soak.ams"));
        try (Study study = builder.build()) {
            StudyResult result = study.optimize();
            if (result.trials().size() != trials) {
                System.out.println("# stopped early: " + result.stopReason());
            }
        }
    }

    private static void report(String store, int done, long start, boolean gc) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        if (gc) System.gc();
        long heap = memory.getHeapMemoryUsage().getUsed();
        System.out.printf(Locale.ROOT, "%s\t%d\t%.1f\t%d\t%d\t%d%n", store, done, (System.nanoTime() - start) / 1e9,
                procStatusKib("VmHWM") >> 10, procStatusKib("VmRSS") >> 10, heap >> 20);
        System.out.flush();
    }

    /** A "Name:  123 kB" line of /proc/self/status, in KiB; -1 where there is none (not Linux). */
    static long procStatusKib(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name + ":")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    static double branin(double x1, double x2) {
        double b = 5.1 / (4 * Math.PI * Math.PI), c = 5 / Math.PI, t = 1 / (8 * Math.PI);
        double y = x2 - b * x1 * x1 + c * x1 - 6;
        return y * y + 10 * (1 - t) * Math.cos(x1) + 10;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
