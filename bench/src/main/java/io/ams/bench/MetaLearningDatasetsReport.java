package io.ams.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures and the Markdown report of {@link MetaLearningDatasets}. */
final class MetaLearningDatasetsReport {
    private MetaLearningDatasetsReport() {}

    /** The 1-based trial at which a value first reaches {@code target}; {@code budget + 1} when none does (censored). */
    static int trialsTo(List<Double> values, double target, int budget) {
        for (int i = 0; i < values.size() && i < budget; i++) {
            double v = values.get(i);
            if (!Double.isNaN(v) && v >= target - 1e-12) return i + 1;
        }
        return budget + 1;
    }

    /** The best value among the first {@code k} trials (NaN when none completed). */
    static double bestAfter(List<Double> values, int k) {
        double best = Double.NaN;
        for (int i = 0; i < Math.min(k, values.size()); i++) {
            double v = values.get(i);
            if (!Double.isNaN(v) && (Double.isNaN(best) || v > best)) best = v;
        }
        return best;
    }

    static String tolKey(double tol) {
        return String.format(Locale.ROOT, "%.1f%%", tol * 100);
    }

    /** Summary figures: best known per dataset, trials to targets, speed-ups, anytime best, neighbours. */
    static Map<String, Object> build(List<String> datasets, List<String> strategies, List<MetaLearningDatasets.Run> runs,
                                     int budget, List<Map<String, Object>> earlier,
                                     Map<String, List<Map<String, Object>>> distances) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("earlier_studies", earlier);

        Map<String, Double> bestKnown = new LinkedHashMap<>();
        for (String d : datasets) {
            double b = runs.stream().filter(r -> r.dataset().equals(d)).flatMap(r -> r.values().stream())
                    .filter(v -> !Double.isNaN(v)).mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            bestKnown.put(d, b);
        }
        out.put("best_known", bestKnown);

        Map<String, Object> neighbours = new LinkedHashMap<>();
        for (String d : datasets) {
            Map<String, Object> n = new LinkedHashMap<>();
            List<String> warmNotes = runs.stream().filter(r -> r.dataset().equals(d) && r.mode().equals("warm"))
                    .findFirst().map(MetaLearningDatasets.Run::notes).orElse(List.of());
            n.put("chosen", MetaLearningDatasets.neighboursFromNotes(warmNotes));
            n.put("note", warmNotes.stream().filter(s -> s.startsWith("warm start")).findFirst().orElse(""));
            n.put("all_by_distance", distances.get(d));
            neighbours.put(d, n);
        }
        out.put("neighbours", neighbours);

        // How often a trial reaches each target, over every full trial of every run on the dataset
        Map<String, Object> reach = new LinkedHashMap<>();
        for (String d : datasets) {
            double[] all = runs.stream().filter(r -> r.dataset().equals(d)).flatMap(r -> r.values().stream())
                    .filter(v -> !Double.isNaN(v)).mapToDouble(Double::doubleValue).toArray();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("full_trials", all.length);
            for (double tol : TOLS) {
                double target = bestKnown.get(d) * (1 - tol);
                m.put("within_" + tolKey(tol), java.util.Arrays.stream(all).filter(v -> v >= target - 1e-12).count());
            }
            reach.put(d, m);
        }
        out.put("trials_reaching_targets", reach);

