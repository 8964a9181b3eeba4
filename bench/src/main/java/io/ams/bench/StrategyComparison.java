package io.ams.bench;

import static io.ams.bench.BenchSupport.fixed;
import static io.ams.bench.BenchSupport.num;
import static io.ams.bench.BenchSupport.quantile;

import io.ams.engine.Budget;
import io.ams.core.Direction;
import io.ams.engine.Study;
import io.ams.engine.StudyResult;
import io.ams.engine.Trial;
import io.ams.models.MlpObjective;
import io.ams.eval.Objective;
import io.ams.models.TestFunctions;
import io.ams.genome.Genome;
import io.ams.genome.ObjectiveSpec;
import io.ams.space.Parameter;
import io.ams.space.SearchSpace;
import io.ams.genome.SplitSpec;
import io.ams.store.TrialState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The four search strategies side by side at equal budget: on test functions with known minima
 * (Branin, Rosenbrock-10, Hartmann-6; many seeds) and on the Fashion-MNIST MLP search (few
 * seeds, a small budget, 2 epochs on a 12,000-image subset, so that it fits in minutes). Every study runs with workers=1, so a trajectory
 * depends on the seed alone, and with each strategy's default options unless stated.
 * Seeds are the outer loop, so a drift in machine load spreads over all strategies.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.ams.bench.StrategyComparison \
 *     seeds=10 mlp-seeds=3 mlp-trials=24 mlp-epochs=2 mlp-rows=12000 out=bench/results
 * </pre>
 *
 * Options: {@code strategies=random,ga,regevo,local}, {@code functions=branin,rosenbrock10,hartmann6},
 * {@code seeds=10}, {@code mlp-seeds=3} (0 skips the MLP part), {@code mlp-trials=24},
 * {@code mlp-rows=12000} (the first N Fashion-MNIST training images, copied to a temp IDX folder; 0: all),
 * {@code mlp-epochs=2}, {@code mlp-population=6} (ga and regevo population for the MLP part),
 * {@code genome=genomes/mlp-fashion.yaml}, {@code out=bench/results}, {@code command=...} (recorded).
 * Writes {@code strategies.md} and {@code strategies.json} in {@code out}.
 */
public final class StrategyComparison {
    private StrategyComparison() {}

    /** A value threshold: evaluations until the best so far is at or below it (minimising). */
    record Target(String label, double value) {}

    record Problem(String name, String description, SearchSpace space, Objective objective, double minimum, int budget,
                   List<Target> targets) {}

    /** One study's outcome. */
    record Run(String problem, String strategy, long seed, int trials, double best, double regret, double seconds,
               List<Integer> evalsToTarget, double meanTrialSeconds, long failed, long duplicates, String stopReason) {}

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = BenchSupport.args(argv);
        List<String> strategies = List.of(a.getOrDefault("strategies", "random,ga,regevo,local").split(","));
        List<String> functions = java.util.Arrays.stream(a.getOrDefault("functions", "branin,rosenbrock10,hartmann6").split(","))
                .filter(f -> !f.isBlank()).toList();
        int seeds = Integer.parseInt(a.getOrDefault("seeds", "10"));
        int mlpSeeds = Integer.parseInt(a.getOrDefault("mlp-seeds", "3"));
        int mlpTrials = Integer.parseInt(a.getOrDefault("mlp-trials", "24"));
        // at least 2: the genome's warmup_epochs may be 1, and a cosine schedule needs more epochs than warm-up
        int mlpEpochs = Integer.parseInt(a.getOrDefault("mlp-epochs", "2"));
        if (mlpEpochs < 2) throw new IllegalArgumentException("mlp-epochs must be >= 2 (warmup_epochs can be 1), got " + mlpEpochs);
        int mlpPopulation = Integer.parseInt(a.getOrDefault("mlp-population", "6"));
        // the first N rows of Fashion-MNIST's training set (0: all 60,000); the set is class-balanced and shuffled
        int mlpRows = Integer.parseInt(a.getOrDefault("mlp-rows", "12000"));
        Path genomeFile = Path.of(a.getOrDefault("genome", "genomes/mlp-fashion.yaml"));
        Path out = Path.of(a.getOrDefault("out", "bench/results"));
        String command = a.getOrDefault("command", "java io.ams.bench.StrategyComparison " + String.join(" ", argv));

