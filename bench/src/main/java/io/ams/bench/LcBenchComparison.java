package io.ams.bench;

import io.ams.core.Direction;
import io.ams.engine.Budget;
import io.ams.engine.Study;
import io.ams.engine.Trial;
import io.ams.lcbench.LcBench;
import io.ams.lcbench.LcBenchObjective;
import io.ams.space.Parameter;
import io.ams.space.SearchSpace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ams's strategies on YAHPO Gym's LCBench surrogate at an equal budget of epochs, the Ams half of
 * bench/run-lcbench.sh (the Optuna half is bench/python/lcbench_optuna.py, which asks the same
 * surrogate through io.ams.lcbench.Serve). Each study maximises val_accuracy on the 7
 * hyperparameters of {@link LcBench#HYPERPARAMETERS} (log where config_space.json is), one worker,
 * driven through ask/tell so that it stops the moment the budget is spent, mid-trial if need be.
 *
 * <p>A trial's epochs are those after its parent's: epochs parent+1 .. its fidelity (0: 52), 1 ..
 * fidelity for a trial with no parent. Every evaluated epoch is one epoch of budget and its
 * val_accuracy an observation (the value told is the last epoch's): the anytime curve is the best
 * val_accuracy observed after each epoch spent, kept as its steps. Optimiser time is the wall
 * time of the run minus the time in the surrogate.
 *
 * <p>Strategies: random and bo (every trial all 52 epochs; engine defaults), hyperband, dehb and
 * bohb (min_fidelity 1, max_fidelity 52, eta 3), pbt (max_fidelity 52; population 8, interval 2,
 * the defaults; a new population when one reaches 52 epochs).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar:java/lcbench/target/ams-lcbench.jar io.ams.bench.LcBenchComparison \
 *     tasks=3945,7593 seeds=1-10 budget=2600 out=bench/results/lcbench-ams.json
 * </pre>
 */
public final class LcBenchComparison {
    private LcBenchComparison() {}

    static final List<String> STRATEGIES = List.of("random", "bo", "hyperband", "dehb", "bohb", "pbt");

    static SearchSpace space() {
        SearchSpace.Builder b = SearchSpace.builder();
        for (LcBench.Hyperparameter h : LcBench.HYPERPARAMETERS) {
            if (h.integer()) b.add(h.log() ? Parameter.logInt(h.name(), (long) h.low(), (long) h.high())
                    : Parameter.integer(h.name(), (long) h.low(), (long) h.high()));
            else b.add(h.log() ? Parameter.logReal(h.name(), h.low(), h.high()) : Parameter.real(h.name(), h.low(), h.high()));
        }
        return b.build();
    }

    static Map<String, Object> options(String strategy) {
        return switch (strategy) {
            case "random", "bo" -> Map.of();
            case "hyperband", "dehb", "bohb" -> Map.of("min_fidelity", 1, "max_fidelity", LcBench.MAX_EPOCH, "eta", 3);
            case "pbt" -> Map.of("max_fidelity", LcBench.MAX_EPOCH);
            default -> throw new IllegalArgumentException("unknown strategy " + strategy + "; " + String.join(", ", STRATEGIES));
        };
    }

    /** One study until {@code budget} epochs are spent. */
    static Map<String, Object> run(LcBenchObjective objective, String strategy, long seed, int budget) {
        long start = System.nanoTime();
        long inObjective = 0;
        int epochs = 0;
        int trials = 0;
        double best = Double.NEGATIVE_INFINITY;
        List<double[]> curve = new ArrayList<>();
        Map<Long, Integer> reached = new HashMap<>();
        String stop = "budget";
        long duplicates;
        try (Study study = Study.builder().space(space()).direction(Direction.MAXIMIZE).strategy(strategy, options(strategy))
                .seed(seed).budget(Budget.trials(1_000_000)).workers(1).build()) {
            outer:
            while (true) {
                if (epochs >= budget) break;
                Optional<Trial> asked = study.ask();
                if (asked.isEmpty()) {
                    stop = "the strategy proposed nothing more";
                    break;
                }
                Trial t = asked.get();
                double fidelity = t.record().fidelity();
                int epoch = fidelity == 0 ? LcBench.MAX_EPOCH : (int) Math.round(fidelity);
                // the parent's epochs come first: from the store, since a trial the engine completed by itself
                // (a duplicate of a completed configuration) never passed through ask
                int from = 1;
                if (t.record().parent().isPresent()) {
                    long parent = t.record().parent().getAsLong();
                    Integer done = reached.get(parent);
                    if (done == null) {
                        double pf = study.store().get(parent).orElseThrow(() -> new IllegalStateException(
                                strategy + ": trial " + t.id() + " continues unknown trial " + parent)).fidelity();
                        done = pf == 0 ? LcBench.MAX_EPOCH : (int) Math.round(pf);
                    }
                    from = done + 1;
                }
                trials++;
                double value = Double.NaN;
                long t0 = System.nanoTime();
                // a continuation that asks for no further epoch (it cannot here: fidelities rise) is told its parent's last value
                if (from > epoch) value = objective.predict(t.config(), epoch)[1];
                for (int e = from; e <= epoch; e++) {
                    if (epochs >= budget) {
                        inObjective += System.nanoTime() - t0;
                        break outer;
                    }
                    value = objective.predict(t.config(), e)[1];
                    epochs++;
                    if (value > best) {
                        best = value;
                        curve.add(new double[]{epochs, value});
                    }
                }
                inObjective += System.nanoTime() - t0;
                reached.put(t.id(), epoch);
                study.tell(t, value);
            }
            duplicates = study.store().all().stream().filter(x -> x.isDuplicate()).count();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double objectiveSeconds = inObjective / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("method", strategy);
        r.put("task", objective.task());
        r.put("seed", seed);
        r.put("epochs", epochs);
        r.put("trials", trials);
        r.put("stop", stop);
        r.put("duplicates", duplicates);
        List<List<Double>> steps = new ArrayList<>();
        for (double[] s : curve) steps.add(List.of(s[0], s[1]));
        r.put("curve", steps);
        r.put("final_best", best);
        r.put("wall_seconds", wall);
        r.put("objective_seconds", objectiveSeconds);
        r.put("optimiser_seconds", wall - objectiveSeconds);
        r.put("optimiser_ms_per_trial", 1e3 * (wall - objectiveSeconds) / Math.max(1, trials));
        return r;
    }

    static List<Long> seeds(String text) {
        List<Long> out = new ArrayList<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) continue;
            int dash = part.indexOf('-');
            if (dash > 0) {
                for (long s = Long.parseLong(part.substring(0, dash)); s <= Long.parseLong(part.substring(dash + 1)); s++) out.add(s);
            } else {
                out.add(Long.parseLong(part));
            }
        }
        return out;
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = BenchSupport.args(argv);
        List<String> tasks = List.of(a.getOrDefault("tasks", "3945").split(","));
        List<Long> seeds = seeds(a.getOrDefault("seeds", "1-10"));
        List<String> strategies = List.of(a.getOrDefault("strategies", String.join(",", STRATEGIES)).split(","));
        int budget = Integer.parseInt(a.getOrDefault("budget", Integer.toString(50 * LcBench.MAX_EPOCH)));
        Path out = Path.of(a.getOrDefault("out", "bench/results/lcbench-ams.json"));
        String date = BenchSupport.utcNow();
        long t0 = System.nanoTime();
        List<Map<String, Object>> runs = new ArrayList<>();
        for (String task : tasks) {
            try (LcBenchObjective objective = new LcBenchObjective(task, "val_accuracy")) {
                for (long seed : seeds) {
                    for (String s : strategies) {
                        Map<String, Object> r = run(objective, s, seed, budget);
                        runs.add(r);
                        System.err.printf(java.util.Locale.ROOT, "[lcbench-ams] task %s %s seed %d: best %.3f, %d trials, %d epochs, optimiser %.2f s, surrogate %.2f s%n",
                                task, s, seed, (Double) r.get("final_best"), (Integer) r.get("trials"), (Integer) r.get("epochs"),
                                (Double) r.get("optimiser_seconds"), (Double) r.get("objective_seconds"));
                    }
                }
            }
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("date", date);
        meta.put("machine", BenchSupport.machine());
        meta.put("budget_epochs", budget);
        meta.put("tasks", tasks);
        meta.put("seeds", seeds);
        meta.put("methods", strategies);
        Map<String, Object> opts = new LinkedHashMap<>();
        for (String s : strategies) opts.put(s, options(s));
        meta.put("options", opts);
        meta.put("command", a.getOrDefault("command", "java io.ams.bench.LcBenchComparison " + String.join(" ", argv)));
        meta.put("total_seconds", (System.nanoTime() - t0) / 1e9);
        meta.put("load_average_at_end", BenchSupport.loadAverage());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("meta", meta);
        json.put("runs", runs);
        // compact: 600 runs' curves (the 10 x 10 grid) pretty-printed are 2.5 MB
        if (out.getParent() != null) java.nio.file.Files.createDirectories(out.getParent());
        new com.fasterxml.jackson.databind.ObjectMapper().writeValue(out.toFile(), json);
    }
}
