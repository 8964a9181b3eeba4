package io.ams.bench;

import static io.ams.bench.BenchSupport.num;
import static io.ams.bench.BenchSupport.quantile;

import io.ams.engine.Budget;
import io.ams.core.Direction;
import io.ams.engine.Study;
import io.ams.engine.StudyResult;
import io.ams.engine.Trial;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The surrogate strategies (bo, saga) beside random, ga and Optuna's TPE and CMA-ES on the
 * test functions: every (function, strategy, seed) runs {@code budget} evaluations with one
 * worker, its best-so-far regret is recorded after each, and the report gives, at each
 * checkpoint (100 and 300 evaluations by default), the median and interquartile range of the
 * simple regret over seeds, the evaluations needed to reach regret 0.1 (median over seeds; a
 * seed that never reaches it counts as budget + 1) and the strategy's time per trial (the
 * objective costs microseconds, so this is the proposal overhead). A strategy's trajectory
 * does not depend on its budget, so the first 100 evaluations of a 300-evaluation run are a
 * 100-evaluation run.
 *
 * <pre>
 * /usr/bin/python3 bench/python/optuna_functions.py --budgets 300 --out bench/results/optuna-functions.json
 * java -cp bench/target/benchmarks.jar io.ams.bench.SurrogateComparison seeds=20 budget=300 \
 *     optuna=bench/results/optuna-functions.json out=bench/results
 * </pre>
 *
 * Writes {@code surrogate-functions.md} and {@code surrogate-functions.json}.
 */
public final class SurrogateComparison {
    private SurrogateComparison() {}

    /** One run's best-so-far regret after each evaluation, and its seconds per trial. */
    record Curve(String function, String strategy, long seed, double[] regret, double secondsPerTrial) {}

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = BenchSupport.args(argv);
        List<String> strategies = List.of(a.getOrDefault("strategies", "random,ga,bo,saga").split(","));
        List<String> functions = List.of(a.getOrDefault("functions", "branin,hartmann6,rosenbrock10").split(","));
        int seeds = Integer.parseInt(a.getOrDefault("seeds", "20"));
        int budget = Integer.parseInt(a.getOrDefault("budget", "300"));
        int[] checkpoints = Arrays.stream(a.getOrDefault("checkpoints", "40,80,100,300").split(","))
                .mapToInt(Integer::parseInt).filter(c -> c <= budget).toArray();
        Path out = Path.of(a.getOrDefault("out", "bench/results"));
        String command = a.getOrDefault("command", "java io.ams.bench.SurrogateComparison " + String.join(" ", argv));
        long t0 = System.nanoTime();