        if (a.containsKey("from-json")) {
            // re-render the report of an earlier run (e.g. after a change to the report's wording), adding note=
            @SuppressWarnings("unchecked")
            Map<String, Object> json = new com.fasterxml.jackson.databind.ObjectMapper().readValue(
                    Path.of(a.get("from-json")).toFile(), LinkedHashMap.class);
            if (a.containsKey("note")) json.put("note", a.get("note"));
            BenchSupport.writeJson(out.resolve("strategies.json"), json);
            Files.writeString(out.resolve("strategies.md"), markdown(json, strategies, ((Number) ((Map<?, ?>)
                    ((List<?>) json.get("functions")).get(0)).get("seeds")).intValue()));
            return;
        }
        Map<String, Object> machine = BenchSupport.machine();
        String date = BenchSupport.utcNow();
        long t0 = System.nanoTime();

        List<Problem> problems = new ArrayList<>();
        for (String f : functions) problems.add(problem(f));
        List<Run> runs = new ArrayList<>();
        for (Problem p : problems) {
            for (long seed = 1; seed <= seeds; seed++) {
                for (String s : strategies) {
                    Run r = runFunction(p, s, seed);
                    runs.add(r);
                    log("%s %s seed %d: best %s (regret %s) in %.2f s", p.name(), s, seed, num(r.best()), num(r.regret()),
                            r.seconds());
                }
            }
        }