        // Training-seed noise: a warm run's first configurations are the same for every seed (the warm start
        // is deterministic); how far apart are the same configuration's accuracies over the seeds?
        Map<String, Object> noise = new LinkedHashMap<>();
        String noiseStrategy = strategies.stream().filter(s -> !s.equals("hyperband")).findFirst().orElse(null);
        if (noiseStrategy != null) {
            for (String d : datasets) {
                List<MetaLearningDatasets.Run> rs = runs.stream().filter(r -> r.dataset().equals(d) && r.mode().equals("warm")
                        && r.strategy().equals(noiseStrategy)).toList();
                int n = rs.stream().mapToInt(MetaLearningDatasets.Run::warmConfigurations).min().orElse(0);
                List<Double> ranges = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    final int at = i;
                    double[] v = rs.stream().filter(r -> r.values().size() > at).mapToDouble(r -> r.values().get(at))
                            .filter(x -> !Double.isNaN(x)).toArray();
                    if (v.length >= 2) {
                        ranges.add(java.util.Arrays.stream(v).max().getAsDouble() - java.util.Arrays.stream(v).min().getAsDouble());
                    }
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("strategy", noiseStrategy);
                m.put("configurations", ranges.size());
                m.put("seeds", rs.size());
                m.put("mean_range", BenchSupport.mean(ranges.stream().mapToDouble(Double::doubleValue).toArray()));
                m.put("max_range", ranges.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
                noise.put(d, m);
            }
        }
        out.put("seed_noise", noise);

        List<Map<String, Object>> cells = new ArrayList<>();
        for (String d : datasets) {
            for (String s : strategies) {
                Map<String, Object> cell = new LinkedHashMap<>();
                cell.put("dataset", d);
                cell.put("strategy", s);
                for (String mode : List.of("cold", "warm")) {
                    List<MetaLearningDatasets.Run> rs = runs.stream()
                            .filter(r -> r.dataset().equals(d) && r.strategy().equals(s) && r.mode().equals(mode)).toList();
                    Map<String, Object> m = new LinkedHashMap<>();
                    for (double tol : TOLS) {
                        double target = bestKnown.get(d) * (1 - tol);
                        int[] t = rs.stream().mapToInt(r -> trialsTo(r.values(), target, budget)).toArray();
                        Map<String, Object> tt = new LinkedHashMap<>();
                        tt.put("target", target);
                        tt.put("trials", t);
                        tt.put("median", BenchSupport.median(java.util.Arrays.stream(t).asDoubleStream().toArray()));
                        tt.put("censored", java.util.Arrays.stream(t).filter(x -> x > budget).count());
                        m.put("to_" + tolKey(tol), tt);
                    }
                    for (int k : MetaLearningDatasets.ANYTIME) {
                        // any fidelity: what the user of a multi-fidelity search has in hand after k trials (bo and ga: every trial is full)
                        m.put("mean_best_after_" + k, BenchSupport.mean(rs.stream().mapToDouble(r -> bestAfter(r.rawValues(), k)).toArray()));
                    }
                    m.put("mean_best_at_budget", BenchSupport.mean(rs.stream().mapToDouble(r -> bestAfter(r.values(), budget)).toArray()));
                    m.put("mean_seconds", BenchSupport.mean(rs.stream().mapToDouble(MetaLearningDatasets.Run::seconds).toArray()));
                    m.put("runs", rs.size());
                    cell.put(mode, m);
                }
                for (double tol : TOLS) {
                    cell.put("speedup_" + tolKey(tol), speedup(cell, tol));
                }
                cells.add(cell);
            }
        }
        out.put("cells", cells);

        Map<String, Object> summary = new LinkedHashMap<>();
        for (String s : strategies) {
            Map<String, Object> m = new LinkedHashMap<>();
            List<Map<String, Object>> mine = cells.stream().filter(c -> c.get("strategy").equals(s)).toList();
            for (double tol : TOLS) {
                String k = "speedup_" + tolKey(tol);
                double[] sp = mine.stream().mapToDouble(c -> (Double) c.get(k)).toArray();
                m.put("median_" + k, BenchSupport.median(sp));
                m.put("warm_worse_" + tolKey(tol), mine.stream().filter(c -> (Double) c.get(k) < 1).map(c -> c.get("dataset")).toList());
                m.put("warm_equal_" + tolKey(tol), mine.stream().filter(c -> (Double) c.get(k) == 1).map(c -> c.get("dataset")).toList());
                for (String mode : List.of("cold", "warm")) {
                    long censored = mine.stream().mapToLong(c -> (Long) ((Map<?, ?>) ((Map<?, ?>) c.get(mode)).get("to_" + tolKey(tol))).get("censored")).sum();
                    m.put("censored_" + mode + "_" + tolKey(tol), censored);
                }
            }
            for (int k : MetaLearningDatasets.ANYTIME) {
                for (String mode : List.of("cold", "warm")) {
                    m.put("mean_best_after_" + k + "_" + mode, BenchSupport.mean(mine.stream()
                            .mapToDouble(c -> (Double) ((Map<?, ?>) c.get(mode)).get("mean_best_after_" + k)).toArray()));
                }
            }
            summary.put(s, m);
        }
        for (double tol : TOLS) {
            String k = "speedup_" + tolKey(tol);
            summary.put("median_" + k + "_all_cells", BenchSupport.median(cells.stream().mapToDouble(c -> (Double) c.get(k)).toArray()));
        }
        out.put("summary", summary);
        return out;
    }