        List<Curve> curves = new ArrayList<>();
        if (a.containsKey("from")) {
            // the Ams runs of an earlier invocation (its JSON), e.g. to add Optuna's beside them
            curves.addAll(earlier(Path.of(a.get("from")), functions, budget));
        } else for (String f : functions) {
            StrategyComparison.Problem p = StrategyComparison.problem(f);
            for (long seed = 0; seed < seeds; seed++) {
                for (String s : strategies) {
                    Curve c = run(p, s, seed, budget);
                    curves.add(c);
                    log("%s %s seed %d: regret %s at %d, %.1f ms/trial", f, s, seed, num(c.regret()[budget - 1]), budget,
                            1e3 * c.secondsPerTrial());
                }
            }
        }
        List<String> all = new ArrayList<>(strategies);
        if (a.containsKey("optuna")) {
            for (Curve c : optuna(Path.of(a.get("optuna")), functions, budget)) {
                curves.add(c);
                if (!all.contains(c.strategy())) all.add(c.strategy());
            }
        }

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "surrogate-functions");
        json.put("date", BenchSupport.utcNow());
        json.put("command", command);
        json.put("machine", BenchSupport.machine());
        json.put("load_average_at_end", BenchSupport.loadAverage());
        json.put("total_seconds", (System.nanoTime() - t0) / 1e9);
        json.put("seeds", seeds);
        json.put("budget", budget);
        List<Map<String, Object>> summary = new ArrayList<>();
        for (String f : functions) {
            for (String s : all) {
                List<Curve> runs = curves.stream().filter(c -> c.function().equals(f) && c.strategy().equals(s)).toList();
                if (runs.isEmpty()) continue;
                summary.add(summary(f, s, runs, checkpoints, budget));
            }
        }
        json.put("summary", summary);
        List<Map<String, Object>> raw = new ArrayList<>();
        for (Curve c : curves) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("function", c.function());
            m.put("strategy", c.strategy());
            m.put("seed", c.seed());
            m.put("seconds_per_trial", c.secondsPerTrial());
            m.put("regret_curve", c.regret());
            raw.add(m);
        }
        json.put("runs", raw);
        Files.createDirectories(out);
        BenchSupport.writeJson(out.resolve("surrogate-functions.json"), json);
        Files.writeString(out.resolve("surrogate-functions.md"), markdown(json, summary, checkpoints));
        log("wrote %s", out.resolve("surrogate-functions.md"));
    }

    static Curve run(StrategyComparison.Problem p, String strategy, long seed, int budget) {
        long start = System.nanoTime();
        StudyResult r;
        try (Study study = Study.builder().space(p.space()).objective(p.objective()).direction(Direction.MINIMIZE)
                .strategy(strategy, Map.of()).budget(Budget.trials(budget)).seed(seed).workers(1).build()) {
            r = study.optimize();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Trial> trials = r.trials();
        double[] regret = new double[budget];
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < budget; i++) {
            if (i < trials.size() && Double.isFinite(trials.get(i).value())) best = Math.min(best, trials.get(i).value());
            regret[i] = best - p.minimum();
        }
        return new Curve(p.name(), strategy, seed, regret, seconds / Math.max(1, trials.size()));
    }

    /** The runs recorded in an earlier surrogate-functions.json. */
    @SuppressWarnings("unchecked")
    static List<Curve> earlier(Path file, List<String> functions, int budget) throws Exception {
        Map<String, Object> root = new ObjectMapper().readValue(file.toFile(), Map.class);
        List<Curve> out = new ArrayList<>();
        for (Map<String, Object> r : (List<Map<String, Object>>) root.get("runs")) {
            String f = (String) r.get("function");
            if (!functions.contains(f) || ((String) r.get("strategy")).startsWith("optuna-")) continue;
            List<Number> curve = (List<Number>) r.get("regret_curve");
            double[] regret = new double[budget];
            for (int i = 0; i < budget; i++) regret[i] = curve.get(i).doubleValue();
            out.add(new Curve(f, (String) r.get("strategy"), ((Number) r.get("seed")).longValue(), regret,
                    ((Number) r.get("seconds_per_trial")).doubleValue()));
        }
        return out;
    }

    /** Optuna's runs from bench/python/optuna_functions.py, as curves ("optuna-tpe", "optuna-cmaes"). */
    @SuppressWarnings("unchecked")
    static List<Curve> optuna(Path file, List<String> functions, int budget) throws Exception {
        Map<String, Object> root = new ObjectMapper().readValue(file.toFile(), Map.class);
        List<Map<String, Object>> runs = (List<Map<String, Object>>) root.get("runs");
        List<Curve> out = new ArrayList<>();
        for (Map<String, Object> r : runs) {
            String f = (String) r.get("function");
            List<Number> curve = (List<Number>) r.get("regret_curve");
            if (!functions.contains(f) || curve.size() < budget) continue;
            double[] regret = new double[budget];
            for (int i = 0; i < budget; i++) regret[i] = curve.get(i).doubleValue();
            out.add(new Curve(f, "optuna-" + r.get("sampler"), ((Number) r.get("seed")).longValue(), regret,
                    ((Number) r.get("sampler_seconds_per_trial")).doubleValue()));
        }
        return out;
    }

    static Map<String, Object> summary(String function, String strategy, List<Curve> runs, int[] checkpoints, int budget) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("function", function);
        m.put("strategy", strategy);
        m.put("seeds", runs.size());
        for (int c : checkpoints) {
            double[] v = runs.stream().mapToDouble(r -> r.regret()[c - 1]).toArray();
            m.put("regret_at_" + c, Map.of("median", quantile(v, 0.5), "q25", quantile(v, 0.25), "q75", quantile(v, 0.75)));
        }
        double[] evals = runs.stream().mapToDouble(r -> evaluationsTo(r.regret(), 0.1, budget)).toArray();
        m.put("evaluations_to_regret_0.1_median", quantile(evals, 0.5));
        m.put("seeds_reaching_regret_0.1", Arrays.stream(evals).filter(e -> e <= budget).count());
        double[] evals01 = runs.stream().mapToDouble(r -> evaluationsTo(r.regret(), 0.01, budget)).toArray();
        m.put("evaluations_to_regret_0.01_median", quantile(evals01, 0.5));
        m.put("ms_per_trial_median", 1e3 * quantile(runs.stream().mapToDouble(Curve::secondsPerTrial).toArray(), 0.5));
        return m;
    }

    /** 1-based evaluations until the regret is at or below {@code threshold}; budget + 1 if never. */
    static int evaluationsTo(double[] regret, double threshold, int budget) {
        for (int i = 0; i < regret.length; i++) if (regret[i] <= threshold) return i + 1;
        return budget + 1;
    }

    @SuppressWarnings("unchecked")
    private static String markdown(Map<String, Object> json, List<Map<String, Object>> summary, int[] checkpoints) {
        StringBuilder b = new StringBuilder();
        b.append("# Surrogate strategies on test functions\n\n");
        b.append("Generated by `").append(json.get("command")).append("` on ").append(json.get("date")).append(".\n");
        b.append("Machine: ").append(BenchSupport.machineLine((Map<String, Object>) json.get("machine")))
                .append("; load average at the end ").append(json.get("load_average_at_end")).append(".\n\n");
        b.append("Simple regret (best value found minus the known minimum) after N evaluations, median [25%, 75%] over ")
                .append(json.get("seeds")).append(" seeds, one worker. Evaluations to regret 0.1 / 0.01: median over seeds, ")
                .append("a seed that never gets there counts as budget + 1; `reached` is how many seeds got to 0.1. ")
                .append("ms/trial: wall time per trial of the whole study (the objective costs microseconds), ")
                .append("for Optuna the time inside its sampler.\n");
        String f = null;
        for (Map<String, Object> m : summary) {
            if (!m.get("function").equals(f)) {
                f = (String) m.get("function");
                b.append("\n## ").append(f).append("\n\n| strategy |");
                for (int c : checkpoints) b.append(" regret @").append(c).append(" |");
                b.append(" evals to 0.1 | reached | evals to 0.01 | ms/trial |\n|---|");
                for (int c : checkpoints) b.append("---|");
                b.append("---|---|---|---|\n");
            }
            b.append("| ").append(m.get("strategy")).append(" |");
            for (int c : checkpoints) {
                Map<String, Object> r = (Map<String, Object>) m.get("regret_at_" + c);
                b.append(' ').append(num((Double) r.get("median"))).append(" [").append(num((Double) r.get("q25")))
                        .append(", ").append(num((Double) r.get("q75"))).append("] |");
            }
            b.append(String.format(Locale.ROOT, " %.0f | %d/%d | %.0f | %.1f |%n",
                    (Double) m.get("evaluations_to_regret_0.1_median"), (Long) m.get("seeds_reaching_regret_0.1"),
                    (Integer) m.get("seeds"), (Double) m.get("evaluations_to_regret_0.01_median"),
                    (Double) m.get("ms_per_trial_median")));
        }
        return b.toString();
    }

    private static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[surrogate] " + format + "%n", args);
    }
}