        List<Map<String, Object>> mlpRuns = new ArrayList<>();
        Map<String, Object> mlpSetup = new LinkedHashMap<>();
        if (mlpSeeds > 0) {
            mlpRuns = runMlp(genomeFile, strategies, mlpSeeds, mlpTrials, mlpEpochs, mlpPopulation, mlpRows, mlpSetup);
        }
        double totalSeconds = (System.nanoTime() - t0) / 1e9;

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "strategies");
        json.put("date", date);
        json.put("command", command);
        json.put("machine", machine);
        json.put("load_average_at_end", BenchSupport.loadAverage());
        json.put("total_seconds", totalSeconds);
        if (a.containsKey("note")) json.put("note", a.get("note"));
        json.put("workers", 1);
        json.put("strategy_options", "engine defaults: ga population 16, elites 2, tournament 3, crossover 0.5,"
                + " mutation 0.15; regevo population 20, sample 5; local sigma 0.2, min_sigma 0.005, patience 20");
        List<Map<String, Object>> problemsJson = new ArrayList<>();
        for (Problem p : problems) problemsJson.add(summary(p, strategies, runs, seeds));
        json.put("functions", problemsJson);
        if (mlpSeeds > 0) {
            Map<String, Object> mlp = new LinkedHashMap<>(mlpSetup);
            mlp.put("summary", mlpSummary(strategies, mlpRuns));
            mlp.put("runs", mlpRuns);
            json.put("mlp", mlp);
        }
        BenchSupport.writeJson(out.resolve("strategies.json"), json);
        Files.writeString(out.resolve("strategies.md"), markdown(json, strategies, seeds));
        log("wrote %s and %s (%.0f s)", out.resolve("strategies.md"), out.resolve("strategies.json"), totalSeconds);
    }

    // ---- test functions ---------------------------------------------------------------------

    static Problem problem(String name) {
        return switch (name) {
            case "branin" -> new Problem("branin", "Branin-Hoo, x1 in [-5, 10], x2 in [0, 15]",
                    SearchSpace.builder().add(Parameter.real("x1", -5, 10), Parameter.real("x2", 0, 15)).build(),
                    (c, ctx) -> TestFunctions.branin(c.getDouble("x1"), c.getDouble("x2")),
                    TestFunctions.BRANIN_MIN, 100,
                    List.of(new Target("regret <= 0.1", TestFunctions.BRANIN_MIN + 0.1),
                            new Target("regret <= 0.01", TestFunctions.BRANIN_MIN + 0.01)));
            case "rosenbrock10" -> {
                SearchSpace.Builder b = SearchSpace.builder();
                for (int i = 1; i <= 10; i++) b.add(Parameter.real("x" + i, -2.048, 2.048));
                yield new Problem("rosenbrock10", "Rosenbrock, 10 dimensions, each in [-2.048, 2.048]", b.build(),
                        (c, ctx) -> TestFunctions.rosenbrock(xs(c, 10)), 0.0, 300,
                        List.of(new Target("best < 10", 10), new Target("best < 100", 100)));
            }
            case "hartmann6" -> {
                SearchSpace.Builder b = SearchSpace.builder();
                for (int i = 1; i <= 6; i++) b.add(Parameter.real("x" + i, 0, 1));
                yield new Problem("hartmann6", "Hartmann-6 on [0, 1]^6", b.build(),
                        (c, ctx) -> TestFunctions.hartmann6(xs(c, 6)), TestFunctions.HARTMANN6_MIN, 200,
                        List.of(new Target("regret <= 0.5", TestFunctions.HARTMANN6_MIN + 0.5),
                                new Target("regret <= 0.1", TestFunctions.HARTMANN6_MIN + 0.1)));
            }
            default -> throw new IllegalArgumentException("unknown function " + name + "; branin, rosenbrock10, hartmann6");
        };
    }

    private static double[] xs(io.ams.space.Config c, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = c.getDouble("x" + (i + 1));
        return x;
    }

    static Run runFunction(Problem p, String strategy, long seed) {
        long start = System.nanoTime();
        StudyResult r;
        try (Study study = Study.builder().space(p.space()).objective(p.objective()).direction(Direction.MINIMIZE)
                .strategy(strategy, Map.of()).budget(Budget.trials(p.budget())).seed(seed).workers(1).build()) {
            r = study.optimize();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Trial> trials = r.trials();
        double best = r.best().map(Trial::value).orElse(Double.NaN);
        List<Integer> evals = new ArrayList<>();
        for (Target t : p.targets()) evals.add(evaluationsTo(trials, t.value()));
        return new Run(p.name(), strategy, seed, trials.size(), best, best - p.minimum(), seconds, evals,
                trials.stream().mapToLong(Trial::millis).average().orElse(0) / 1e3, r.count(TrialState.FAILED),
                duplicates(trials), r.stopReason());
    }

    /** Trials the engine recorded as a duplicate of a completed one (same configuration): no evaluation, but budget spent. */
    static long duplicates(List<Trial> trials) {
        return trials.stream().filter(t -> t.record().isDuplicate()).count();
    }

    /** 1-based count of trials (in id order, which with one worker is evaluation order) until one is <= threshold; -1 if none. */
    static int evaluationsTo(List<Trial> trials, double threshold) {
        for (int i = 0; i < trials.size(); i++) {
            double v = trials.get(i).value();
            if (!Double.isNaN(v) && v <= threshold) return i + 1;
        }
        return -1;
    }

    private static Map<String, Object> summary(Problem p, List<String> strategies, List<Run> runs, int seeds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("problem", p.name());
        m.put("description", p.description());
        m.put("known_minimum", p.minimum());
        m.put("budget", p.budget());
        m.put("seeds", seeds);
        m.put("targets", p.targets().stream().map(Target::label).toList());
        Map<String, Object> byStrategy = new LinkedHashMap<>();
        List<Run> randomRuns = runs.stream().filter(r -> r.problem().equals(p.name()) && r.strategy().equals("random")).toList();
        double randomRegret = BenchSupport.median(randomRuns.stream().mapToDouble(Run::regret).toArray());
        double[] randomEvals = randomRuns.isEmpty() ? null : randomRuns.stream().mapToDouble(r -> r.evalsToTarget().get(0) < 0
                ? Double.POSITIVE_INFINITY : r.evalsToTarget().get(0)).toArray();
        for (String s : strategies) {
            List<Run> rs = runs.stream().filter(r -> r.problem().equals(p.name()) && r.strategy().equals(s)).toList();
            double[] best = rs.stream().mapToDouble(Run::best).toArray();
            double[] regret = rs.stream().mapToDouble(Run::regret).toArray();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("best", stats(best));
            e.put("regret", stats(regret));
            double medRegret = BenchSupport.median(regret);
            e.put("regret_ratio_vs_random", medRegret / randomRegret);
            List<Map<String, Object>> targets = new ArrayList<>();
            double[] firstEvals = null;
            for (int t = 0; t < p.targets().size(); t++) {
                final int ti = t;
                double[] ev = rs.stream().mapToDouble(r -> r.evalsToTarget().get(ti) < 0
                        ? Double.POSITIVE_INFINITY : r.evalsToTarget().get(ti)).toArray();
                if (t == 0) firstEvals = ev;
                Map<String, Object> tm = new LinkedHashMap<>();
                tm.put("target", p.targets().get(t).label());
                tm.put("reached", Arrays.stream(ev).filter(Double::isFinite).count());
                tm.put("runs", ev.length);
                tm.put("evaluations_median", jsonNumber(BenchSupport.median(ev)));
                tm.put("evaluations_q1", jsonNumber(quantile(ev, 0.25)));
                tm.put("evaluations_q3", jsonNumber(quantile(ev, 0.75)));
                tm.put("evaluations_per_seed", Arrays.stream(ev).mapToObj(StrategyComparison::jsonNumber).toList());
                targets.add(tm);
            }
            e.put("targets", targets);
            if (randomEvals != null && firstEvals != null) {
                double r = BenchSupport.median(randomEvals), own = BenchSupport.median(firstEvals);
                e.put("speedup_vs_random_first_target", jsonNumber(r / own));
                // random never got there (at the median) but this strategy did: at least budget / own
                e.put("speedup_display", Double.isInfinite(r) && Double.isFinite(own) ? "> " + fixed(p.budget() / own, 1)
                        : Double.isNaN(r / own) ? "n/a" : fixed(r / own, 2));
            }
            e.put("seconds_per_study_median", BenchSupport.median(rs.stream().mapToDouble(Run::seconds).toArray()));
            e.put("failed_trials", rs.stream().mapToLong(Run::failed).sum());
            e.put("duplicate_trials_median", BenchSupport.median(rs.stream().mapToDouble(Run::duplicates).toArray()));
            e.put("duplicate_trials_max", rs.stream().mapToLong(Run::duplicates).max().orElse(0));
            e.put("per_seed", rs.stream().map(r -> Map.of("seed", r.seed(), "best", r.best(), "trials", r.trials(),
                    "evaluations_to_targets", r.evalsToTarget(), "seconds", r.seconds(),
                    "duplicates", r.duplicates())).toList());
            byStrategy.put(s, e);
        }
        m.put("strategies", byStrategy);
        return m;
    }

    private static Map<String, Object> stats(double[] v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("median", BenchSupport.median(v));
        m.put("q1", quantile(v, 0.25));
        m.put("q3", quantile(v, 0.75));
        m.put("min", quantile(v, 0));
        m.put("max", quantile(v, 1));
        return m;
    }

    /** JSON has no infinity: "inf" for a target never reached. */
    static Object jsonNumber(double v) {
        return Double.isInfinite(v) ? "inf" : Double.isNaN(v) ? "n/a" : v;
    }

    // ---- MLP on Fashion-MNIST ---------------------------------------------------------------

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> runMlp(Path genomeFile, List<String> strategies, int seeds, int trials, int epochs,
                                            int population, int rows, Map<String, Object> setup) throws IOException {
        String text = Files.readString(genomeFile);
        Path subset = null;
        if (rows > 0) {
            subset = Files.createTempDirectory("ams-fmnist-subset-");
            writeIdxSubset(Path.of(io.ams.data.Datasets.FASHION_MNIST_DIR), subset, rows, 2000);
            text = replaceOnce(text, "mlp: {dataset: fashion-mnist}", "mlp: {dataset: 'idx:" + subset + "'}");
        }
        String scaled = replaceOnce(text, "    epochs: 8\n", "    epochs: " + epochs + "\n");
        scaled = replaceOnce(scaled, "finetune_epochs: {fixed: 2,", "finetune_epochs: {fixed: " + Math.min(2, epochs - 1) + ",");
        Genome g = Genome.parse(scaled, genomeFile + " (epochs " + epochs + ")");
        ObjectiveSpec.Mlp spec = (ObjectiveSpec.Mlp) g.objective();
        SplitSpec split = g.split().orElse(SplitSpec.DEFAULT);
        setup.put("genome", genomeFile.toString());
        setup.put("changes", "epochs 8 -> " + epochs + ", pruning finetune_epochs 2 -> " + Math.min(2, epochs - 1)
                + "; the space is otherwise the genome's");
        setup.put("dataset", rows > 0 ? "fashion-mnist, the first " + rows + " training images (IDX copy in a temp"
                + " folder; test set: first 2000, unused by the search)" : spec.dataset());
        setup.put("split", Map.of("validation", split.validation(), "test", split.test(), "seed", split.seed()));
        setup.put("metric", g.metric().name() + " (" + g.metric().direction() + "), on the validation split");
        setup.put("trials_per_study", trials);
        setup.put("seeds", seeds);
        setup.put("workers", 1);
        setup.put("strategy_options", "ga population " + population + " (other ga options default); regevo population "
                + population + ", sample 3; local and random defaults");
        long load = System.nanoTime();
        List<Map<String, Object>> runs = new ArrayList<>();
        try (MlpObjective objective = new MlpObjective(spec.dataset(), split.validation(), split.test(), split.seed(),
                MlpObjective.metric(g.metric().name()))) {
            setup.put("data_load_seconds", (System.nanoTime() - load) / 1e9);
            for (long seed = 1; seed <= seeds; seed++) {
                for (String s : strategies) {
                    Map<String, Object> options = switch (s) {
                        case "ga" -> Map.of("population", population);
                        case "regevo" -> Map.of("population", population, "sample", Math.min(3, population));
                        case "saga" -> Map.of("population", population);
                        // the default design (dimensions + 1, at most 20) would take most of a small budget
                        case "bo" -> Map.of("initial", Math.max(5, trials / 4));
                        default -> Map.of();
                    };
                    long start = System.nanoTime();
                    StudyResult r;
                    try (Study study = Study.builder().space(g.space()).objective(objective)
                            .direction(g.metric().direction()).strategy(s, options).budget(Budget.trials(trials))
                            .seed(seed).workers(1).build()) {
                        r = study.optimize();
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    double best = r.best().map(Trial::value).orElse(Double.NaN);
                    Map<String, Object> run = new LinkedHashMap<>();
                    run.put("strategy", s);
                    run.put("seed", seed);
                    run.put("trials", r.trials().size());
                    run.put("best_validation_accuracy", best);
                    run.put("best_config", r.best().map(t -> t.config().canonical()).orElse(null));
                    run.put("seconds", seconds);
                    run.put("failed", r.count(TrialState.FAILED));
                    run.put("duplicates", duplicates(r.trials()));
                    run.put("errors", r.trials().stream().filter(t -> t.error() != null).map(t -> "trial " + t.id() + ": "
                            + t.error() + " | " + t.config().canonical()).toList());
                    run.put("stop_reason", r.stopReason());
                    run.put("values", r.trials().stream().map(t -> jsonNumber(t.value())).toList());
                    run.put("trial_seconds", r.trials().stream().map(t -> t.millis() / 1e3).toList());
                    runs.add(run);
                    log("mlp %s seed %d: best accuracy %s in %.1f s (%d trials, %d failed)", s, seed, fixed(best, 4),
                            seconds, r.trials().size(), r.count(TrialState.FAILED));
                }
            }
        } finally {
            if (subset != null) {
                try (var files = Files.list(subset)) {
                    for (Path f : files.toList()) Files.deleteIfExists(f);
                }
                Files.deleteIfExists(subset);
            }
        }
        return runs;
    }

    /** Copies the first {@code trainRows} / {@code testRows} items of an MNIST-format folder (gzipped or not) as plain IDX files. */
    static void writeIdxSubset(Path from, Path to, int trainRows, int testRows) throws IOException {
        copyIdx(from, to, io.ams.data.IdxLoader.TRAIN_IMAGES, trainRows);
        copyIdx(from, to, io.ams.data.IdxLoader.TRAIN_LABELS, trainRows);
        copyIdx(from, to, io.ams.data.IdxLoader.TEST_IMAGES, testRows);
        copyIdx(from, to, io.ams.data.IdxLoader.TEST_LABELS, testRows);
    }

    private static void copyIdx(Path from, Path to, String base, int count) throws IOException {
        Path src = Files.exists(from.resolve(base)) ? from.resolve(base) : from.resolve(base + ".gz");
        try (var raw = Files.newInputStream(src);
             var in = new java.io.DataInputStream(new java.io.BufferedInputStream(
                     src.toString().endsWith(".gz") ? new java.util.zip.GZIPInputStream(raw) : raw));
             var out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(to.resolve(base))))) {
            int magic = in.readInt();
            int dims = magic & 0xff;
            int n = in.readInt();
            if (count > n) throw new IllegalArgumentException(src + " has " + n + " items, asked for " + count);
            out.writeInt(magic);
            out.writeInt(count);
            long itemBytes = 1;
            for (int d = 1; d < dims; d++) {
                int size = in.readInt();
                out.writeInt(size);
                itemBytes *= size;
            }
            byte[] data = in.readNBytes((int) (itemBytes * count));
            out.write(data);
        }
    }

    private static String replaceOnce(String text, String from, String to) {
        int i = text.indexOf(from);
        if (i < 0 || text.indexOf(from, i + 1) >= 0) {
            throw new IllegalStateException("the genome no longer has exactly one '" + from.trim() + "'; update StrategyComparison");
        }
        return text.substring(0, i) + to + text.substring(i + from.length());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mlpSummary(List<String> strategies, List<Map<String, Object>> runs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String s : strategies) {
            List<Map<String, Object>> rs = runs.stream().filter(r -> r.get("strategy").equals(s)).toList();
            double[] best = rs.stream().mapToDouble(r -> (double) r.get("best_validation_accuracy")).toArray();
            double[] trialSeconds = rs.stream().flatMap(r -> ((List<Double>) r.get("trial_seconds")).stream())
                    .mapToDouble(Double::doubleValue).toArray();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("best_accuracy_per_seed", Arrays.stream(best).boxed().toList());
            e.put("best_accuracy_mean", BenchSupport.mean(best));
            e.put("best_accuracy_min", quantile(best, 0));
            e.put("best_accuracy_max", quantile(best, 1));
            e.put("trial_seconds_median", BenchSupport.median(trialSeconds));
            e.put("study_seconds_mean", BenchSupport.mean(rs.stream().mapToDouble(r -> (double) r.get("seconds")).toArray()));
            e.put("failed_trials", rs.stream().mapToLong(r -> (long) r.get("failed")).sum());
            e.put("duplicate_trials", rs.stream().mapToLong(r -> (long) r.get("duplicates")).sum());
            m.put(s, e);
        }
        return m;
    }

    // ---- report -------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static String markdown(Map<String, Object> json, List<String> strategies, int seeds) {
        StringBuilder md = new StringBuilder();
        md.append("# Search strategies at equal budget\n\n");
        md.append("Date: ").append(json.get("date")).append("  \n");
        md.append("Machine: ").append(BenchSupport.machineLine((Map<String, Object>) json.get("machine")))
                .append("; at end ").append(json.get("load_average_at_end")).append("  \n");
        md.append("Command: `").append(json.get("command")).append("`  \n");
        md.append("Total time: ").append(fixed(((Number) json.get("total_seconds")).doubleValue(), 0)).append(" s\n\n");
        if (json.get("note") != null) md.append("Note: ").append(json.get("note")).append("\n\n");
        md.append("Every study: `Study.builder()...workers(1).optimize()`, in-memory store, seeds 1..N; strategy options are ")
                .append(json.get("strategy_options")).append(". With one worker a trajectory depends on the seed alone, so ")
                .append("the values below are reproducible; only the seconds are noisy (a shared 2-core machine).\n\n");
        md.append("Regret = best - known minimum. Median [Q1, Q3] over seeds (linear interpolation). ")
                .append("\"regret / random\" divides a strategy's median regret by random search's (< 1: better than random). ")
                .append("\"evals to target\" counts trials until the first one at or below the target; a run that never gets ")
                .append("there counts as infinite (shown \"> budget\"), so a median is finite only when at least half the runs got there. ")
                .append("\"speed-up\" = random's median evals to the first target / the strategy's (> 1: faster than random; \"> x\" when random's median run never got there, x = budget / the strategy's median). ")
                .append("\"duplicates\": trials whose configuration equals an already completed one; the engine records them ")
                .append("with the earlier value and evaluates nothing, but they count against the trial budget.\n\n");
        List<Map<String, Object>> fs = (List<Map<String, Object>>) json.get("functions");
        for (Map<String, Object> f : fs) {
            List<String> targets = (List<String>) f.get("targets");
            md.append("## ").append(f.get("problem")).append(": ").append(f.get("description")).append("\n\n");
            md.append("Budget ").append(f.get("budget")).append(" trials, ").append(seeds).append(" seeds, known minimum ")
                    .append(num(d(f.get("known_minimum")))).append(".\n\n");
            md.append("| strategy | best: median [Q1, Q3] | regret: median [Q1, Q3] | regret / random |");
            for (String t : targets) md.append(" ").append(t).append(": reached, evals median [Q1, Q3] |");
            md.append(" speed-up (").append(targets.get(0)).append(") | duplicates: median (max) | s per study |\n");
            md.append("|---|---|---|---|");
            for (int i = 0; i < targets.size(); i++) md.append("---|");
            md.append("---|---|---|\n");
            Map<String, Object> bys = (Map<String, Object>) f.get("strategies");
            for (String s : strategies) {
                Map<String, Object> e = (Map<String, Object>) bys.get(s);
                md.append("| ").append(s.equals("random") ? "random (baseline)" : s).append(" | ")
                        .append(range((Map<String, Object>) e.get("best"))).append(" | ")
                        .append(range((Map<String, Object>) e.get("regret"))).append(" | ")
                        .append(fixed(d(e.get("regret_ratio_vs_random")), 3)).append(" |");
                for (Map<String, Object> t : (List<Map<String, Object>>) e.get("targets")) {
                    md.append(" ").append(t.get("reached")).append("/").append(t.get("runs")).append(", ")
                            .append(evals(t.get("evaluations_median"), f.get("budget"))).append(" [")
                            .append(evals(t.get("evaluations_q1"), f.get("budget"))).append(", ")
                            .append(evals(t.get("evaluations_q3"), f.get("budget"))).append("] |");
                }
                md.append(" ").append(e.getOrDefault("speedup_display", "n/a")).append(" | ")
                        .append(fixed(d(e.get("duplicate_trials_median")), 0)).append(" (").append(e.get("duplicate_trials_max"))
                        .append(") | ")
                        .append(fixed(d(e.get("seconds_per_study_median")), 3)).append(" |\n");
            }
            md.append("\n");
        }
        Map<String, Object> mlp = (Map<String, Object>) json.get("mlp");
        if (mlp != null) {
            md.append("## MLP on Fashion-MNIST\n\n");
            md.append("Genome `").append(mlp.get("genome")).append("` with ").append(mlp.get("changes")).append(". Data: ")
                    .append(mlp.get("dataset")).append(". ")
                    .append(mlp.get("trials_per_study")).append(" trials per study, ").append(mlp.get("seeds"))
                    .append(" seeds, workers 1 (each trial gets both cores' BLAS threads); ")
                    .append(mlp.get("strategy_options")).append(". Metric: ").append(mlp.get("metric"))
                    .append(" (split ").append(mlp.get("split")).append("). Data loaded once, ")
                    .append(fixed(d(mlp.get("data_load_seconds")), 1)).append(" s.\n\n");
            md.append("| strategy | best validation accuracy per seed | mean | median s per trial | s per study | failed trials | duplicates |\n");
            md.append("|---|---|---|---|---|---|---|\n");
            Map<String, Object> sum = (Map<String, Object>) mlp.get("summary");
            for (String s : strategies) {
                Map<String, Object> e = (Map<String, Object>) sum.get(s);
                List<Object> per = (List<Object>) e.get("best_accuracy_per_seed");
                md.append("| ").append(s).append(" | ")
                        .append(String.join(", ", per.stream().map(v -> fixed(d(v), 4)).toList())).append(" | ")
                        .append(fixed(d(e.get("best_accuracy_mean")), 4)).append(" | ")
                        .append(fixed(d(e.get("trial_seconds_median")), 1)).append(" | ")
                        .append(fixed(d(e.get("study_seconds_mean")), 0)).append(" | ")
                        .append(e.get("failed_trials")).append(" | ").append(e.get("duplicate_trials")).append(" |\n");
            }
            md.append("\nWith this few trials and seeds the MLP rows say little about which strategy is better: the ")
                    .append("population-based strategies spend their first ").append("population-sized batch on random ")
                    .append("points, and seed-to-seed spread is of the same order as the differences. It shows the ")
                    .append("strategies run end to end on the real objective at equal budget.\n");
        }
        return md.toString();
    }

    /** A number from the report's map, whether made here or read back from JSON ("NaN" comes back as a string). */
    private static double d(Object o) {
        return o instanceof Number n ? n.doubleValue() : o == null ? Double.NaN : Double.parseDouble(String.valueOf(o));
    }

    private static String range(Map<String, Object> s) {
        return num(d(s.get("median"))) + " [" + num(d(s.get("q1"))) + ", " + num(d(s.get("q3"))) + "]";
    }

    private static String evals(Object v, Object budget) {
        if (v instanceof Double d) return String.format(Locale.ROOT, "%.0f", d);
        return "inf".equals(v) ? "> " + budget : String.valueOf(v);
    }

    static void log(String format, Object... args) {
        System.err.println("[strategies] " + String.format(Locale.ROOT, format, args));
    }
}