    static final double[] TOLS = MetaLearningDatasets.TOLERANCES;

    @SuppressWarnings("unchecked")
    static double speedup(Map<String, Object> cell, double tol) {
        double cold = (Double) ((Map<String, Object>) ((Map<String, Object>) cell.get("cold")).get("to_" + tolKey(tol))).get("median");
        double warm = (Double) ((Map<String, Object>) ((Map<String, Object>) cell.get("warm")).get("to_" + tolKey(tol))).get("median");
        return cold / warm;
    }

    // ---- Markdown --------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> doc) {
        Map<String, Object> setup = (Map<String, Object>) doc.get("setup");
        Map<String, Object> machine = (Map<String, Object>) doc.get("machine");
        List<String> strategies = (List<String>) setup.get("strategies");
        int budget = (Integer) setup.get("trials");
        int seeds = (Integer) setup.get("seeds");
        Map<String, Double> bestKnown = (Map<String, Double>) doc.get("best_known");
        List<String> datasets = new ArrayList<>(bestKnown.keySet());
        List<Map<String, Object>> cells = (List<Map<String, Object>>) doc.get("cells");
        Map<String, Object> summary = (Map<String, Object>) doc.get("summary");
        Map<String, Object> warm = (Map<String, Object>) setup.get("warm_start");
        Map<String, Object> earlierSetup = (Map<String, Object>) setup.get("earlier");
        StringBuilder md = new StringBuilder();
        md.append("# Meta-learning on real datasets: leave-one-dataset-out, cold vs warm start\n\n");
        md.append("Does starting a search from the best configurations of earlier studies on *other* datasets")
                .append(" (Ams's warm start, `io.ams.meta.WarmStart`) find a good MLP sooner than starting cold?")
                .append(" The real MLP trainer on ").append(datasets.size()).append(" real datasets (")
                .append(String.join(", ", datasets)).append("), each in turn the new task with the other ")
                .append(datasets.size() - 1).append(" as the archive. The LCBench half of this evaluation is")
                .append(" `meta-learning.md`.\n\n");

        md.append("## How to reproduce\n\n```\n").append(doc.get("command")).append("\n```\n\n");
        md.append("`bench/run-meta-learning-datasets.sh` builds the bench jar and runs `io.ams.bench.MetaLearningDatasets`;")
                .append(" every figure below is in `meta-learning-datasets.json` (with every run's values in trial order")
                .append(" and the warm start's notes). Run on ").append(doc.get("date")).append(", ")
                .append(String.format(Locale.ROOT, "%.0f", (Double) doc.get("total_seconds"))).append(" s in all.\n\n");
        md.append("Machine: ").append(BenchSupport.machineLine(machine))
                .append(". The JVM saw ").append(setup.get("threads_per_trial"))
                .append(" core (`-XX:ActiveProcessorCount=1`): one worker, one thread a trial; the machine's 2 cores were")
                .append(" shared with another benchmark running at the same time, so the seconds below are indicative only;")
                .append(" the trial counts, which all the figures rest on, do not depend on them.\n\n");
        if (doc.get("rewritten") != null) md.append(doc.get("rewritten")).append("\n\n");
        if (doc.get("note") != null && !doc.get("note").toString().isBlank()) md.append(doc.get("note")).append("\n\n");

