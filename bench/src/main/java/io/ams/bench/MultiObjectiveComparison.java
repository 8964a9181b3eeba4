package io.ams.bench;

import static io.ams.bench.BenchSupport.fixed;
import static io.ams.bench.BenchSupport.quantile;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ams.codec.SpaceCodec;
import io.ams.core.Direction;
import io.ams.engine.Outcome;
import io.ams.engine.Proposal;
import io.ams.engine.SearchDomain;
import io.ams.engine.Strategy;
import io.ams.engine.StudyBuilder;
import io.ams.engine.strategies.Strategies;
import io.ams.models.MultiObjectiveFunctions;
import io.ams.pareto.Hypervolume;
import io.ams.space.Config;
import io.ams.space.RealParameter;
import io.ams.space.Scale;
import io.ams.space.SearchSpace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Ams's multi-objective strategies on ZDT1, ZDT2 (30 variables) and DTLZ2 (3 objectives, 12
 * variables), beside Optuna's NSGAIISampler and multi-objective TPESampler, by the exact
 * hypervolume ({@link Hypervolume}, one implementation for both sides) after 500 and 5000
 * evaluations against two reference points each.
 *
 * <p>Each (seed, problem, strategy) drives a fresh strategy by ask/tell on the caller's thread,
 * no study and no store: {@code Strategies.create(name, {}, domain, MINIMIZE, seed)}, where
 * the domain is that of a space of n reals x1..xn in [0, 1] (linear), then ask(1), decode the
 * point through the space's codec, evaluate {@link MultiObjectiveFunctions}, and tell
 * {@code new Outcome(f1, f, 0)}. The time in ask + tell is the strategy's time per trial (the
 * objective and the decoding are excluded). Seeds are the outer loop; one unrecorded run of each
 * strategy (seed 0) warms the JIT up first.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.ams.bench.MultiObjectiveComparison seeds=10 \
 *     strategies=nsga2,regevo,random optuna=bench/results/multi-objective-optuna.json out=bench/results
 * java -cp bench/target/benchmarks.jar io.ams.bench.MultiObjectiveComparison report \
 *     from=bench/results/multi-objective-ams.json optuna=bench/results/multi-objective-optuna.json
 * </pre>
 *
 * Options: {@code problems=zdt1,zdt2,dtlz2}, {@code strategies=nsga2,regevo,random} (a name the
 * registry does not know is skipped with a message, so {@code parego} can be named before it
 * exists), {@code seeds=10} (seeds 1..N) or {@code seed-list=1,2,5}, {@code evaluations=5000},
 * {@code model-based=parego,bo,saga} (strategies that get {@code model-evaluations=500} instead,
 * their cost per trial growing with the history), {@code optuna=FILE} (optuna_mo.py's output; absent or
 * missing: Ams only), {@code out=bench/results}, {@code command=...} (recorded), {@code note=...}.
 * {@code report} with {@code from=FILE} re-renders the markdown from an earlier Ams JSON.
 * Writes {@code multi-objective-ams.json} and {@code multi-objective.md} in {@code out}.
 */
public final class MultiObjectiveComparison {
    private MultiObjectiveComparison() {}

    static final int[] CHECKPOINTS = {500, 5000};

    /** The reference points: "standard" (the usual ones in the literature) and "loose". */
    static Map<String, double[]> references(String problem) {
        Map<String, double[]> m = new LinkedHashMap<>();
        if (problem.equals("dtlz2")) {
            m.put("standard", new double[] {1.1, 1.1, 1.1});
            m.put("loose", new double[] {2.5, 2.5, 2.5});
        } else {
            m.put("standard", new double[] {1.1, 1.1});
            m.put("loose", new double[] {1.1, 11});
        }
        return m;
    }

