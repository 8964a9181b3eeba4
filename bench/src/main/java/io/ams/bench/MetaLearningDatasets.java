package io.ams.bench;

import io.ams.core.Direction;
import io.ams.engine.Budget;
import io.ams.engine.Study;
import io.ams.engine.StudyListener;
import io.ams.engine.StudyResult;
import io.ams.engine.Trial;
import io.ams.store.TrialState;
import io.ams.genome.Genome;
import io.ams.genome.SplitSpec;
import io.ams.meta.TaskFeatures;
import io.ams.meta.WarmStart;
import io.ams.models.MlpObjective;
import io.ams.space.SearchSpace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Meta-learning on real datasets with the real MLP: leave-one-dataset-out, cold vs warm start.
 *
 * <ol>
 *   <li>Earlier studies: on each dataset one study ({@code earlier-strategy}, {@code earlier-trials}
 *       trials, seed 1000, named {@code earlier-<dataset>}), archived in {@code work/archive-all}.</li>
 *   <li>For each target dataset, a folder {@code work/loo-<target>} holding copies of the other
 *       datasets' archive entries only.</li>
 *   <li>Per target, strategy and seed: a cold study and a warm one ({@code new WarmStart(loo folder,
 *       neighbours, configurations)}), same seed, same budget, one worker.</li>
 * </ol>
 * The space, metric (validation accuracy, maximised) and split are the genome's
 * ({@code genomes/mlp-digits.yaml} by default), the same for every dataset so configurations transfer.
 * The Fashion-MNIST subsample is the first {@code fashion-rows} training images (an IDX copy in
 * {@code work}; its own test set, the first 2000 test images, is unused by the search).
 *
 * <p>Arguments (key=value): datasets=digits,wine,breast_cancer,iris,fashion strategies=bo,ga seeds=3
 * trials=30 earlier-trials=40 earlier-strategy=bo population=10 bo-initial=8 neighbours=3
 * configurations=10 fashion-rows=1500 genome=genomes/mlp-digits.yaml work=DIR out=bench/results
 * command=TEXT note=TEXT. {@code from-json=FILE out=DIR}: no study; the figures and the report again from
 * the runs a JSON written by this program holds.
 */
public final class MetaLearningDatasets {
    private MetaLearningDatasets() {}

    static final String FASHION = "fashion";
    static final long EARLIER_SEED = 1000;
    static final double[] TOLERANCES = {0.01, 0.005};
    static final int[] ANYTIME = {5, 10};
    /** "earlier-wine at distance 0.123" inside the warm start's note. */
    static final Pattern NEIGHBOUR = Pattern.compile("(earlier-[A-Za-z_]+)(?: \\([^)]*\\))? at distance ([0-9.]+|NaN)");

    /**
     * One study. {@code values}: per trial in order, the validation accuracy when the trial trained the full
     * epochs (every trial of bo and ga; hyperband's top rung), else NaN; {@code rawValues} and {@code fidelities}
     * as recorded (fidelity 0: not a multi-fidelity trial).
     */
    record Run(String dataset, String strategy, String mode, long seed, List<Double> values, List<Double> rawValues,
               List<Double> fidelities, double best, double seconds, int warmConfigurations, long failed, List<String> notes) {}

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = BenchSupport.args(argv);
        if (a.containsKey("from-json")) {
            rewrite(Path.of(a.get("from-json")), Path.of(a.getOrDefault("out", "bench/results")));
            return;
        }
        List<String> datasets = List.of(a.getOrDefault("datasets", "digits,wine,breast_cancer,iris,fashion").split(","));
        List<String> strategies = List.of(a.getOrDefault("strategies", "bo,ga").split(","));
        int seeds = Integer.parseInt(a.getOrDefault("seeds", "3"));
        int trials = Integer.parseInt(a.getOrDefault("trials", "30"));
        int earlierTrials = Integer.parseInt(a.getOrDefault("earlier-trials", "40"));
        String earlierStrategy = a.getOrDefault("earlier-strategy", "bo");
        int population = Integer.parseInt(a.getOrDefault("population", "10"));
        int boInitial = Integer.parseInt(a.getOrDefault("bo-initial", "8"));
        int neighbours = Integer.parseInt(a.getOrDefault("neighbours", "3"));
        int configurations = Integer.parseInt(a.getOrDefault("configurations", "10"));
        int fashionRows = Integer.parseInt(a.getOrDefault("fashion-rows", "1500"));
        Path genomeFile = Path.of(a.getOrDefault("genome", "genomes/mlp-digits.yaml"));
        Path work = a.containsKey("work") ? Path.of(a.get("work")) : Files.createTempDirectory("ams-meta-datasets-");
        Path out = Path.of(a.getOrDefault("out", "bench/results"));
        String command = a.getOrDefault("command", "bench/run-meta-learning-datasets.sh");
        String note = a.getOrDefault("note", "");