        md.append("## Setup\n\n");
        md.append("- Space: `").append(setup.get("genome")).append("`'s, the same for every dataset so that configurations transfer")
                .append(" (optimizer, learning rate, momentum, weight decay, batch, schedule; 1-3 layers of 16-256 units with activation,")
                .append(" dropout, batch norm; pruning), 20 epochs a trial. Metric: validation accuracy, maximised. Split: validation ")
                .append(((Map<String, Object>) setup.get("split")).get("validation")).append(", test ")
                .append(((Map<String, Object>) setup.get("split")).get("test")).append(" (unused), seed ")
                .append(((Map<String, Object>) setup.get("split")).get("seed")).append(", stratified.\n");
        md.append("- Datasets: ");
        List<String> ds = new ArrayList<>();
        ((Map<String, String>) setup.get("datasets")).forEach((k, v) -> ds.add("`" + k + "` (" + v + ")"));
        md.append(String.join("; ", ds)).append(".\n");
        md.append("- Earlier studies: on each dataset one study, ").append(earlierSetup.get("strategy")).append(", ")
                .append(earlierSetup.get("trials")).append(" trials, seed ").append(earlierSetup.get("seed"))
                .append(", named `earlier-<dataset>`, archived (`StudyBuilder.archive`: its 20 best configurations and the")
                .append(" dataset's meta-features from `MlpObjective.describe()`). For target dataset X the archive folder holds copies")
                .append(" of the other datasets' entries only.\n");
        md.append("- Runs: per target dataset, strategy (").append(String.join(", ", strategies)).append("; ")
                .append(setup.get("strategy_options")).append(") and seed (1-").append(seeds).append("): a cold study and a warm one (`new WarmStart(folder, ")
                .append(warm.get("neighbours")).append(", ").append(warm.get("configurations")).append(")`), same seed, ")
                .append(budget).append(" trials each, one worker. The warm study evaluates the chosen configurations first (they count in its budget).\n\n");

        md.append("## Definitions\n\n");
        md.append("- **Best known** of a dataset: the best validation accuracy of any trial of any cold or warm run on it (the earlier")
                .append(" study on the dataset itself is not counted; its best is listed for comparison).\n");
        md.append("- **Trials to within 1% (0.5%)**: the 1-based number of the first trial whose validation accuracy is at least")
                .append(" best known x (1 - 0.01) (x (1 - 0.005)). A run that never gets there is **censored** and counted as budget + 1 = ")
                .append(budget + 1).append(".\n");
        md.append("- **Speed-up** of a (dataset, strategy): median over seeds of the cold runs' trials to the target divided by the")
                .append(" warm runs' median. Above 1: warm got there sooner. Medians of ").append(seeds).append(" seeds, so a single run moves them.\n");
        md.append("- **Best after k trials** (5, 10): the best validation accuracy among a run's first k trials, averaged over seeds")
                .append(strategies.contains("hyperband") ? "; for hyperband at any rung (what its user has after k trials), since its first full training is trial 13." : ".")
                .append(" **At ").append(budget).append("**: the best of the whole run (hyperband: of its 20-epoch trials).\n");
        if (strategies.contains("hyperband")) {
            md.append("- **hyperband**: its trials include the lower rungs (2 and 7 epochs); every trial counts in the trial numbers")
                    .append(" and the budget, but only a trial trained the full 20 epochs counts as reaching a target, for the best")
                    .append(" known and for the best at the budget (a lower rung's accuracy is not the full training's). Its warm start")
                    .append(" places the chosen configurations in its first bracket, at the lowest rung (the bracket holds 9, so 9 of the 10),")
                    .append(" and only the bracket's winner is trained to 20 epochs (trial 13).\n");
        }
        md.append("\n");

        md.append("## Neighbours: which earlier studies each dataset's warm start took\n\n");
        md.append("Distance: Euclidean over the meta-features standardised across the target and the archive's entries, divided by")
                .append(" the square root of the number of features (`WarmStart`); the warm start takes the ")
                .append(warm.get("neighbours")).append(" nearest.\n\n");
        if (datasets.contains(MetaLearningDatasets.FASHION)) {
            md.append("On Fashion-MNIST (784 columns) the PCA fraction and the linear landmarker see only the first ")
                    .append(io.ams.data.MetaFeatures.MAX_COLUMNS).append(" columns (`MetaFeatures.MAX_COLUMNS`), the top 7 of the")
                    .append(" 28 pixel rows, so its linear accuracy (see the JSON's features) understates the whole image's.\n\n");
        }
        md.append("| target | chosen (distance) | not chosen |\n|---|---|---|\n");
        Map<String, Object> nb = (Map<String, Object>) doc.get("neighbours");
        for (String d : datasets) {
            Map<String, Object> n = (Map<String, Object>) nb.get(d);
            List<Map<String, Object>> chosen = (List<Map<String, Object>>) n.get("chosen");
            List<Map<String, Object>> all = (List<Map<String, Object>>) n.get("all_by_distance");
            List<String> chosenNames = chosen.stream().map(c -> (String) c.get("study")).toList();
            md.append("| ").append(d).append(" | ")
                    .append(String.join(", ", chosen.stream().map(c -> c.get("study").toString().replace("earlier-", "")
                            + " (" + BenchSupport.fixed((Double) c.get("distance"), 3) + ")").toList()))
                    .append(" | ")
                    .append(String.join(", ", all.stream().filter(c -> !chosenNames.contains((String) c.get("study")))
                            .map(c -> c.get("study").toString().replace("earlier-", "") + " (" + BenchSupport.fixed((Double) c.get("distance"), 3) + ")").toList()))
                    .append(" |\n");
        }
        md.append("\n");

