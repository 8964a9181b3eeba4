package io.ams.bench;

import static io.ams.bench.BenchSupport.fixed;

import io.ams.engine.Budget;
import io.ams.core.Direction;
import io.ams.engine.Study;
import io.ams.engine.StudyBuilder;
import io.ams.engine.StudyListener;
import io.ams.engine.StudyResult;
import io.ams.engine.Trial;
import io.ams.eval.Objective;
import io.ams.models.TestFunctions;
import io.ams.genome.Genome;
import io.ams.space.Parameter;
import io.ams.space.SearchSpace;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the engine itself costs per trial: propose, record as RUNNING, record the result, let
 * the strategy learn. The objective is trivial (Branin of the configuration, or a constant on
 * the MLP genome's space), so what is timed is the engine and its store. Two ways to drive it,
 * both with workers=1: the ask/tell API in a plain loop (each trial timed on its own with
 * System.nanoTime, no threads involved), and optimize() (a listener stamps each trial's end;
 * the evaluator hands every trial to a worker thread and back). Two stores: in memory, and the
 * Chronicle Map file store in a fresh temp folder. Sizes 100, 1,000 and 10,000 trials, each a
 * fresh study; the study's creation (the Chronicle file is preallocated) is timed apart.
 *
 * <p>"Flat" check: the mean cost of the last 10% of a study's trials over that of its first
 * 10%. An engine with a per-trial cost growing with the store (a scan of all trials per tell)
 * shows a ratio well above 1 at 10,000 trials.
 *
 * <pre>
 * java $CHRONICLE_FLAGS -cp bench/target/benchmarks.jar io.ams.bench.EngineOverhead \
 *     sizes=100,1000,10000 reps=3 out=bench/results
 * </pre>
 *
 * Options: {@code sizes}, {@code reps=3}, {@code stores=memory,chronicle}, {@code modes=asktell,optimize},
 * {@code spaces=branin,mlp-fashion}, {@code strategy=random}, {@code extra-strategies=ga,regevo,local}
 * (ask/tell, memory store, largest size, one rep each; empty to skip), {@code warmup=2000} (trials of
 * each combination run first and discarded, for the JIT), {@code tmp=} (folder for the store files;
 * default the system temp folder), {@code out}, {@code name=overhead} (the reports' file name),
 * {@code jmh=} (a JMH JSON result of EngineOverheadBench to include), {@code command}.
 */
public final class EngineOverhead {
    private EngineOverhead() {}

    /**
     * One study's timings. perTrialNanos[i] is the cost of the i-th trial handed out, in order (with
     * the dedup, fewer than size may be handed out; the mean is still per stored trial).
     */
    record Measurement(String space, String mode, String store, String strategy, int size, double buildMillis,
                       double loopSeconds, long[] perTrialNanos, double tailMillis, double closeMillis) {
        double meanMicros() { return loopSeconds * 1e6 / size; }

        double[] micros() { return Arrays.stream(perTrialNanos).mapToDouble(n -> n / 1e3).toArray(); }

        /** Mean µs of the first and the last tenth of the trials (at least one trial each). */
        double firstTenthMicros() {
            double[] m = micros();
            return BenchSupport.mean(m, 0, Math.max(1, m.length / 10));
        }

        double lastTenthMicros() {
            double[] m = micros();
            return BenchSupport.mean(m, m.length - Math.max(1, m.length / 10), m.length);
        }

        double medianMicros() { return BenchSupport.median(micros()); }

        /** Median µs of the first and the last tenth: the same comparison, blind to a few GC pauses. */
        double firstTenthMedianMicros() {
            double[] m = micros();
            return BenchSupport.median(Arrays.copyOfRange(m, 0, Math.max(1, m.length / 10)));
        }

        double lastTenthMedianMicros() {
            double[] m = micros();
            return BenchSupport.median(Arrays.copyOfRange(m, m.length - Math.max(1, m.length / 10), m.length));
        }

        /** Mean µs per tenth of the trials, in order: the shape of the cost as the store grows. */
        List<Double> decileMicros() {
            double[] m = micros();
            List<Double> out = new ArrayList<>();
            for (int d = 0; d < 10; d++) {
                int from = (int) ((long) m.length * d / 10), to = (int) ((long) m.length * (d + 1) / 10);
                if (to > from) out.add(Math.round(BenchSupport.mean(m, from, to) * 100) / 100.0);
            }
            return out;
        }
    }

    record SpaceUnderTest(String name, SearchSpace space, Objective objective) {}

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = BenchSupport.args(argv);
        int[] sizes = Arrays.stream(a.getOrDefault("sizes", "100,1000,10000").split(",")).mapToInt(Integer::parseInt).toArray();
        int reps = Integer.parseInt(a.getOrDefault("reps", "3"));
        List<String> stores = List.of(a.getOrDefault("stores", "memory,chronicle").split(","));
        List<String> modes = List.of(a.getOrDefault("modes", "asktell,optimize").split(","));
        List<String> spaceNames = List.of(a.getOrDefault("spaces", "branin,mlp-fashion").split(","));
        String strategy = a.getOrDefault("strategy", "random");
        String extra = a.getOrDefault("extra-strategies", "ga,regevo,local");
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "2000"));
        Path tmp = a.containsKey("tmp") ? Path.of(a.get("tmp")) : Path.of(System.getProperty("java.io.tmpdir"));
        Path out = Path.of(a.getOrDefault("out", "bench/results"));
        String name = a.getOrDefault("name", "overhead");
        String command = a.getOrDefault("command", "java io.ams.bench.EngineOverhead " + String.join(" ", argv));
        Files.createDirectories(tmp);

        Map<String, Object> machine = BenchSupport.machine();
        String date = BenchSupport.utcNow();
        long t0 = System.nanoTime();
        List<SpaceUnderTest> spaces = spaceNames.stream().map(EngineOverhead::space).toList();

        for (SpaceUnderTest s : spaces) {
            for (String mode : modes) {
                for (String store : stores) {
                    if (warmup > 0) measure(s, mode, store, strategy, warmup, tmp);
                }
            }
        }
        log("warm-up done (%.1f s)", (System.nanoTime() - t0) / 1e9);

        List<Measurement> ms = new ArrayList<>();
        // repetitions outermost, so a burst of load on the shared machine hits one rep of everything, not all reps of one
        for (int rep = 0; rep < reps; rep++) {
            for (SpaceUnderTest s : spaces) {
                for (String mode : modes) {
                    for (String store : stores) {
                        for (int n : sizes) {
                            Measurement m = measure(s, mode, store, strategy, n, tmp);
                            ms.add(m);
                            log("rep %d %s %s %s %d: %.1f µs/trial (first 10%% %.1f, last 10%% %.1f), build %.1f ms",
                                    rep + 1, s.name(), mode, store, n, m.meanMicros(), m.firstTenthMicros(),
                                    m.lastTenthMicros(), m.buildMillis());
                        }
                    }
                }
            }
        }
        List<Measurement> extras = new ArrayList<>();
        int largest = Arrays.stream(sizes).max().orElse(0);
        if (!extra.isBlank()) {
            for (String st : (strategy + "," + extra).split(",")) {
                if (warmup > 0) measure(spaces.get(0), "asktell", "memory", st, warmup, tmp);
                Measurement m = measure(spaces.get(0), "asktell", "memory", st, largest, tmp);
                extras.add(m);
                log("strategy %s: %.1f µs/trial (first 10%% %.1f, last 10%% %.1f)", st, m.meanMicros(),
                        m.firstTenthMicros(), m.lastTenthMicros());
            }
        }
        double total = (System.nanoTime() - t0) / 1e9;

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "engine-overhead");
        json.put("date", date);
        json.put("command", command);
        json.put("machine", machine);
        json.put("load_average_at_end", BenchSupport.loadAverage());
        json.put("store_folder", tmp.toAbsolutePath().toString());
        json.put("store_filesystem", fileSystem(tmp));
        json.put("total_seconds", total);
        json.put("strategy", strategy);
        json.put("workers", 1);
        json.put("reps", reps);
        json.put("warmup_trials", warmup);
        json.put("summary", summarise(ms, spaces, modes, stores, sizes));
        json.put("strategies_at_" + largest, extras.stream().map(EngineOverhead::row).toList());
        json.put("runs", ms.stream().map(EngineOverhead::row).toList());
        if (a.containsKey("jmh")) json.put("jmh", jmh(Path.of(a.get("jmh"))));
        BenchSupport.writeJson(out.resolve(name + ".json"), json);
        Files.writeString(out.resolve(name + ".md"), markdown(json, ms, extras, spaces, modes, stores, sizes));
        log("wrote %s and %s (%.0f s)", out.resolve(name + ".md"), out.resolve(name + ".json"), total);
    }

    /** EngineOverheadBench's rows from a JMH JSON result file: ms per study and µs per trial. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> jmh(Path file) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Map<String, Object>> results = new com.fasterxml.jackson.databind.ObjectMapper().readValue(file.toFile(), List.class);
        for (Map<String, Object> r : results) {
            if (!String.valueOf(r.get("benchmark")).endsWith("EngineOverheadBench.study")) continue;
            Map<String, Object> params = (Map<String, Object>) r.get("params");
            Map<String, Object> pm = (Map<String, Object>) r.get("primaryMetric");
            int trials = Integer.parseInt(String.valueOf(params.get("trials")));
            double score = ((Number) pm.get("score")).doubleValue();
            double error = pm.get("scoreError") instanceof Number n ? n.doubleValue() : Double.NaN;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("store", params.get("store"));
            row.put("trials", trials);
            row.put("ms_per_study", score);
            row.put("ms_per_study_error_99", error);
            row.put("us_per_trial", round(score * 1000 / trials));
            row.put("us_per_trial_error_99", round(error * 1000 / trials));
            row.put("unit", pm.get("scoreUnit"));
            rows.add(row);
        }
        return rows;
    }

    static SpaceUnderTest space(String name) {
        return switch (name) {
            case "branin" -> new SpaceUnderTest("branin",
                    SearchSpace.builder().add(Parameter.real("x1", -5, 10), Parameter.real("x2", 0, 15)).build(),
                    (c, ctx) -> TestFunctions.branin(c.getDouble("x1"), c.getDouble("x2")));
            case "mlp-fashion" -> new SpaceUnderTest("mlp-fashion",
                    Genome.read(Path.of("genomes/mlp-fashion.yaml")).space(), (c, ctx) -> 0.5);
            default -> throw new IllegalArgumentException("unknown space " + name + "; branin or mlp-fashion");
        };
    }

    /** One fresh study of n trials, timed. */
    static Measurement measure(SpaceUnderTest s, String mode, String store, String strategy, int n, Path tmp)
            throws IOException {
        System.gc();
        Path dir = store.equals("chronicle") ? Files.createTempDirectory(tmp, "ams-overhead-") : null;
        long[] stamps = new long[n + 1];
        int[] ended = {0};
        StudyBuilder b = Study.builder().space(s.space()).objective(s.objective()).direction(Direction.MINIMIZE)
                .strategy(strategy, Map.of()).budget(Budget.trials(n)).seed(1).workers(1);
        if (dir != null) b.store(dir.resolve("study.ams"));
        else if (!store.equals("memory")) throw new IllegalArgumentException("unknown store " + store + "; memory or chronicle");
        long[] finished = {0};
        if (mode.equals("optimize")) {
            b.listener(new StudyListener() {
                @Override public void started(Study study) { stamps[0] = System.nanoTime(); }
                @Override public void trialEnded(Trial trial, Trial best, int done, int budget) {
                    stamps[++ended[0]] = System.nanoTime();
                }
                @Override public void finished(StudyResult result) { finished[0] = System.nanoTime(); }
            });
        }
        long buildStart = System.nanoTime();
        Study study = b.build();
        double buildMillis = (System.nanoTime() - buildStart) / 1e6;
        long[] per = new long[n];
        int asked = n;
        double loopSeconds;
        double tailMillis = 0;
        try {
            switch (mode) {
                case "asktell" -> {
                    int i = 0;
                    long start = System.nanoTime();
                    long prev = start;
                    while (true) {
                        Optional<Trial> t = study.ask();
                        if (t.isEmpty()) break;
                        double v = s.objective().evaluate(t.get().config(), null);
                        study.tell(t.get(), v);
                        long now = System.nanoTime();
                        per[i++] = now - prev;
                        prev = now;
                    }
                    loopSeconds = (prev - start) / 1e9;
                    // a proposal identical to a completed trial is recorded inside ask() without being handed out
                    // (the engine's dedup): such a trial's cost lands in the next ask's timing
                    if (study.store().size() != n) throw new IllegalStateException("stored " + study.store().size() + " trials, expected " + n);
                    asked = i;
                }
                case "optimize" -> {
                    StudyResult r = study.optimize();
                    if (ended[0] != n || r.trials().size() != n) {
                        throw new IllegalStateException("ran " + ended[0] + " trials, expected " + n + " (" + r.stopReason() + ")");
                    }
                    for (int i = 0; i < n; i++) per[i] = stamps[i + 1] - stamps[i];
                    loopSeconds = (stamps[n] - stamps[0]) / 1e9;
                    tailMillis = (finished[0] - stamps[n]) / 1e6;
                }
                default -> throw new IllegalArgumentException("unknown mode " + mode + "; asktell or optimize");
            }
        } catch (Exception e) {
            throw e instanceof RuntimeException re ? re : new RuntimeException(e);
        } finally {
            long closeStart = System.nanoTime();
            study.close();
            finished[0] = System.nanoTime() - closeStart;
            if (dir != null) deleteTree(dir);
        }
        return new Measurement(s.name(), mode, store, strategy, n, buildMillis, loopSeconds,
                asked == n ? per : Arrays.copyOf(per, asked), tailMillis, finished[0] / 1e6);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private static String fileSystem(Path p) {
        try {
            FileStore fs = Files.getFileStore(p);
            return fs.type() + " (" + fs.name() + ")";
        } catch (IOException e) {
            return "?";
        }
    }

    private static Map<String, Object> row(Measurement m) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("space", m.space());
        r.put("mode", m.mode());
        r.put("store", m.store());
        r.put("strategy", m.strategy());
        r.put("trials", m.size());
        r.put("trials_handed_out", m.perTrialNanos().length);
        r.put("mean_us_per_trial", round(m.meanMicros()));
        r.put("median_us_per_trial", round(m.medianMicros()));
        r.put("first_10pct_mean_us", round(m.firstTenthMicros()));
        r.put("last_10pct_mean_us", round(m.lastTenthMicros()));
        r.put("last_over_first", round(m.lastTenthMicros() / m.firstTenthMicros()));
        r.put("first_10pct_median_us", round(m.firstTenthMedianMicros()));
        r.put("last_10pct_median_us", round(m.lastTenthMedianMicros()));
        r.put("last_over_first_medians", round(m.lastTenthMedianMicros() / m.firstTenthMedianMicros()));
        r.put("decile_mean_us", m.decileMicros());
        r.put("study_build_ms", round(m.buildMillis()));
        r.put("study_close_ms", round(m.closeMillis()));
        if (m.mode().equals("optimize")) r.put("result_assembly_ms", round(m.tailMillis()));
        return r;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static List<Measurement> select(List<Measurement> ms, String space, String mode, String store, int n) {
        return ms.stream().filter(m -> m.space().equals(space) && m.mode().equals(mode) && m.store().equals(store)
                && m.size() == n).toList();
    }

    private static double medianOf(List<Measurement> ms, java.util.function.ToDoubleFunction<Measurement> f) {
        return BenchSupport.median(ms.stream().mapToDouble(f).toArray());
    }

    private static List<Map<String, Object>> summarise(List<Measurement> ms, List<SpaceUnderTest> spaces, List<String> modes,
                                                       List<String> stores, int[] sizes) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SpaceUnderTest s : spaces) {
            for (String mode : modes) {
                for (String store : stores) {
                    for (int n : sizes) {
                        List<Measurement> sel = select(ms, s.name(), mode, store, n);
                        Map<String, Object> r = new LinkedHashMap<>();
                        r.put("space", s.name());
                        r.put("mode", mode);
                        r.put("store", store);
                        r.put("trials", n);
                        r.put("reps", sel.size());
                        r.put("mean_us_per_trial_median_of_reps", round(medianOf(sel, Measurement::meanMicros)));
                        r.put("mean_us_per_trial_min_of_reps", round(sel.stream().mapToDouble(Measurement::meanMicros).min().orElse(Double.NaN)));
                        r.put("mean_us_per_trial_max_of_reps", round(sel.stream().mapToDouble(Measurement::meanMicros).max().orElse(Double.NaN)));
                        r.put("median_us_per_trial", round(medianOf(sel, Measurement::medianMicros)));
                        r.put("first_10pct_mean_us", round(medianOf(sel, Measurement::firstTenthMicros)));
                        r.put("last_10pct_mean_us", round(medianOf(sel, Measurement::lastTenthMicros)));
                        r.put("last_over_first_median_of_reps", round(medianOf(sel, m -> m.lastTenthMicros() / m.firstTenthMicros())));
                        r.put("last_over_first_of_tenth_medians", round(medianOf(sel, m -> m.lastTenthMedianMicros() / m.firstTenthMedianMicros())));
                        r.put("study_build_ms", round(medianOf(sel, Measurement::buildMillis)));
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static String markdown(Map<String, Object> json, List<Measurement> ms, List<Measurement> extras,
                                   List<SpaceUnderTest> spaces, List<String> modes, List<String> stores, int[] sizes) {
        StringBuilder md = new StringBuilder();
        md.append("# Engine overhead per trial\n\n");
        md.append("Date: ").append(json.get("date")).append("  \n");
        md.append("Machine: ").append(BenchSupport.machineLine((Map<String, Object>) json.get("machine")))
                .append("; at end ").append(json.get("load_average_at_end")).append("  \n");
        md.append("Command: `").append(json.get("command")).append("`  \n");
        md.append("Chronicle store files in ").append(json.get("store_folder")).append(" (").append(json.get("store_filesystem"))
                .append(")  \nTotal time: ").append(fixed((double) json.get("total_seconds"), 0)).append(" s\n\n");
        md.append("What is timed: one trial = ask (the strategy proposes, the configuration is decoded, its canonical JSON ")
                .append("key is looked up for a duplicate, the RUNNING record is stored) + a trivial objective + tell ")
                .append("(the COMPLETE record is stored, the strategy is told). Strategy `").append(json.get("strategy"))
                .append("`, workers 1, a fresh study per size. `ask/tell`: a plain loop on the caller's thread, each trial timed ")
                .append("with System.nanoTime. `optimize()`: the engine's own loop, which hands each trial to an evaluator ")
                .append("thread and takes the result back from a queue; a listener stamps each trial's end. Spaces: `branin` ")
                .append("(2 reals, objective = Branin) and `mlp-fashion` (the genome's conditional space with a 1-4 layer stack, ")
                .append("objective = a constant). ").append(json.get("warmup_trials")).append(" trials of every combination ran first ")
                .append("(JIT warm-up), then ").append(json.get("reps")).append(" repetitions; figures are the median over repetitions ")
                .append("(min-max of the mean in brackets). Noisy: a shared 2-core machine; compare rows of this one run.\n\n");
        md.append("Study creation is timed apart and not in the per-trial figures (the Chronicle store preallocates its file ")
                .append("for max(2 x trials, 50,000) records).\n\n");
        int largest = Arrays.stream(sizes).max().orElse(0);
        md.append("## Mean µs per trial\n\n| space | driver | store |");
        for (int n : sizes) md.append(" ").append(String.format(Locale.ROOT, "%,d", n)).append(" trials |");
        md.append(" median µs at ").append(String.format(Locale.ROOT, "%,d", largest)).append(" | study creation ms |\n|---|---|---|");
        for (int ignored : sizes) md.append("---|");
        md.append("---|---|\n");
        for (SpaceUnderTest s : spaces) {
            for (String mode : modes) {
                for (String store : stores) {
                    md.append("| ").append(s.name()).append(" | ").append(mode.equals("asktell") ? "ask/tell" : "optimize()")
                            .append(" | ").append(store).append(" |");
                    for (int n : sizes) {
                        List<Measurement> sel = select(ms, s.name(), mode, store, n);
                        md.append(" ").append(fixed(medianOf(sel, Measurement::meanMicros), 1)).append(" (")
                                .append(fixed(sel.stream().mapToDouble(Measurement::meanMicros).min().orElse(Double.NaN), 1))
                                .append("-").append(fixed(sel.stream().mapToDouble(Measurement::meanMicros).max().orElse(Double.NaN), 1))
                                .append(") |");
                    }
                    List<Measurement> big = select(ms, s.name(), mode, store, largest);
                    md.append(" ").append(fixed(medianOf(big, Measurement::medianMicros), 1)).append(" | ")
                            .append(fixed(medianOf(big, Measurement::buildMillis), 1)).append(" |\n");
                }
            }
        }
        md.append("\n## Flat as the store grows?\n\nMean µs of the first and the last 10% of the trials of one study, and ")
                .append("their ratio (median over repetitions; 1.0 = flat); then the same with the median of each tenth instead of ")
                .append("its mean, which a few GC pauses or descheduled moments do not move. The JSON has the mean per tenth of every run.\n\n");
        md.append("| space | driver | store | trials | first 10% µs | last 10% µs | last / first | first 10% median µs | last 10% median µs | last / first (medians) |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (SpaceUnderTest s : spaces) {
            for (String mode : modes) {
                for (String store : stores) {
                    for (int n : sizes) {
                        if (n < 1000) continue;
                        List<Measurement> sel = select(ms, s.name(), mode, store, n);
                        md.append("| ").append(s.name()).append(" | ").append(mode.equals("asktell") ? "ask/tell" : "optimize()")
                                .append(" | ").append(store).append(" | ").append(String.format(Locale.ROOT, "%,d", n)).append(" | ")
                                .append(fixed(medianOf(sel, Measurement::firstTenthMicros), 1)).append(" | ")
                                .append(fixed(medianOf(sel, Measurement::lastTenthMicros), 1)).append(" | ")
                                .append(fixed(medianOf(sel, m -> m.lastTenthMicros() / m.firstTenthMicros()), 2)).append(" | ")
                                .append(fixed(medianOf(sel, Measurement::firstTenthMedianMicros), 1)).append(" | ")
                                .append(fixed(medianOf(sel, Measurement::lastTenthMedianMicros), 1)).append(" | ")
                                .append(fixed(medianOf(sel, m -> m.lastTenthMedianMicros() / m.firstTenthMedianMicros()), 2)).append(" |\n");
                    }
                }
            }
        }
        if (!extras.isEmpty()) {
            md.append("\n## By strategy\n\nask/tell, in-memory store, ").append(spaces.get(0).name()).append(" space, ")
                    .append(String.format(Locale.ROOT, "%,d", largest)).append(" trials, one run each (after a warm-up run).\n\n");
            md.append("Trials handed out: the engine records a proposal identical to a completed trial as a trial of its own ")
                    .append("without handing it out (dedup; it counts against the budget); its cost falls in the next ask. ")
                    .append("Mean µs is per stored trial, the others per trial handed out.\n\n");
            md.append("| strategy | trials handed out | mean µs | median µs | first 10% µs | last 10% µs | last / first |\n|---|---|---|---|---|---|---|\n");
            for (Measurement m : extras) {
                md.append("| ").append(m.strategy()).append(" | ").append(m.perTrialNanos().length).append(" / ").append(m.size()).append(" | ").append(fixed(m.meanMicros(), 1)).append(" | ")
                        .append(fixed(m.medianMicros(), 1)).append(" | ").append(fixed(m.firstTenthMicros(), 1)).append(" | ")
                        .append(fixed(m.lastTenthMicros(), 1)).append(" | ")
                        .append(fixed(m.lastTenthMicros() / m.firstTenthMicros(), 2)).append(" |\n");
            }
        }
        List<Map<String, Object>> jmh = (List<Map<String, Object>>) json.get("jmh");
        if (jmh != null && !jmh.isEmpty()) {
            md.append("\n## JMH (EngineOverheadBench)\n\nThe ask/tell loop on the branin space as a JMH benchmark: one ")
                    .append("invocation = a whole fresh study (made and removed outside the timing), 1 fork, 3 x 2 s warm-up, ")
                    .append("5 x 2 s measurement, AverageTime; µs per trial = score / trials, ± the 99.9% error JMH reports.\n\n");
            md.append("| store | trials | ms per study | µs per trial |\n|---|---|---|---|\n");
            for (Map<String, Object> r : jmh) {
                md.append("| ").append(r.get("store")).append(" | ").append(String.format(Locale.ROOT, "%,d", (int) r.get("trials")))
                        .append(" | ").append(fixed((double) r.get("ms_per_study"), 3)).append(" | ")
                        .append(fixed((double) r.get("us_per_trial"), 1)).append(" ± ")
                        .append(fixed((double) r.get("us_per_trial_error_99"), 1)).append(" |\n");
            }
        }
        List<Measurement> opt = ms.stream().filter(m -> m.mode().equals("optimize") && m.size() == largest).toList();
        if (!opt.isEmpty()) {
            md.append("\noptimize() builds its result after the last trial (every record read back from the store and ")
                    .append("decoded, once): at ").append(String.format(Locale.ROOT, "%,d", largest)).append(" trials ");
            for (String store : stores) {
                List<Measurement> sel = opt.stream().filter(m -> m.store().equals(store)).toList();
                if (sel.isEmpty()) continue;
                md.append(store).append(" ").append(fixed(medianOf(sel, Measurement::tailMillis), 1)).append(" ms; ");
            }
            md.append("not in the per-trial figures.\n");
        }
        return md.toString();
    }

    static void log(String format, Object... args) {
        System.err.println("[overhead] " + String.format(Locale.ROOT, format, args));
    }
}