        Map<String, Object> machine = BenchSupport.machine();
        machine.put("cores_seen_by_jvm", machine.get("cores"));
        machine.put("cores", cpuCount());
        long t0 = System.nanoTime();
        Genome genome = Genome.read(genomeFile);
        SearchSpace space = genome.space();
        SplitSpec split = genome.split().orElse(SplitSpec.DEFAULT);
        if (genome.metric().direction() != Direction.MAXIMIZE) throw new IllegalArgumentException("the genome's metric must be maximised");
        Files.createDirectories(work);

        // ---- the datasets ------------------------------------------------------------------
        Map<String, String> specs = new LinkedHashMap<>();
        for (String d : datasets) {
            if (d.equals(FASHION)) {
                Path idx = work.resolve("fashion-subset");
                Files.createDirectories(idx);
                StrategyComparison.writeIdxSubset(Path.of(io.ams.data.Datasets.FASHION_MNIST_DIR), idx, fashionRows, 2000);
                specs.put(d, "idx:" + idx.toAbsolutePath());
            } else {
                specs.put(d, d);
            }
        }
        Map<String, MlpObjective> objectives = new LinkedHashMap<>();
        Map<String, TaskFeatures> features = new LinkedHashMap<>();
        for (String d : datasets) {
            objectives.put(d, new MlpObjective(specs.get(d), split.validation(), split.test(), split.seed(),
                    MlpObjective.metric(genome.metric().name())));
            features.put(d, objectives.get(d).describe().orElseThrow());
            log("%s: %s", d, features.get(d));
        }