        md.append("## Best known, how often it is reached, and the earlier studies\n\n");
        md.append("Full trials within 1% / 0.5%: of all the trials of all the runs on the dataset that trained the full 20 epochs,")
                .append(" how many reached each target. Seed noise: the warm runs' first configurations are the same for every seed,")
                .append(" so the spread (max - min over the seeds) of one configuration's accuracy is the training seed's doing alone;")
                .append(" mean and largest over those configurations.\n\n");
        md.append("| dataset | validation rows | best known | full trials within 1% / 0.5% | seed noise, mean / max | earlier study's best (")
                .append(earlierSetup.get("trials")).append(" trials) | earlier study's seconds |\n|---|---|---|---|---|---|---|\n");
        Map<String, Object> reach = (Map<String, Object>) doc.get("trials_reaching_targets");
        Map<String, Object> noise = (Map<String, Object>) doc.get("seed_noise");
        Map<String, Integer> validationRows = (Map<String, Integer>) setup.get("validation_rows");
        for (Map<String, Object> e : (List<Map<String, Object>>) doc.get("earlier_studies")) {
            String d = (String) e.get("dataset");
            Map<String, Object> r = (Map<String, Object>) reach.get(d);
            Map<String, Object> nz = (Map<String, Object>) noise.get(d);
            md.append("| ").append(d).append(" | ").append(validationRows.get(d)).append(" | ")
                    .append(BenchSupport.fixed(bestKnown.get(d), 4)).append(" | ")
                    .append(r.get("within_1.0%")).append(" / ").append(r.get("within_0.5%")).append(" of ").append(r.get("full_trials")).append(" | ")
                    .append(nz == null ? "n/a" : BenchSupport.fixed((Double) nz.get("mean_range"), 4) + " / " + BenchSupport.fixed((Double) nz.get("max_range"), 4))
                    .append(" | ")
                    .append(BenchSupport.fixed((Double) e.get("best_validation_accuracy"), 4)).append(" | ")
                    .append(BenchSupport.fixed((Double) e.get("seconds"), 1)).append(" |\n");
        }
        md.append("\n");

        for (double tol : TOLS) {
            String k = tolKey(tol);
            md.append("## Trials to within ").append(k).append(" of the best known\n\n");
            md.append("Per seed (cold / warm), median, censored runs (never got there, counted as ").append(budget + 1).append(").\n\n");
            md.append("| dataset | strategy | target | cold, per seed | warm, per seed | median cold | median warm | censored cold / warm | speed-up |\n")
                    .append("|---|---|---|---|---|---|---|---|---|\n");
            for (Map<String, Object> c : cells) {
                Map<String, Object> cold = (Map<String, Object>) ((Map<String, Object>) c.get("cold")).get("to_" + k);
                Map<String, Object> w = (Map<String, Object>) ((Map<String, Object>) c.get("warm")).get("to_" + k);
                md.append("| ").append(c.get("dataset")).append(" | ").append(c.get("strategy")).append(" | ")
                        .append(BenchSupport.fixed((Double) cold.get("target"), 4)).append(" | ")
                        .append(ints((int[]) cold.get("trials"), budget)).append(" | ").append(ints((int[]) w.get("trials"), budget)).append(" | ")
                        .append(med((Double) cold.get("median"))).append(" | ").append(med((Double) w.get("median"))).append(" | ")
                        .append(cold.get("censored")).append(" / ").append(w.get("censored")).append(" | ")
                        .append(BenchSupport.fixed((Double) c.get("speedup_" + k), 2)).append(" |\n");
            }
            md.append("\n");
        }