    /**
     * The hypervolume of the true Pareto front against a reference that bounds it: the box less
     * the part of it the front does not dominate. ZDT1: the area under f2 = 1 - sqrt(f1) on [0, 1]
     * is 1/3; ZDT2 (f2 = 1 - f1^2): 2/3; DTLZ2: the octant of the unit ball, pi/6.
     */
    static double ceiling(String problem, double[] ref) {
        double box = 1;
        for (double r : ref) box *= r;
        return switch (problem) {
            case "zdt1" -> box - 1.0 / 3;
            case "zdt2" -> box - 2.0 / 3;
            case "dtlz2" -> box - Math.PI / 6;
            default -> Double.NaN;
        };
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = BenchSupport.args(argv);
        Path out = Path.of(a.getOrDefault("out", "bench/results"));
        Path optunaFile = a.containsKey("optuna") ? Path.of(a.get("optuna")) : null;
        ObjectMapper mapper = new ObjectMapper();
        Map<String, Object> json;
        if (a.containsKey("report")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> earlier = mapper.readValue(Path.of(a.getOrDefault("from", out.resolve("multi-objective-ams.json")
                    .toString())).toFile(), LinkedHashMap.class);
            json = earlier;
            if (a.containsKey("note")) json.put("note", a.get("note"));
        } else {
            json = run(a, argv);
            BenchSupport.writeJson(out.resolve("multi-objective-ams.json"), json);
        }
        Map<String, Object> optuna = null;
        if (optunaFile != null && Files.exists(optunaFile)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> o = mapper.readValue(optunaFile.toFile(), LinkedHashMap.class);
            optuna = o;
        } else if (optunaFile != null) {
            log("no %s: the report has Ams's side only", optunaFile);
        }
        String note = a.containsKey("note-file") ? Files.readString(Path.of(a.get("note-file"))).strip() : null;
        Files.writeString(out.resolve("multi-objective.md"), markdown(json, optuna, optunaFile, note));
        log("wrote %s", out.resolve("multi-objective.md"));
    }

    // ---- Ams's side -----------------------------------------------------------------------