        try {
            // ---- earlier studies -----------------------------------------------------------
            Path all = work.resolve("archive-all");
            Map<String, Path> entryFiles = new LinkedHashMap<>();
            List<Map<String, Object>> earlier = new ArrayList<>();
            for (String d : datasets) {
                long start = System.nanoTime();
                List<String> notes = new ArrayList<>();
                Path before = newestEntry(all);
                StudyResult r;
                try (Study study = Study.builder().space(space).objective(objectives.get(d)).direction(Direction.MAXIMIZE)
                        .strategy(earlierStrategy, options(earlierStrategy, population, boInitial)).seed(EARLIER_SEED).workers(1)
                        .budget(Budget.trials(earlierTrials)).name("earlier-" + d).archive(all).listener(collector(notes)).build()) {
                    r = study.optimize();
                }
                Path file = archivedFile(notes, all, before);
                entryFiles.put(d, file);
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("dataset", d);
                e.put("study", "earlier-" + d);
                e.put("strategy", earlierStrategy);
                e.put("seed", EARLIER_SEED);
                e.put("trials", r.trials().size());
                e.put("best_validation_accuracy", r.best().map(Trial::value).orElse(Double.NaN));
                e.put("best_config", r.best().map(t -> t.config().canonical()).orElse(null));
                e.put("seconds", (System.nanoTime() - start) / 1e9);
                e.put("archive_file", file.getFileName().toString());
                e.put("features", featureMap(features.get(d)));
                earlier.add(e);
                log("earlier-%s: best %.4f in %.1f s", d, (Double) e.get("best_validation_accuracy"), (Double) e.get("seconds"));
            }

            // ---- leave-one-dataset-out archives ------------------------------------------------
            Map<String, Path> loo = new LinkedHashMap<>();
            Map<String, List<Map<String, Object>>> distances = new LinkedHashMap<>();
            for (String target : datasets) {
                Path folder = work.resolve("loo-" + target);
                Files.createDirectories(folder);
                for (String other : datasets) {
                    if (!other.equals(target)) {
                        Files.copy(entryFiles.get(other), folder.resolve(entryFiles.get(other).getFileName()),
                                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                loo.put(target, folder);
                // every other dataset's distance, as the warm start ranks them (not only the chosen ones)
                WarmStart.Plan plan = new WarmStart(folder, datasets.size(), configurations).plan(features.get(target), space, m -> {});
                List<Map<String, Object>> ranked = new ArrayList<>();
                for (WarmStart.Neighbour n : plan.neighbours()) {
                    ranked.add(Map.of("study", n.entry().study(), "distance", n.distance()));
                }
                distances.put(target, ranked);
            }

            // ---- cold and warm runs ------------------------------------------------------------
            List<Run> runs = new ArrayList<>();
            for (String d : datasets) {
                for (String s : strategies) {
                    for (long seed = 1; seed <= seeds; seed++) {
                        for (String mode : List.of("cold", "warm")) {
                            List<String> notes = new ArrayList<>();
                            long start = System.nanoTime();
                            var b = Study.builder().space(space).objective(objectives.get(d)).direction(Direction.MAXIMIZE)
                                    .strategy(s, options(s, population, boInitial)).seed(seed).workers(1)
                                    .budget(Budget.trials(trials)).name(d + "-" + s + "-" + mode + "-" + seed).listener(collector(notes));
                            if (mode.equals("warm")) b.warmStart(new WarmStart(loo.get(d), neighbours, configurations));
                            StudyResult r;
                            int warmCount;
                            double maxFidelity;
                            try (Study study = b.build()) {
                                r = study.optimize();
                                warmCount = study.warmStart().size();
                                maxFidelity = study.maxFidelity();
                            }
                            double seconds = (System.nanoTime() - start) / 1e9;
                            List<Trial> ordered = r.trials().stream().sorted(java.util.Comparator.comparingLong(Trial::id)).toList();
                            List<Double> raw = ordered.stream()
                                    .map(t -> t.state() == TrialState.COMPLETE ? t.value() : Double.NaN).toList();
                            List<Double> fidelities = ordered.stream().map(t -> t.record().fidelity()).toList();
                            List<Double> values = new ArrayList<>();
                            for (int i = 0; i < raw.size(); i++) {
                                boolean full = fidelities.get(i) <= 0 || fidelities.get(i) >= maxFidelity - 1e-9;
                                values.add(full ? raw.get(i) : Double.NaN);
                            }
                            double best = values.stream().filter(v -> !Double.isNaN(v)).mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
                            Run run = new Run(d, s, mode, seed, values, raw, fidelities, best, seconds,
                                    warmCount, r.count(TrialState.FAILED), notes);
                            runs.add(run);
                            log("%s %s %s seed %d: best %.4f in %.1f s (%d trials, %d warm, %d failed)", d, s, mode, seed,
                                    run.best(), seconds, values.size(), warmCount, run.failed());
                        }
                    }
                }
            }
            double totalSeconds = (System.nanoTime() - t0) / 1e9;

            Map<String, Object> setup = new LinkedHashMap<>();
            setup.put("genome", genomeFile.toString());
            setup.put("space", "the genome's, unchanged, for every dataset (epochs fixed by the genome)");
            setup.put("metric", "validation accuracy (maximised)");
            setup.put("split", Map.of("validation", split.validation(), "test", split.test(), "seed", split.seed()));
            Map<String, String> described = new LinkedHashMap<>();
            for (String d : datasets) {
                described.put(d, d.equals(FASHION) ? "Fashion-MNIST, the first " + fashionRows
                        + " training images (IDX copy; own test set of 2000, unused)" : "bundled " + d);
            }
            setup.put("datasets", described);
            Map<String, Integer> validationRows = new LinkedHashMap<>();
            for (String d : datasets) {
                validationRows.put(d, io.ams.data.Datasets.prepare(specs.get(d), split.validation(), split.test(), split.seed())
                        .validation().rows());
            }
            setup.put("validation_rows", validationRows);
            setup.put("earlier", Map.of("strategy", earlierStrategy, "trials", earlierTrials, "seed", EARLIER_SEED));
            setup.put("strategies", strategies);
            setup.put("strategy_options", "ga population " + population + "; bo initial " + boInitial
                    + (strategies.contains("hyperband") ? "; hyperband eta 3, fidelities 20/9, 20/3, 20 epochs (2, 7, 20 trained)" : ""));
            setup.put("seeds", seeds);
            setup.put("trials", trials);
            setup.put("warm_start", Map.of("neighbours", neighbours, "configurations", configurations));
            setup.put("workers", 1);
            setup.put("threads_per_trial", Runtime.getRuntime().availableProcessors());

            Map<String, Object> json = MetaLearningDatasetsReport.build(datasets, strategies, runs, trials, earlier, distances);
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("benchmark", "meta-learning-datasets");
            doc.put("date", BenchSupport.utcNow());
            doc.put("command", command);
            doc.put("note", note);
            doc.put("machine", machine);
            doc.put("total_seconds", totalSeconds);
            doc.put("setup", setup);
            doc.putAll(json);
            doc.put("runs", runs.stream().map(MetaLearningDatasets::runJson).toList());
            BenchSupport.writeJson(out.resolve("meta-learning-datasets.json"), doc);
            Files.writeString(out.resolve("meta-learning-datasets.md"), MetaLearningDatasetsReport.markdown(doc));
            log("wrote %s and %s in %.0f s", out.resolve("meta-learning-datasets.json"), out.resolve("meta-learning-datasets.md"), totalSeconds);
        } finally {
            objectives.values().forEach(MlpObjective::close);
        }
    }

    /** Hyperband's rungs: 20/9, 20/3 and 20 epochs (2, 7 and 20 trained), eta 3; the genome's 20 epochs at the top. */
    static final double HB_MAX = 20;

    /** Computes the figures and the report again from the runs a JSON written by this program holds (no study is run). */
    @SuppressWarnings("unchecked")
    static void rewrite(Path json, Path out) throws IOException {
        Map<String, Object> doc = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json.toFile(), LinkedHashMap.class);
        Map<String, Object> setup = (Map<String, Object>) doc.get("setup");
        List<String> datasets = new ArrayList<>(((Map<String, Object>) setup.get("datasets")).keySet());
        List<String> strategies = (List<String>) setup.get("strategies");
        int budget = ((Number) setup.get("trials")).intValue();
        List<Run> runs = new ArrayList<>();
        for (Map<String, Object> r : (List<Map<String, Object>>) doc.get("runs")) {
            List<Double> values = numbers((List<Object>) r.get("values"));
            List<Double> raw = r.containsKey("raw_values") ? numbers((List<Object>) r.get("raw_values")) : values;
            List<Double> fid = r.containsKey("fidelities") ? numbers((List<Object>) r.get("fidelities"))
                    : values.stream().map(v -> 0.0).toList();
            runs.add(new Run((String) r.get("dataset"), (String) r.get("strategy"), (String) r.get("mode"),
                    ((Number) r.get("seed")).longValue(), values, raw, fid, numbers(List.of(r.get("best"))).get(0),
                    ((Number) r.get("seconds")).doubleValue(), ((Number) r.get("warm_configurations")).intValue(),
                    ((Number) r.get("failed")).longValue(), (List<String>) r.get("notes")));
        }
        Map<String, List<Map<String, Object>>> distances = new LinkedHashMap<>();
        Map<String, Object> neighbours = (Map<String, Object>) doc.get("neighbours");
        for (String d : datasets) {
            List<Map<String, Object>> all = new ArrayList<>();
            for (Map<String, Object> n : (List<Map<String, Object>>) ((Map<String, Object>) neighbours.get(d)).get("all_by_distance")) {
                all.add(Map.of("study", n.get("study"), "distance", ((Number) n.get("distance")).doubleValue()));
            }
            distances.put(d, all);
        }
        List<Map<String, Object>> earlier = (List<Map<String, Object>>) doc.get("earlier_studies");
        for (Map<String, Object> e : earlier) {
            e.replaceAll((k, v) -> v instanceof Number n && !(v instanceof Integer) && !(v instanceof Long) ? (Object) n.doubleValue() : v);
        }
        Map<String, Object> rebuilt = new LinkedHashMap<>();
        for (String k : List.of("benchmark", "date", "command", "note", "machine", "total_seconds", "setup")) rebuilt.put(k, doc.get(k));
        rebuilt.put("total_seconds", ((Number) doc.get("total_seconds")).doubleValue());
        rebuilt.put("rewritten", "The figures and this report were computed again on " + BenchSupport.utcNow() + " from the runs"
                + " stored in the JSON (`MetaLearningDatasets from-json=...`, the code of the commit that holds this file); the runs"
                + " themselves are those of the command above.");
        rebuilt.putAll(MetaLearningDatasetsReport.build(datasets, strategies, runs, budget, earlier, distances));
        rebuilt.put("runs", runs.stream().map(MetaLearningDatasets::runJson).toList());
        BenchSupport.writeJson(out.resolve("meta-learning-datasets.json"), rebuilt);
        Files.writeString(out.resolve("meta-learning-datasets.md"), MetaLearningDatasetsReport.markdown(rebuilt));
        log("rewrote %s and %s from %s", out.resolve("meta-learning-datasets.json"), out.resolve("meta-learning-datasets.md"), json);
    }

    static List<Double> numbers(List<Object> list) {
        return list.stream().map(o -> o instanceof Number n ? n.doubleValue() : Double.NaN).toList();
    }

    static Map<String, Object> options(String strategy, int population, int boInitial) {
        return switch (strategy) {
            case "ga" -> Map.of("population", population);
            case "bo" -> Map.of("initial", boInitial);
            case "hyperband" -> Map.of("min_fidelity", HB_MAX / 9, "max_fidelity", HB_MAX, "eta", 3);
            default -> Map.of();
        };
    }

    static StudyListener collector(List<String> notes) {
        return new StudyListener() {
            @Override public void note(String message) { notes.add(message); }
        };
    }

    /** The file the study's "archived in FILE" note names, else the newest entry that was not there before. */
    static Path archivedFile(List<String> notes, Path folder, Path before) throws IOException {
        for (String n : notes) {
            if (n.startsWith("archived in ")) return Path.of(n.substring("archived in ".length()).trim());
        }
        Path newest = newestEntry(folder);
        if (newest == null || newest.equals(before)) throw new IllegalStateException("the study was not archived: " + notes);
        return newest;
    }

    static Path newestEntry(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) return null;
        try (var files = Files.list(folder)) {
            return files.filter(p -> p.toString().endsWith(".json"))
                    .max(java.util.Comparator.comparingLong(p -> p.toFile().lastModified())).orElse(null);
        }
    }