        md.append("## Summary over datasets\n\n");
        md.append("| strategy | median speed-up, 1% | median speed-up, 0.5% | warm worse (1%) | warm worse (0.5%) | censored cold / warm, 1% | censored cold / warm, 0.5% |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (String s : strategies) {
            Map<String, Object> m = (Map<String, Object>) summary.get(s);
            md.append("| ").append(s).append(" | ")
                    .append(BenchSupport.fixed((Double) m.get("median_speedup_1.0%"), 2)).append(" | ")
                    .append(BenchSupport.fixed((Double) m.get("median_speedup_0.5%"), 2)).append(" | ")
                    .append(list((List<Object>) m.get("warm_worse_1.0%"))).append(" | ")
                    .append(list((List<Object>) m.get("warm_worse_0.5%"))).append(" | ")
                    .append(m.get("censored_cold_1.0%")).append(" / ").append(m.get("censored_warm_1.0%")).append(" | ")
                    .append(m.get("censored_cold_0.5%")).append(" / ").append(m.get("censored_warm_0.5%")).append(" |\n");
        }
        md.append("\nMedian speed-up over all ").append(cells.size()).append(" (dataset, strategy) cells: ")
                .append(BenchSupport.fixed((Double) summary.get("median_speedup_1.0%_all_cells"), 2)).append(" (1%), ")
                .append(BenchSupport.fixed((Double) summary.get("median_speedup_0.5%_all_cells"), 2)).append(" (0.5%).")
                .append(" Censored runs are out of ").append(datasets.size() * seeds).append(" a strategy and mode.\n\n");

