package io.ams.bench;

import static io.ams.bench.BenchSupport.fixed;
import static io.ams.bench.BenchSupport.num;
import static io.ams.bench.BenchSupport.quantile;

import io.ams.core.Direction;
import io.ams.engine.Budget;
import io.ams.engine.Study;
import io.ams.engine.StudyResult;
import io.ams.engine.Trial;
import io.ams.eval.Objective;
import io.ams.genome.Genome;
import io.ams.genome.ObjectiveSpec;
import io.ams.genome.SplitSpec;
import io.ams.models.MlpObjective;
import io.ams.models.TestFunctions;
import io.ams.space.Parameter;
import io.ams.space.SearchSpace;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * Strategies v2 (bench/results/strategies-v2.md): Ams's strategies on seven test functions
 * (Branin, Hartmann-6, Rosenbrock-10, rotated and shifted Ellipsoid-10 and Rastrigin-10,
 * Styblinski-Tang-20, Griewank-20) at 100 / 300 / 1,000 evaluations, beside Optuna's samplers
 * (bench/python/optuna_functions_v2.py), and the cost of deterministic studies with 2 workers
 * on the digits MLP. Four modes:
 *
 * <ul>
 *   <li>{@code mode=reference seeds=N out=FILE}: each function's bounds, minimum and, for
 *       instances 0..N-1, shift, rotation and values at a few points, for the Python side to check
 *       its port against;</li>
 *   <li>{@code mode=functions seeds=N budgets=100,300,1000 strategies=... functions=... caps=bo:300
 *       out=FILE}: every (function, strategy, seed) with one worker to the largest budget (or the
 *       strategy's cap); seed s uses instance s of a rotated function and strategy seed s;</li>
 *   <li>{@code mode=determinism genome=genomes/mlp-digits.yaml strategies=bo,regevo trials=60 reps=2
 *       out=FILE}: the MLP genome with 2 workers, deterministic true and false, trials/s and idle share;</li>
 *   <li>{@code mode=report ams=FILE optuna=FILE determinism=FILE out=DIR}: strategies-v2.md and .json.</li>
 * </ul>
 */
public final class StrategiesV2 {
    private StrategiesV2() {}

    /** A benchmark problem: a built-in function of {@code dimension} variables on a box. */
    record Fn(String name, String builtin, int dimension, double low, double high, double[] lows, double[] highs) {
        double minimum() { return TestFunctions.minimum(builtin, dimension); }

        boolean instanced() { return TestFunctions.INSTANCED.contains(builtin); }

        SearchSpace space() {
            SearchSpace.Builder b = SearchSpace.builder();
            for (int i = 0; i < dimension; i++) b.add(Parameter.real("x" + (i + 1), lows[i], highs[i]));
            return b.build();
        }

        ToDoubleFunction<double[]> at(int instance) { return TestFunctions.of(builtin, dimension, instanced() ? instance : 0); }
    }

    /** Hartmann-6's minimum as scipy's BFGS finds it (optuna_functions.py); TestFunctions.HARTMANN6_MIN is 2.4e-11 above. */
    static final double HARTMANN6_TRUE_MIN = -3.32236801141551;

    /** Regrets below this are machine precision: two medians both below it are a tie. */
    static final double PRECISION = 1e-12;

    static final List<String> ALL = List.of("branin", "hartmann6", "rosenbrock10", "ellipsoid10", "rastrigin10",
            "styblinski20", "griewank20");

    static Fn fn(String name) {
        return switch (name) {
            case "branin" -> new Fn(name, "branin", 2, 0, 0, new double[] {-5, 0}, new double[] {10, 15});
            case "hartmann6" -> box(name, "hartmann6", 6, 0, 1);
            case "rosenbrock10" -> box(name, "rosenbrock", 10, -2.048, 2.048);
            case "ellipsoid10" -> box(name, "ellipsoid_rotated", 10, TestFunctions.ROTATED_LOW, TestFunctions.ROTATED_HIGH);
            case "rastrigin10" -> box(name, "rastrigin_rotated", 10, TestFunctions.ROTATED_LOW, TestFunctions.ROTATED_HIGH);
            case "styblinski20" -> box(name, "styblinski_tang", 20, -5, 5);
            case "griewank20" -> box(name, "griewank", 20, -600, 600);
            default -> throw new IllegalArgumentException("unknown function " + name + "; expected one of " + ALL);
        };
    }

    private static Fn box(String name, String builtin, int d, double low, double high) {
        double[] lo = new double[d];
        double[] hi = new double[d];
        Arrays.fill(lo, low);
        Arrays.fill(hi, high);
        return new Fn(name, builtin, d, low, high, lo, hi);
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = BenchSupport.args(argv);
        switch (a.getOrDefault("mode", "functions")) {
            case "reference" -> reference(a);
            case "functions" -> functions(a);
            case "determinism" -> determinism(a);
            case "report" -> report(a);
            default -> throw new IllegalArgumentException("mode is reference, functions, determinism or report");
        }
    }

    private static List<String> list(Map<String, String> a, String key, String dflt) {
        return Arrays.stream(a.getOrDefault(key, dflt).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    // ---- reference values for the Python port -----------------------------------------------

    static void reference(Map<String, String> a) throws Exception {
        int seeds = Integer.parseInt(a.getOrDefault("seeds", "20"));
        List<Map<String, Object>> fns = new ArrayList<>();
        for (String name : list(a, "functions", String.join(",", ALL))) {
            Fn f = fn(name);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("builtin", f.builtin());
            m.put("dimension", f.dimension());
            m.put("lows", f.lows());
            m.put("highs", f.highs());
            m.put("minimum", f.minimum());
            List<Map<String, Object>> inst = new ArrayList<>();
            for (int k = 0; k < (f.instanced() ? seeds : 1); k++) {
                Map<String, Object> im = new LinkedHashMap<>();
                im.put("instance", k);
                if (f.instanced()) {
                    im.put("shift", TestFunctions.shift(f.dimension(), k));
                    im.put("rotation", TestFunctions.rotation(f.dimension(), k));
                }
                SplittableRandom r = new SplittableRandom(100 + k);
                List<double[]> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                ToDoubleFunction<double[]> g = f.at(k);
                for (int p = 0; p < 5; p++) {
                    double[] x = new double[f.dimension()];
                    for (int i = 0; i < x.length; i++) x[i] = f.lows()[i] + (f.highs()[i] - f.lows()[i]) * r.nextDouble();
                    xs.add(x);
                    ys.add(g.applyAsDouble(x));
                }
                if (f.instanced()) {
                    double[] o = TestFunctions.shift(f.dimension(), k);
                    xs.add(o);
                    ys.add(g.applyAsDouble(o));
                }
                im.put("points", xs);
                im.put("values", ys);
                inst.add(im);
            }
            m.put("instances", inst);
            fns.add(m);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("what", "io.ams.models.TestFunctions values, for bench/python/optuna_functions_v2.py --check");
        json.put("functions", fns);
        BenchSupport.writeJson(Path.of(a.getOrDefault("out", "bench/results/strategies-v2-reference.json")), json);
    }

    // ---- Ams on the functions -----------------------------------------------------------------

    static void functions(Map<String, String> a) throws Exception {
        int seeds = Integer.parseInt(a.getOrDefault("seeds", "20"));
        int[] budgets = list(a, "budgets", "100,300,1000").stream().mapToInt(Integer::parseInt).sorted().toArray();
        int budget = budgets[budgets.length - 1];
        List<String> strategies = list(a, "strategies", "random,ga,regevo,local,bo,cmaes");
        List<String> functions = list(a, "functions", String.join(",", ALL));
        Map<String, Integer> caps = new LinkedHashMap<>();
        for (String c : list(a, "caps", "bo:300")) caps.put(c.split(":")[0], Integer.parseInt(c.split(":")[1]));
        Path out = Path.of(a.getOrDefault("out", "bench/results/strategies-v2-ams.json"));
        long t0 = System.nanoTime();
        Map<String, Object> machine = BenchSupport.machine();
        List<Map<String, Object>> runs = new ArrayList<>();
        for (String name : functions) {
            Fn f = fn(name);
            for (String s : strategies) {
                int n = Math.min(budget, caps.getOrDefault(s, budget));
                for (int seed = 0; seed < seeds; seed++) {
                    Map<String, Object> run = runOne(f, s, seed, n);
                    runs.add(run);
                }
                log("%s %s: %d seeds x %d evaluations (%.0f s so far)", name, s, seeds, n, (System.nanoTime() - t0) / 1e9);
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("date", BenchSupport.utcNow());
        json.put("command", a.getOrDefault("command", "java io.ams.bench.StrategiesV2 " + String.join(" ", List.of(argvOf(a)))));
        json.put("machine", machine);
        json.put("load_average_at_end", BenchSupport.loadAverage());
        json.put("total_seconds", (System.nanoTime() - t0) / 1e9);
        json.put("seeds", seeds);
        json.put("budgets", budgets);
        json.put("caps", caps);
        json.put("runs", runs);
        BenchSupport.writeJson(out, json);
        log("wrote %s", out);
    }

    private static String[] argvOf(Map<String, String> a) {
        return a.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    static Map<String, Object> runOne(Fn f, String strategy, int seed, int n) {
        ToDoubleFunction<double[]> g = f.at(seed);
        AtomicLong objectiveNanos = new AtomicLong();
        int d = f.dimension();
        Objective objective = (c, ctx) -> {
            long s = System.nanoTime();
            double[] x = new double[d];
            for (int i = 0; i < d; i++) x[i] = c.getDouble("x" + (i + 1));
            double y = g.applyAsDouble(x);
            objectiveNanos.addAndGet(System.nanoTime() - s);
            return y;
        };
        long start = System.nanoTime();
        StudyResult r;
        try (Study study = Study.builder().space(f.space()).objective(objective).direction(Direction.MINIMIZE)
                .strategy(strategy, Map.of()).budget(Budget.trials(n)).seed(seed).workers(1).build()) {
            r = study.optimize();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Trial> trials = r.trials();
        double[] regret = new double[n];
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (i < trials.size() && Double.isFinite(trials.get(i).value())) best = Math.min(best, trials.get(i).value());
            regret[i] = best - f.minimum();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("function", f.name());
        m.put("strategy", strategy);
        m.put("seed", seed);
        m.put("instance", f.instanced() ? seed : 0);
        m.put("evaluations", n);
        m.put("trials", trials.size());
        m.put("duplicates", StrategyComparison.duplicates(trials));
        m.put("seconds", seconds);
        m.put("objective_seconds", objectiveNanos.get() / 1e9);
        m.put("optimiser_seconds_per_trial", (seconds - objectiveNanos.get() / 1e9) / Math.max(1, trials.size()));
        m.put("regret_steps", steps(regret));
        return m;
    }

    // ---- the cost of determinism ----------------------------------------------------------------

    static void determinism(Map<String, String> a) throws Exception {
        Path genomeFile = Path.of(a.getOrDefault("genome", "genomes/mlp-digits.yaml"));
        List<String> strategies = list(a, "strategies", "bo,regevo");
        int trials = Integer.parseInt(a.getOrDefault("trials", "60"));
        int reps = Integer.parseInt(a.getOrDefault("reps", "2"));
        int workers = Integer.parseInt(a.getOrDefault("workers", "2"));
        Path out = Path.of(a.getOrDefault("out", "bench/results/strategies-v2-determinism.json"));
        Genome g = Genome.parse(Files.readString(genomeFile), genomeFile.toString());
        ObjectiveSpec.Mlp spec = (ObjectiveSpec.Mlp) g.objective();
        SplitSpec split = g.split().orElse(SplitSpec.DEFAULT);
        List<Map<String, Object>> runs = new ArrayList<>();
        Map<String, Object> machine = BenchSupport.machine();
        try (MlpObjective objective = new MlpObjective(spec.dataset(), split.validation(), split.test(), split.seed(),
                MlpObjective.metric(g.metric().name()))) {
            for (int rep = 0; rep < reps; rep++) {
                for (String s : strategies) {
                    // alternate the order, so neither mode always runs first
                    boolean[] modes = rep % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true};
                    for (boolean det : modes) {
                        long seed = 1 + rep;
                        long start = System.nanoTime();
                        StudyResult r;
                        try (Study study = Study.builder().space(g.space()).objective(objective)
                                .direction(g.metric().direction()).strategy(s, Map.of()).budget(Budget.trials(trials))
                                .seed(seed).workers(workers).deterministic(det).build()) {
                            r = study.optimize();
                        }
                        double wall = (System.nanoTime() - start) / 1e9;
                        double busy = r.trials().stream().mapToLong(Trial::millis).sum() / 1e3;
                        double best = r.best().map(Trial::value).orElse(Double.NaN);
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("strategy", s);
                        m.put("deterministic", det);
                        m.put("rep", rep);
                        m.put("seed", seed);
                        m.put("trials", r.trials().size());
                        m.put("seconds", wall);
                        m.put("trials_per_second", r.trials().size() / wall);
                        m.put("trial_seconds_total", busy);
                        m.put("idle_share", 1 - busy / (workers * wall));
                        m.put("best", best);
                        runs.add(m);
                        log("determinism %s det=%s rep %d: %.2f trials/s, idle %.2f, best %.4f", s, det, rep,
                                r.trials().size() / wall, 1 - busy / (workers * wall), best);
                    }
                }
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("date", BenchSupport.utcNow());
        json.put("genome", genomeFile.toString());
        json.put("workers", workers);
        json.put("trials", trials);
        json.put("reps", reps);
        json.put("machine", machine);
        json.put("load_average_at_end", BenchSupport.loadAverage());
        json.put("runs", runs);
        BenchSupport.writeJson(out, json);
        log("wrote %s", out);
    }

    // ---- the report ------------------------------------------------------------------------------

    /** One run's regret curve and optimiser time, from either side. */
    record Curve(String function, String strategy, int seed, double[] regret, double secondsPerTrial) {}

    @SuppressWarnings("unchecked")
    static void report(Map<String, String> a) throws Exception {
        ObjectMapper om = new ObjectMapper();
        // several files: the first gives the seeds, budgets and command; later ones add strategies (e.g. turbo, auto)
        List<Map<String, Object>> amsFiles = new ArrayList<>();
        for (String file : list(a, "ams", "bench/results/strategies-v2-ams.json")) amsFiles.add(om.readValue(Path.of(file).toFile(), Map.class));
        Map<String, Object> ams = amsFiles.get(0);
        List<Curve> curves = new ArrayList<>();
        List<String> amsNames = new ArrayList<>();
        List<String> functions = new ArrayList<>();
        List<Map<String, Object>> amsRuns = new ArrayList<>();
        for (Map<String, Object> file : amsFiles) amsRuns.addAll((List<Map<String, Object>>) file.get("runs"));
        for (Map<String, Object> r : amsRuns) {
            String s = (String) r.get("strategy");
            if (!amsNames.contains(s)) amsNames.add(s);
            String f = (String) r.get("function");
            if (!functions.contains(f)) functions.add(f);
            double[] regret = regretCurve(r);
            if (f.equals("hartmann6")) {
                // the same yardstick as Optuna's side: the true minimum, 2.4e-11 below Ams's constant
                for (int i = 0; i < regret.length; i++) regret[i] += TestFunctions.HARTMANN6_MIN - HARTMANN6_TRUE_MIN;
            }
            curves.add(new Curve(f, s, ((Number) r.get("seed")).intValue(), regret,
                    ((Number) r.get("optimiser_seconds_per_trial")).doubleValue()));
        }
        List<String> optunaNames = new ArrayList<>();
        Map<String, Object> optunaMeta = Map.of();
        List<Map<String, Object>> optunaMetas = new ArrayList<>();
        for (String file : list(a, "optuna", "")) {
            Path optunaFile = Path.of(file);
            if (!Files.exists(optunaFile)) continue;
            Map<String, Object> o = om.readValue(optunaFile.toFile(), Map.class);
            optunaMeta = (Map<String, Object>) o.get("meta");
            optunaMetas.add(optunaMeta);
            for (Map<String, Object> r : (List<Map<String, Object>>) o.get("runs")) {
                String s = "optuna-" + r.get("sampler");
                if (!optunaNames.contains(s)) optunaNames.add(s);
                curves.add(new Curve((String) r.get("function"), s, ((Number) r.get("seed")).intValue(),
                        regretCurve(r), ((Number) r.get("sampler_seconds_per_trial")).doubleValue()));
            }
        }
        int[] budgets = ((List<Number>) ams.get("budgets")).stream().mapToInt(Number::intValue).toArray();
        List<String> all = new ArrayList<>(amsNames);
        all.addAll(optunaNames);

        StringBuilder md = new StringBuilder();
        Map<String, Object> summary = new LinkedHashMap<>();
        md.append(Files.readString(Path.of(a.getOrDefault("preamble", "bench/results/strategies-v2.preamble.md"))));
        md.append("\n## Generated\n\n");
        md.append("Ams: `").append(ams.get("command")).append("` on ").append(ams.get("date")).append(", ")
                .append(fixed(((Number) ams.get("total_seconds")).doubleValue() / 60, 1)).append(" min.\n");
        for (Map<String, Object> extra : amsFiles.subList(1, amsFiles.size())) {
            md.append("Ams, more strategies: `").append(extra.get("command")).append("` on ").append(extra.get("date")).append(", ")
                    .append(fixed(((Number) extra.get("total_seconds")).doubleValue() / 60, 1)).append(" min, caps ")
                    .append(extra.get("caps")).append(".\n");
        }
        for (Map<String, Object> om2 : optunaMetas) {
            optunaMeta = om2;
            md.append("Optuna: `").append(optunaMeta.get("command")).append("` on ").append(optunaMeta.get("date"))
                    .append(", optuna ").append(optunaMeta.get("optuna")).append(", Python ").append(optunaMeta.get("python"))
                    .append(", ").append(fixed(((Number) optunaMeta.getOrDefault("total_seconds", 0)).doubleValue() / 60, 1))
                    .append(" min; budgets per sampler ").append(optunaMeta.get("budget_per_sampler")).append(".\n");
        }
        md.append("Machine: ").append(BenchSupport.machineLine((Map<String, Object>) ams.get("machine")))
                .append("; at the end ").append(ams.get("load_average_at_end")).append(".\n\n");

        md.append("## Regret\n\nMedian [25%, 75%] over seeds of the simple regret (best value so far minus the known minimum) ")
                .append("after N evaluations; one worker. **Bold**: the lowest median of the row's budget among all columns ")
                .append("(ties all bold; medians both below 1e-12, machine precision, count as a tie); `-`: the strategy was not run that ")
                .append("far (cap). Hartmann-6's regret is against the true minimum -3.32236801141551 on both sides.\n");
        Map<String, Map<Integer, String[]>> winners = new LinkedHashMap<>();
        for (String f : functions) {
            md.append("\n### ").append(f).append("\n\n| evaluations |");
            for (String s : all) md.append(' ').append(s).append(" |");
            md.append("\n|---|");
            for (String s : all) md.append("---|");
            md.append('\n');
            Map<Integer, String[]> fw = new LinkedHashMap<>();
            for (int b : budgets) {
                Map<String, double[]> cell = new LinkedHashMap<>();
                for (String s : all) {
                    double[] v = curves.stream().filter(c -> c.function().equals(f) && c.strategy().equals(s) && c.regret().length >= b)
                            .mapToDouble(c -> c.regret()[b - 1]).toArray();
                    if (v.length > 0) cell.put(s, v);
                }
                double bestMed = cell.values().stream().mapToDouble(v -> quantile(v, 0.5)).min().orElse(Double.NaN);
                String bestAms = null, bestOpt = null;
                double ba = Double.POSITIVE_INFINITY, bo = Double.POSITIVE_INFINITY;
                for (Map.Entry<String, double[]> e : cell.entrySet()) {
                    double med = quantile(e.getValue(), 0.5);
                    if (e.getKey().startsWith("optuna-")) {
                        if (med < bo) { bo = med; bestOpt = e.getKey(); }
                    } else if (med < ba) { ba = med; bestAms = e.getKey(); }
                }
                fw.put(b, new String[] {bestAms, num(ba), bestOpt, num(bo)});
                md.append("| ").append(b).append(" |");
                for (String s : all) {
                    double[] v = cell.get(s);
                    if (v == null) { md.append(" - |"); continue; }
                    double med = quantile(v, 0.5);
                    String t = num(med) + " [" + num(quantile(v, 0.25)) + ", " + num(quantile(v, 0.75)) + "]";
                    if (med == bestMed || med < PRECISION && bestMed < PRECISION) t = "**" + t + "**";
                    md.append(' ').append(t).append(v.length != ((Number) ams.get("seeds")).intValue() ? " n=" + v.length : "").append(" |");
                }
                md.append('\n');
            }
            winners.put(f, fw);
        }

        md.append("\n## Best Ams strategy vs best Optuna sampler\n\nPer function and budget, the strategy with the lowest median ")
                .append("regret on each side (among those run to that budget).\n\n| function | evaluations | best Ams | median | best Optuna | median | Ams better? |\n|---|---|---|---|---|---|---|\n");
        Map<Integer, int[]> tally = new LinkedHashMap<>();
        for (String f : functions) {
            for (int b : budgets) {
                String[] w = winners.get(f).get(b);
                if (w[0] == null || w[2] == null) continue;
                double ma = medianOf(curves, f, w[0], b), mo = medianOf(curves, f, w[2], b);
                boolean tie = ma == mo || ma < PRECISION && mo < PRECISION;
                String verdict = tie ? "tie" : ma < mo ? "yes" : "no";
                int[] t = tally.computeIfAbsent(b, k -> new int[3]);
                t[tie ? 1 : ma < mo ? 0 : 2]++;
                md.append("| ").append(f).append(" | ").append(b).append(" | ").append(w[0]).append(" | ").append(w[1])
                        .append(" | ").append(w[2]).append(" | ").append(w[3]).append(" | ").append(verdict).append(" |\n");
            }
        }
        md.append("\n| evaluations | functions where the best Ams strategy beats the best Optuna sampler | ties | Optuna better |\n|---|---|---|---|\n");
        tally.forEach((b, t) -> md.append("| ").append(b).append(" | ").append(t[0]).append(" | ").append(t[1]).append(" | ").append(t[2]).append(" |\n"));
        summary.put("tally", tally);
        targets(md, curves, functions, budgets, amsNames, optunaNames);

        md.append("\n## Optimiser time per trial\n\nMedian over seeds of ms per trial spent outside the objective: Ams, the ")
                .append("study's wall time minus the time inside the objective, over trials (strategy, engine, in-memory store); ")
                .append("Optuna, the time in `study.ask()` + `study.tell()`. Each run to its own largest budget, so a column ")
                .append("run to 1,000 evaluations averages over more (and costlier) trials than one capped at 300.\n\n| function |");
        for (String s : all) md.append(' ').append(s).append(" |");
        md.append("\n|---|");
        for (String s : all) md.append("---|");
        md.append('\n');
        for (String f : functions) {
            md.append("| ").append(f).append(" |");
            for (String s : all) {
                double[] v = curves.stream().filter(c -> c.function().equals(f) && c.strategy().equals(s))
                        .mapToDouble(Curve::secondsPerTrial).toArray();
                md.append(' ').append(v.length == 0 ? "-" : fixed(1e3 * quantile(v, 0.5), 2) + " (" + curves.stream()
                        .filter(c -> c.function().equals(f) && c.strategy().equals(s)).findFirst().get().regret().length + ")").append(" |");
            }
            md.append('\n');
        }

        Path detFile = a.containsKey("determinism") ? Path.of(a.get("determinism")) : null;
        if (detFile != null && Files.exists(detFile)) {
            Map<String, Object> det = om.readValue(detFile.toFile(), Map.class);
            md.append("\n## The cost of determinism\n\n`").append(det.get("genome")).append("` (its space, data and split; the ")
                    .append("strategy and trial budget replaced), ").append(det.get("trials")).append(" trials, ")
                    .append(det.get("workers")).append(" workers, each strategy's default options, ").append(det.get("reps"))
                    .append(" repetitions (seed 1 + rep; the order of the two modes alternates), run on ").append(det.get("date"))
                    .append("; load at the end ").append(det.get("load_average_at_end")).append(". trials/s = trials / study wall time; ")
                    .append("idle share = 1 - (sum of trial durations) / (workers x wall time), the share of worker time not ")
                    .append("spent in a trial (waiting for the strategy, or for a result to be told in order). Mean over repetitions ")
                    .append("(each repetition in brackets).\n\n| strategy | deterministic | trials/s | idle share | best accuracy |\n|---|---|---|---|---|\n");
            List<Map<String, Object>> druns = (List<Map<String, Object>>) det.get("runs");
            List<String> ds = new ArrayList<>();
            for (Map<String, Object> r : druns) if (!ds.contains((String) r.get("strategy"))) ds.add((String) r.get("strategy"));
            for (String s : ds) {
                for (boolean d : new boolean[] {true, false}) {
                    List<Map<String, Object>> rs = druns.stream().filter(r -> r.get("strategy").equals(s) && r.get("deterministic").equals(d)).toList();
                    double[] tps = rs.stream().mapToDouble(r -> ((Number) r.get("trials_per_second")).doubleValue()).toArray();
                    double[] idle = rs.stream().mapToDouble(r -> ((Number) r.get("idle_share")).doubleValue()).toArray();
                    double[] best = rs.stream().mapToDouble(r -> ((Number) r.get("best")).doubleValue()).toArray();
                    md.append("| ").append(s).append(" | ").append(d).append(" | ").append(fixed(BenchSupport.mean(tps), 2))
                            .append(" (").append(join(tps, 2)).append(") | ").append(fixed(BenchSupport.mean(idle), 3))
                            .append(" (").append(join(idle, 3)).append(") | ").append(join(best, 4)).append(" |\n");
                }
            }
        }
        Path outDir = Path.of(a.getOrDefault("out", "bench/results"));
        Files.writeString(outDir.resolve("strategies-v2.md"), md.toString());
        log("wrote %s", outDir.resolve("strategies-v2.md"));
    }

    /**
     * The targets, each as a table: auto within 1.2x of the best Ams strategy, auto ahead
     * of the best Optuna sampler on 2/3 of the functions at each budget, and cmaes at least as good
     * as Optuna's CmaEsSampler started the same way (cmaes-random).
     */
    private static void targets(StringBuilder md, List<Curve> curves, List<String> functions, int[] budgets,
                                List<String> amsNames, List<String> optunaNames) {
        if (!amsNames.contains("auto")) return;
        md.append("\n## The targets\n\n**auto vs the best other Ams strategy** (median regret; ratio = auto / best, ")
                .append("both below 1e-12 count as 1; within 1.2x is the target):\n\n| function |");
        for (int b : budgets) md.append(" ").append(b).append(": best other | ratio |");
        md.append("\n|---|");
        for (int b : budgets) md.append("---|---|");
        md.append('\n');
        int[] within = new int[budgets.length];
        int[] ahead = new int[budgets.length];
        int[] counted = new int[budgets.length];
        int[] compared = new int[budgets.length];
        for (String f : functions) {
            md.append("| ").append(f).append(" |");
            for (int k = 0; k < budgets.length; k++) {
                int b = budgets[k];
                double auto = medianOf(curves, f, "auto", b);
                String best = null;
                double bestMed = Double.POSITIVE_INFINITY;
                for (String s : amsNames) {
                    if (s.equals("auto")) continue;
                    double m = medianOf(curves, f, s, b);
                    if (m < bestMed) { bestMed = m; best = s; }
                }
                double ratio = auto < PRECISION && bestMed < PRECISION ? 1 : auto / bestMed;
                counted[k]++;
                if (ratio <= 1.2) within[k]++;
                md.append(' ').append(best).append(' ').append(num(bestMed)).append(" | ").append(fixed(ratio, 2))
                        .append(ratio <= 1.2 ? "" : " (over)").append(" |");
                double bestOptuna = Double.POSITIVE_INFINITY;
                for (String s : optunaNames) {
                    double m = medianOf(curves, f, s, b);   // NaN where the sampler was not run to b
                    if (m < bestOptuna) bestOptuna = m;
                }
                if (bestOptuna < Double.POSITIVE_INFINITY) {
                    compared[k]++;
                    if (auto < bestOptuna && !(auto < PRECISION && bestOptuna < PRECISION)) ahead[k]++;
                }
            }
            md.append('\n');
        }
        md.append("\n| evaluations | auto within 1.2x of the best other Ams strategy | auto ahead of the best Optuna sampler (target: 2/3) |\n|---|---|---|\n");
        for (int k = 0; k < budgets.length; k++) {
            md.append("| ").append(budgets[k]).append(" | ").append(within[k]).append(" of ").append(counted[k]).append(" | ")
                    .append(ahead[k]).append(" of ").append(compared[k]).append(" |\n");
        }
        if (!amsNames.contains("cmaes") || !optunaNames.contains("optuna-cmaes-random")) return;
        md.append("\n**cmaes vs Optuna's CmaEsSampler started the same way** (`optuna-cmaes-random`: a uniform random x0 and ")
                .append("sigma0 = 0.25 of the range, as Ams's cmaes; median regret, ratio = cmaes / Optuna):\n\n| function |");
        for (int b : budgets) md.append(' ').append(b).append(" |");
        md.append("\n|---|");
        for (int b : budgets) md.append("---|");
        md.append('\n');
        int[] asGood = new int[budgets.length];
        for (String f : functions) {
            md.append("| ").append(f).append(" |");
            for (int k = 0; k < budgets.length; k++) {
                double c = medianOf(curves, f, "cmaes", budgets[k]);
                double o = medianOf(curves, f, "optuna-cmaes-random", budgets[k]);
                double ratio = c < PRECISION && o < PRECISION ? 1 : c / o;
                if (ratio <= 1) asGood[k]++;
                md.append(' ').append(num(c)).append(" vs ").append(num(o)).append(" (").append(fixed(ratio, 2)).append(") |");
            }
            md.append('\n');
        }
        md.append("| cmaes as good or better |");
        for (int k = 0; k < budgets.length; k++) md.append(' ').append(asGood[k]).append(" of ").append(functions.size()).append(" |");
        md.append('\n');
    }

    private static String join(double[] v, int decimals) {
        StringBuilder b = new StringBuilder();
        for (double x : v) b.append(b.length() == 0 ? "" : ", ").append(fixed(x, decimals));
        return b.toString();
    }

    private static double medianOf(List<Curve> curves, String f, String s, int b) {
        return quantile(curves.stream().filter(c -> c.function().equals(f) && c.strategy().equals(s) && c.regret().length >= b)
                .mapToDouble(c -> c.regret()[b - 1]).toArray(), 0.5);
    }

    /**
     * A best-so-far curve as the steps where it changes, [evaluation index, regret from there on]:
     * the same curve, a few dozen numbers instead of one per evaluation.
     */
    static List<double[]> steps(double[] regret) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < regret.length; i++) {
            if (i == 0 || Double.compare(regret[i], regret[i - 1]) != 0) out.add(new double[] {i, regret[i]});
        }
        return out;
    }

    /** A run's regret after each evaluation: from {@code regret_steps} (Ams) or {@code regret_curve} (Optuna's script). */
    @SuppressWarnings("unchecked")
    static double[] regretCurve(Map<String, Object> run) {
        if (!run.containsKey("regret_steps")) return doubles((List<Number>) run.get("regret_curve"));
        double[] curve = new double[((Number) run.get("evaluations")).intValue()];
        List<List<Number>> steps = (List<List<Number>>) run.get("regret_steps");
        for (int k = 0; k < steps.size(); k++) {
            int from = steps.get(k).get(0).intValue();
            int to = k + 1 < steps.size() ? steps.get(k + 1).get(0).intValue() : curve.length;
            java.util.Arrays.fill(curve, from, to, steps.get(k).get(1).doubleValue());
        }
        return curve;
    }

    private static double[] doubles(List<Number> v) {
        double[] d = new double[v.size()];
        for (int i = 0; i < d.length; i++) d[i] = v.get(i).doubleValue();
        return d;
    }

    private static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[strategies-v2] " + format + "%n", args);
    }
}