    private static Map<String, Object> run(Map<String, String> a, String[] argv) {
        List<String> problems = list(a.getOrDefault("problems", "zdt1,zdt2,dtlz2"));
        List<String> strategies = list(a.getOrDefault("strategies", "nsga2,regevo,random"));
        Set<String> modelBased = Set.copyOf(list(a.getOrDefault("model-based", "parego,bo,saga")));
        int evaluations = Integer.parseInt(a.getOrDefault("evaluations", "5000"));
        int modelEvaluations = Integer.parseInt(a.getOrDefault("model-evaluations", "500"));
        List<Long> seeds = a.containsKey("seed-list") ? list(a.get("seed-list")).stream().map(Long::parseLong).toList()
                : java.util.stream.LongStream.rangeClosed(1, Long.parseLong(a.getOrDefault("seeds", "10"))).boxed().toList();
        String command = a.getOrDefault("command", "java io.ams.bench.MultiObjectiveComparison " + String.join(" ", argv));

        List<String> known = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (String s : strategies) {
            if (Strategies.find(s).isPresent()) known.add(s);
            else {
                skipped.add(s);
                log("skipping %s: %s", s, Strategies.unknown(s));
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("date", BenchSupport.utcNow());
        json.put("machine", BenchSupport.machine());
        json.put("command", command);
        json.put("problems", problems);
        json.put("strategies", known);
        json.put("skipped_strategies", skipped);
        json.put("seeds", seeds);
        Map<String, Object> budgets = new LinkedHashMap<>();
        for (String s : known) budgets.put(s, modelBased.contains(s) ? modelEvaluations : evaluations);
        json.put("evaluations", budgets);
        json.put("strategy_options", "defaults ({})");
        // JIT warm-up, not recorded: one run of each strategy (seed 0), so that the first recorded seed's time per trial
        // is not mostly compilation
        for (String s : known) runOne(problems.get(0), s, 0, modelBased.contains(s) ? modelEvaluations : evaluations);
        long t0 = System.nanoTime();
        List<Map<String, Object>> runs = new ArrayList<>();
        for (long seed : seeds) {
            for (String p : problems) {
                for (String s : known) {
                    Map<String, Object> r = runOne(p, s, seed, modelBased.contains(s) ? modelEvaluations : evaluations);
                    if (r != null) runs.add(r);
                }
            }
        }
        json.put("runs", runs);
        json.put("total_seconds", (System.nanoTime() - t0) / 1e9);
        json.put("load_average_at_end", BenchSupport.loadAverage());
        return json;
    }

    static SearchSpace space(int n) {
        SearchSpace.Builder b = SearchSpace.builder();
        for (int i = 1; i <= n; i++) b.add(new RealParameter("x" + i, 0, 1, Scale.LINEAR, Optional.empty(), List.of()));
        return b.build();
    }

    private static Map<String, Object> runOne(String problem, String name, long seed, int evaluations) {
        int n = MultiObjectiveFunctions.variables(problem);
        SearchSpace space = space(n);
        SpaceCodec codec = SpaceCodec.of(space);
        SearchDomain domain = StudyBuilder.domain(space);
        double[][] values = new double[evaluations][];
        long strategyNanos = 0;
        long strategyCpuNanos = 0;
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        try (Strategy strategy = Strategies.create(name, Map.of(), domain, Direction.MINIMIZE, seed)) {
            if (!strategy.multiObjective()) {
                log("skipping %s: it ranks by the value alone (not multi-objective)", name);
                return null;
            }
            double[] x = new double[n];
            for (int k = 0; k < evaluations; k++) {
                long cpu = threads.getCurrentThreadCpuTime();
                long t = System.nanoTime();
                List<Proposal> asked = strategy.ask(1);
                strategyNanos += System.nanoTime() - t;
                strategyCpuNanos += threads.getCurrentThreadCpuTime() - cpu;
                if (asked.isEmpty()) throw new IllegalStateException(name + " proposed nothing with no trial out, at evaluation " + k);
                Proposal p = asked.get(0);
                Config c = codec.decode(p.point());
                for (int i = 0; i < n; i++) x[i] = ((Number) c.values().get("x" + (i + 1))).doubleValue();
                double[] f = MultiObjectiveFunctions.evaluate(problem, x);
                values[k] = f;
                Outcome o = new Outcome(f[0], f, 0);
                cpu = threads.getCurrentThreadCpuTime();
                t = System.nanoTime();
                strategy.tell(p, o);
                strategyNanos += System.nanoTime() - t;
                strategyCpuNanos += threads.getCurrentThreadCpuTime() - cpu;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("problem", problem);
        r.put("strategy", name);
        r.put("seed", seed);
        r.put("evaluations", evaluations);
        r.put("hypervolume", hypervolumes(problem, values));
        r.put("strategy_ms_per_trial", strategyNanos / 1e6 / evaluations);
        r.put("strategy_cpu_ms_per_trial", strategyCpuNanos / 1e6 / evaluations);
        r.put("seconds", seconds);
        log("%s %s seed %d: %d evaluations in %.1f s, %.3f ms/trial in the strategy, hv %s", problem, name, seed, evaluations,
                seconds, strategyNanos / 1e6 / evaluations, r.get("hypervolume"));
        return r;
    }

    /** {"standard": {"500": hv, "5000": hv}, "loose": {...}} over the first B vectors, for each B not above their number. */
    static Map<String, Map<String, Double>> hypervolumes(String problem, double[][] values) {
        Map<String, Map<String, Double>> m = new LinkedHashMap<>();
        references(problem).forEach((label, ref) -> {
            Map<String, Double> byBudget = new LinkedHashMap<>();
            for (int b : CHECKPOINTS) {
                if (b <= values.length) byBudget.put(String.valueOf(b), Hypervolume.of(Arrays.copyOf(values, b), ref));
            }
            m.put(label, byBudget);
        });
        return m;
    }

    // ---- report ---------------------------------------------------------------------------

    /** One row of a table: a label, its hypervolumes by reference and budget per seed, its ms per trial per seed. */
    record Row(String label, Map<String, Map<String, List<Double>>> hv, List<Double> ms, List<Double> cpuMs, int seeds, int budget) {}

    @SuppressWarnings("unchecked")
    private static String markdown(Map<String, Object> ams, Map<String, Object> optuna, Path optunaFile, String note) {
        List<String> problems = (List<String>) ams.get("problems");
        List<String> strategies = (List<String>) ams.get("strategies");
        List<Map<String, Object>> amsRuns = (List<Map<String, Object>>) ams.get("runs");
        List<Map<String, Object>> optunaRuns = optuna == null ? List.of() : (List<Map<String, Object>>) optuna.get("runs");
        Map<String, Object> machine = (Map<String, Object>) ams.get("machine");
        StringBuilder md = new StringBuilder();
        md.append("# Multi-objective search: Ams vs Optuna on ZDT1, ZDT2 and DTLZ2\n\n");
        md.append("Ams side: ").append(ams.get("date")).append(", `").append(ams.get("command")).append("`, ")
                .append(fixed(d(ams.get("total_seconds")), 0)).append(" s; load average at end ").append(ams.get("load_average_at_end"))
                .append("  \n");
        if (optuna != null) {
            Map<String, Object> om = (Map<String, Object>) optuna.get("meta");
            md.append("Optuna side: ").append(om.get("date")).append(", `").append(om.get("command")).append("` (Python ")
                    .append(om.get("python")).append(", Optuna ").append(om.get("optuna")).append(", NumPy ").append(om.get("numpy"))
                    .append("), file `").append(optunaFile).append("`  \n");
        }
        md.append("Machine: ").append(BenchSupport.machineLine(machine)).append("  \n");
        if (!((List<?>) ams.get("skipped_strategies")).isEmpty()) {
            md.append("Skipped (not in this build's strategy registry): ").append(ams.get("skipped_strategies")).append("  \n");
        }
        md.append("\n");
        if (ams.get("note") != null) md.append(ams.get("note")).append("\n\n");
        md.append("""
                Problems as `io.ams.models.MultiObjectiveFunctions` defines them, all objectives minimised, every variable in
                [0, 1]: ZDT1 and ZDT2 with 30 variables (f1 = x1, g = 1 + 9 (x2 + ... + x30) / 29, f2 = g (1 - sqrt(f1/g)) or
                g (1 - (f1/g)^2)), DTLZ2 with 3 objectives and 12 variables (g = sum of (x_i - 0.5)^2 over x3..x12,
                f = (1 + g) x (cos cos, cos sin, sin) of x1 pi/2 and x2 pi/2). `bench/python/optuna_mo.py` writes the same
                functions in Python.

                **Ams**: each strategy with its default options, driven by ask/tell directly (no study, no store):
                `Strategies.create(name, {}, domain, MINIMIZE, seed)` on the unit-cube domain of n linear reals x1..xn in [0, 1],
                `ask(1)`, the point decoded by the space's codec, `tell(new Outcome(f1, f, 0))`; seeds 1..N.
                **Optuna 3.1**: `NSGAIISampler(seed=seed)` (defaults: population 50, uniform crossover, mutation = resampling
                a parameter with probability 1/n) for 5000 trials and `TPESampler(seed=seed)` (defaults; on a study with
                several directions it is MOTPE) for 500 trials, ask/tell with `FloatDistribution(0, 1)` per variable,
                seeds 0..N-1. TPE gets 500 trials only: its cost per trial grows with the history.

                **Hypervolume**: exact, by `io.ams.pareto.Hypervolume` for both sides, of all vectors evaluated in the first
                500 and the first 5000 evaluations (optuna_mo.py stores the non-dominated subset of each prefix, whose
                hypervolume is the same). References: *standard* ZDT (1.1, 1.1), DTLZ2 (1.1, 1.1, 1.1) (a point must
                nearly reach the front's box to count), and *loose* ZDT (1.1, 11), DTLZ2 (2.5, 2.5, 2.5) (early,
                far-from-front points count too). Cells: median [Q1, Q3] over the seeds (linear interpolation). The
                ceiling is the true front's hypervolume. "ms/trial": the median over seeds of the mean time per trial
                inside ask + tell (the objective excluded), wall clock and CPU time (the JVM's thread CPU time; Python's
                process CPU time; the JVM figure includes reading the thread clock, about a microsecond a call, so below 0.01 ms read the wall one); Python vs the JVM on a shared 2-core machine under load from other work, so the wall
                figures are inflated by waiting for a core, and the CPU ones are the fairer comparison.

                """);
        if (note != null) md.append(note).append("\n\n");
        StringBuilder best = new StringBuilder();
        best.append("## Best of each side\n\n")
                .append("The best median hypervolume among Ams's strategies and among Optuna's samplers, per problem, reference ")
                .append("and budget (at 500 evaluations Optuna's best is the better of TPE and NSGA-II's first 500 trials); ")
                .append("\"Ams - Optuna\" > 0 where Ams's best is ahead. Medians only: read the IQRs in the tables below ")
                .append("before calling a small gap.\n\n")
                .append("| problem | reference | evaluations | Ams best (median) | Optuna best (median) | Ams - Optuna |\n")
                .append("|---|---|---|---|---|---|\n");
        StringBuilder tables = new StringBuilder();
        for (String p : problems) {
            List<Row> rows = new ArrayList<>();
            for (String s : strategies) {
                List<Map<String, Object>> rs = amsRuns.stream().filter(r -> r.get("problem").equals(p) && r.get("strategy").equals(s)).toList();
                if (rs.isEmpty()) continue;
                Map<String, Map<String, List<Double>>> hv = new LinkedHashMap<>();
                for (Map<String, Object> r : rs) {
                    ((Map<String, Map<String, Object>>) r.get("hypervolume")).forEach((ref, byB) -> byB.forEach((b, v) ->
                            hv.computeIfAbsent(ref, k -> new LinkedHashMap<>()).computeIfAbsent(b, k -> new ArrayList<>()).add(d(v))));
                }
                rows.add(new Row("Ams " + s, hv, rs.stream().map(r -> d(r.get("strategy_ms_per_trial"))).toList(),
                        rs.stream().map(r -> d(r.get("strategy_cpu_ms_per_trial"))).toList(), rs.size(),
                        ((Number) rs.get(0).get("evaluations")).intValue()));
            }
            for (String sm : List.of("nsga2", "tpe")) {
                List<Map<String, Object>> rs = optunaRuns.stream().filter(r -> r.get("problem").equals(p) && r.get("sampler").equals(sm)).toList();
                if (rs.isEmpty()) continue;
                Map<String, Map<String, List<Double>>> hv = new LinkedHashMap<>();
                for (Map<String, Object> r : rs) {
                    Map<String, List<List<Number>>> fronts = (Map<String, List<List<Number>>>) r.get("fronts");
                    references(p).forEach((ref, point) -> fronts.forEach((b, front) -> {
                        double[][] v = front.stream().map(x -> x.stream().mapToDouble(Number::doubleValue).toArray()).toArray(double[][]::new);
                        hv.computeIfAbsent(ref, k -> new LinkedHashMap<>()).computeIfAbsent(b, k -> new ArrayList<>())
                                .add(Hypervolume.of(v, point));
                    }));
                }
                rows.add(new Row("Optuna " + (sm.equals("nsga2") ? "NSGAIISampler" : "TPESampler (MOTPE)"), hv,
                        rs.stream().map(r -> 1e3 * d(r.get("sampler_seconds_per_trial"))).toList(),
                        rs.stream().filter(r -> r.get("sampler_cpu_seconds_per_trial") != null)
                                .map(r -> 1e3 * d(r.get("sampler_cpu_seconds_per_trial"))).toList(), rs.size(),
                        ((Number) rs.get(0).get("trials")).intValue()));
            }
            Map<String, double[]> refs = references(p);
            for (String ref : refs.keySet()) {
                for (int b : CHECKPOINTS) {
                    String[] bestLabel = {null, null};
                    double[] bestValue = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
                    for (Row r : rows) {
                        List<Double> v = r.hv().getOrDefault(ref, Map.of()).get(String.valueOf(b));
                        if (v == null) continue;
                        int side = r.label().startsWith("Ams") ? 0 : 1;
                        if (median(v) > bestValue[side]) {
                            bestValue[side] = median(v);
                            bestLabel[side] = r.label();
                        }
                    }
                    if (bestLabel[0] == null && bestLabel[1] == null) continue;
                    best.append("| ").append(p.toUpperCase(Locale.ROOT)).append(" | ").append(ref).append(" | ").append(b).append(" | ")
                            .append(bestCell(bestLabel[0], bestValue[0])).append(" | ")
                            .append(bestCell(bestLabel[1], bestValue[1])).append(" | ")
                            .append(bestLabel[0] == null || bestLabel[1] == null ? "—" : String.format(Locale.ROOT, "%+.4f", bestValue[0] - bestValue[1]))
                            .append(" |\n");
                }
            }
            StringBuilder md0 = md;
            md = tables;
            md.append("## ").append(p.toUpperCase(Locale.ROOT)).append("\n\n");
            md.append("| optimiser | seeds | evaluations |");
            for (String ref : refs.keySet()) for (int b : CHECKPOINTS) md.append(" HV@").append(b).append(" ").append(ref).append(" |");
            md.append(" ms/trial (wall) | CPU ms/trial |\n|---|---|---|");
            for (int i = 0; i < refs.size() * CHECKPOINTS.length; i++) md.append("---|");
            md.append("---|---|\n");
            for (Row r : rows) {
                md.append("| ").append(r.label()).append(" | ").append(r.seeds()).append(" | ").append(r.budget()).append(" |");
                for (String ref : refs.keySet()) {
                    for (int b : CHECKPOINTS) {
                        List<Double> v = r.hv().getOrDefault(ref, Map.of()).get(String.valueOf(b));
                        md.append(" ").append(v == null ? "—" : cell(v)).append(" |");
                    }
                }
                md.append(" ").append(fixed(median(r.ms()), 3)).append(" | ")
                        .append(r.cpuMs().isEmpty() ? "—" : fixed(median(r.cpuMs()), 3)
                                + (r.cpuMs().size() < r.seeds() ? " (" + r.cpuMs().size() + " seeds)" : "")).append(" |\n");
            }
            md.append("| *true front (ceiling)* | | |");
            for (double[] ref : refs.values()) for (int b : CHECKPOINTS) md.append(" ").append(fixed(ceiling(p, ref), 4)).append(" |");
            md.append(" | |\n\n");
            md = md0;
        }
        md.append(best).append("\n").append(tables);
        return md.toString();
    }

    private static String bestCell(String label, double value) {
        if (label == null) return "—";
        return value == 0 ? "0 (every row's median is 0)" : label + " " + fixed(value, 4);
    }

    private static String cell(List<Double> v) {
        double[] x = v.stream().mapToDouble(Double::doubleValue).toArray();
        return fixed(quantile(x, 0.5), 4) + " [" + fixed(quantile(x, 0.25), 4) + ", " + fixed(quantile(x, 0.75), 4) + "]";
    }

    private static double median(List<Double> v) {
        return quantile(v.stream().mapToDouble(Double::doubleValue).toArray(), 0.5);
    }

    private static double d(Object o) {
        return o instanceof Number n ? n.doubleValue() : o == null ? Double.NaN : Double.parseDouble(String.valueOf(o));
    }

    private static List<String> list(String s) {
        return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    static void log(String format, Object... args) {
        System.err.println("[multi-objective] " + String.format(Locale.ROOT, format, args));
    }
}