        md.append("## Best so far after 5 and 10 trials (mean over seeds)\n\n");
        md.append("| dataset | strategy | after 5, cold | after 5, warm | after 10, cold | after 10, warm | at ").append(budget)
                .append(", cold | at ").append(budget).append(", warm |\n|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> c : cells) {
            Map<String, Object> cold = (Map<String, Object>) c.get("cold");
            Map<String, Object> w = (Map<String, Object>) c.get("warm");
            md.append("| ").append(c.get("dataset")).append(" | ").append(c.get("strategy")).append(" | ")
                    .append(BenchSupport.fixed((Double) cold.get("mean_best_after_5"), 4)).append(" | ")
                    .append(BenchSupport.fixed((Double) w.get("mean_best_after_5"), 4)).append(" | ")
                    .append(BenchSupport.fixed((Double) cold.get("mean_best_after_10"), 4)).append(" | ")
                    .append(BenchSupport.fixed((Double) w.get("mean_best_after_10"), 4)).append(" | ")
                    .append(BenchSupport.fixed((Double) cold.get("mean_best_at_budget"), 4)).append(" | ")
                    .append(BenchSupport.fixed((Double) w.get("mean_best_at_budget"), 4)).append(" |\n");
        }
        for (String s : strategies) {
            Map<String, Object> m = (Map<String, Object>) summary.get(s);
            md.append("| **mean over datasets** | ").append(s).append(" | ")
                    .append(BenchSupport.fixed((Double) m.get("mean_best_after_5_cold"), 4)).append(" | ")
                    .append(BenchSupport.fixed((Double) m.get("mean_best_after_5_warm"), 4)).append(" | ")
                    .append(BenchSupport.fixed((Double) m.get("mean_best_after_10_cold"), 4)).append(" | ")
                    .append(BenchSupport.fixed((Double) m.get("mean_best_after_10_warm"), 4)).append(" |  |  |\n");
        }
        md.append("\n");
        reading(md, doc, datasets, strategies, cells, summary, budget, seeds, warm);
        return md.toString();
    }

    @SuppressWarnings("unchecked")
    static void reading(StringBuilder md, Map<String, Object> doc, List<String> datasets, List<String> strategies,
                        List<Map<String, Object>> cells, Map<String, Object> summary, int budget, int seeds, Map<String, Object> warm) {
        Map<String, Object> setup = (Map<String, Object>) doc.get("setup");
        Map<String, Integer> validationRows = (Map<String, Integer>) setup.get("validation_rows");
        md.append("## Reading\n\n");
        long faster = cells.stream().filter(c -> (Double) c.get("speedup_1.0%") > 1).count();
        long equal = cells.stream().filter(c -> (Double) c.get("speedup_1.0%") == 1).count();
        long slower = cells.stream().filter(c -> (Double) c.get("speedup_1.0%") < 1).count();
        md.append("- Within 1% of the best known, warm got there sooner (median over seeds) in ").append(faster).append(" of ")
                .append(cells.size()).append(" (dataset, strategy) cells, as soon in ").append(equal).append(" and later in ")
                .append(slower).append("; the median speed-up over the cells is ")
                .append(BenchSupport.fixed((Double) summary.get("median_speedup_1.0%_all_cells"), 2)).append(" (")
                .append(BenchSupport.fixed((Double) summary.get("median_speedup_0.5%_all_cells"), 2)).append(" within 0.5%).\n");
        for (String s : strategies) {
            Map<String, Object> m = (Map<String, Object>) summary.get(s);
            md.append("- ").append(s).append(": mean best after 5 trials ").append(BenchSupport.fixed((Double) m.get("mean_best_after_5_cold"), 4))
                    .append(" cold vs ").append(BenchSupport.fixed((Double) m.get("mean_best_after_5_warm"), 4)).append(" warm, after 10 ")
                    .append(BenchSupport.fixed((Double) m.get("mean_best_after_10_cold"), 4)).append(" vs ")
                    .append(BenchSupport.fixed((Double) m.get("mean_best_after_10_warm"), 4)).append(" (mean over datasets of the mean over seeds).\n");
        }
        double largestAnytimeGap = 0;
        for (String s : strategies) {
            Map<String, Object> m = (Map<String, Object>) summary.get(s);
            for (int k : MetaLearningDatasets.ANYTIME) {
                double gap = Math.abs((Double) m.get("mean_best_after_" + k + "_warm") - (Double) m.get("mean_best_after_" + k + "_cold"));
                if (!Double.isNaN(gap)) largestAnytimeGap = Math.max(largestAnytimeGap, gap);
            }
        }
        Map<String, Object> noise = (Map<String, Object>) doc.get("seed_noise");
        Map<String, Object> reach = (Map<String, Object>) doc.get("trials_reaching_targets");
        List<String> noisy = new ArrayList<>();
        for (String d : datasets) {
            Map<String, Object> nz = (Map<String, Object>) noise.get(d);
            if (nz != null && (Double) nz.get("mean_range") >= 0.01) noisy.add(d + " " + BenchSupport.fixed((Double) nz.get("mean_range"), 3));
        }
        md.append("- The largest gap between warm and cold in mean best after 5 or 10 trials, over the strategies, is ")
                .append(BenchSupport.fixed(largestAnytimeGap, 4)).append(" accuracy. Training-seed noise: the same configuration's")
                .append(" accuracy moves over the seeds by a mean (max - min) of ")
                .append(noisy.isEmpty() ? "less than 0.01 on every dataset" : String.join(", ", noisy) + ", at least the 1% tolerance")
                .append(" (table above). A configuration therefore reaches a target on one seed and misses it on another, and")
                .append(" the best known itself is partly a lucky seed.\n");
        List<String> rare = new ArrayList<>();
        for (String d : datasets) {
            Map<String, Object> r = (Map<String, Object>) reach.get(d);
            long within = ((Number) r.get("within_1.0%")).longValue();
            long full = ((Number) r.get("full_trials")).longValue();
            if (within * 100 < full) rare.add(d + " (" + within + " of " + full + " full trials)");
        }
        long bothCensored = cells.stream().filter(c -> {
            double cold = (Double) ((Map<String, Object>) ((Map<String, Object>) c.get("cold")).get("to_1.0%")).get("median");
            double w = (Double) ((Map<String, Object>) ((Map<String, Object>) c.get("warm")).get("to_1.0%")).get("median");
            return cold > budget && w > budget;
        }).count();
        if (!rare.isEmpty() || bothCensored > 0) {
            md.append("- Uninformative cells: ").append(bothCensored).append(" of ").append(cells.size())
                    .append(" cells have both medians censored within 1%, so their speed-up of 1.00 says nothing either way");
            if (!rare.isEmpty()) {
                md.append("; the 1% target was reached by fewer than 1% of all trials on ").append(String.join(", ", rare))
                        .append(": its best known is one lucky trial, not a level a search reaches");
            }
            md.append(".\n");
        }
        double smallestNoise = noise.values().stream().mapToDouble(n -> (Double) ((Map<String, Object>) n).get("mean_range")).min().orElse(Double.NaN);
        double medianSpeedup = (Double) summary.get("median_speedup_1.0%_all_cells");
        if (Math.abs(Math.log(medianSpeedup)) < Math.log(1.25) && largestAnytimeGap < smallestNoise) {
            md.append("- **Verdict**: the median speed-up is ").append(BenchSupport.fixed(medianSpeedup, 2))
                    .append(" and the anytime gaps (at most ").append(BenchSupport.fixed(largestAnytimeGap, 4))
                    .append(") are smaller than the spread one configuration shows over training seeds (")
                    .append(BenchSupport.fixed(smallestNoise, 4)).append(" at the least): with ").append(datasets.size())
                    .append(" datasets and ").append(seeds).append(" seeds this run does not show that the warm start finds a good MLP")
                    .append(" sooner in this space, nor that it costs; the single cells above or below 1 are not evidence either way.\n");
        } else {
            md.append("- **Verdict**: the median speed-up is ").append(BenchSupport.fixed(medianSpeedup, 2))
                    .append(" and the largest anytime gap ").append(BenchSupport.fixed(largestAnytimeGap, 4))
                    .append(" against a smallest training-seed noise of ").append(BenchSupport.fixed(smallestNoise, 4))
                    .append("; read the cells with the caveats below.\n");
        }
        List<String> steps = new ArrayList<>();
        validationRows.forEach((d, n) -> steps.add(d + " " + n + " rows (one sample = " + BenchSupport.fixed(100.0 / n, 1) + "%)"));
        md.append("- Resolution: the validation sets are small: ").append(String.join(", ", steps)).append(".")
                .append(" Where one sample is worth more than 1%, \"within 1%\" (and 0.5%) means reaching the best known exactly,")
                .append(" and where the best known is 1.0 many configurations reach it; there a trial count is mostly the luck of the")
                .append(" first few draws, and a difference of a few trials between cold and warm is noise, not transfer.\n");
        md.append("- The warm start is deterministic: the same ").append(warm.get("configurations"))
                .append(" configurations, in the same order, for every seed and every strategy on a dataset (only the trials' training")
                .append(" seeds differ), so on a dataset where warm reaches the target inside its first ").append(warm.get("configurations"))
                .append(" trials the ").append(seeds).append(" warm seeds are nearly one measurement, not ").append(seeds).append(".\n");
        md.append("- What this can show: whether the configurations that did best on these other datasets, in this space,")
                .append(" are good first guesses on a held-out one, per dataset and strategy, with ").append(seeds).append(" seeds a cell.\n");
        md.append("- What it cannot show: with ").append(datasets.size()).append(" datasets the archive of a target holds ")
                .append(datasets.size() - 1).append(" studies and the warm start takes ").append(warm.get("neighbours"))
                .append(" of them, so the meta-feature distance only decides which one is left out: this does not test whether")
                .append(" choosing neighbours by meta-features beats choosing them at random or taking all (no such control was run), nor")
                .append(" how the warm start behaves with a large archive of near and far tasks. Five datasets are one small sample of")
                .append(" tasks (three of them tiny and nearly solved by most configurations): a median over 5 speed-ups can flip with one dataset,")
                .append(" and no figure here is a significance test. Each earlier study is one run of ").append(((Map<String, Object>) setup.get("earlier")).get("trials"))
                .append(" trials; a better or worse earlier study would change what is transferred.\n\n");
    }

    static String med(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : BenchSupport.fixed(v, 1);
    }

    static String ints(int[] t, int budget) {
        List<String> s = new ArrayList<>();
        for (int x : t) s.add(x > budget ? x + "*" : Integer.toString(x));
        return String.join(", ", s);
    }

    static String list(List<Object> l) {
        return l.isEmpty() ? "none" : String.join(", ", l.stream().map(Object::toString).toList());
    }
}