    /** The machine's processors (/proc/cpuinfo), whatever the JVM was told to see. */
    static int cpuCount() {
        try {
            return (int) Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("processor")).count();
        } catch (IOException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    static Map<String, Object> featureMap(TaskFeatures f) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < f.names().size(); i++) m.put(f.names().get(i), f.values()[i]);
        return m;
    }

    /** The chosen neighbours and distances the warm start's note names. */
    static List<Map<String, Object>> neighboursFromNotes(List<String> notes) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String n : notes) {
            if (!n.startsWith("warm start: ")) continue;
            Matcher m = NEIGHBOUR.matcher(n);
            while (m.find()) {
                out.add(Map.of("study", m.group(1), "distance", m.group(2).equals("NaN") ? Double.NaN : Double.parseDouble(m.group(2))));
            }
        }
        return out;
    }

    static Map<String, Object> runJson(Run r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", r.dataset());
        m.put("strategy", r.strategy());
        m.put("mode", r.mode());
        m.put("seed", r.seed());
        m.put("best", r.best());
        m.put("seconds", r.seconds());
        m.put("warm_configurations", r.warmConfigurations());
        m.put("failed", r.failed());
        m.put("values", r.values().stream().map(StrategyComparison::jsonNumber).toList());
        if (r.fidelities().stream().anyMatch(f -> f > 0)) {
            m.put("raw_values", r.rawValues().stream().map(StrategyComparison::jsonNumber).toList());
            m.put("fidelities", r.fidelities());
        }
        m.put("notes", r.notes());
        return m;
    }

    static void log(String format, Object... args) {
        System.err.println("[meta-learning-datasets] " + String.format(Locale.ROOT, format, args));
    }
}
