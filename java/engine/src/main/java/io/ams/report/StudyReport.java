package io.ams.report;

import io.ams.core.Direction;
import io.ams.engine.Constraints;
import io.ams.engine.Goal;
import io.ams.engine.ParetoSummary;
import io.ams.space.ChoiceParameter;
import io.ams.space.Config;
import io.ams.space.IntParameter;
import io.ams.space.Parameter;
import io.ams.space.RealParameter;
import io.ams.space.Scale;
import io.ams.store.ChronicleTrialStore;
import io.ams.store.StudyMeta;
import io.ams.store.TrialRecord;
import io.ams.store.TrialState;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A study as one self-contained HTML page: what was searched and how, the best configuration
 * with its validation and test figures, the plots Optuna users read (optimisation history over
 * trials and over time, parallel coordinates, parameter importance, slices, learning curves,
 * the lineage of the best trial, the Pareto front) and a sortable table of every trial.
 *
 * <p>The plots are SVG drawn here, not by a script library: the file opens anywhere without a
 * network, stays small (a 1,000-trial study is a few hundred kB, not a megabyte of library
 * first), and a test reads every mark. The one script sorts the table (and, for {@code ams
 * dashboard}, refreshes the page while a search writes the store).
 */
public final class StudyReport {

    /** Where the trials came from and when: named on the page. */
    public record Source(String name, boolean writerRunning, long asOfMillis) {}

    /** How many trials the parallel-coordinates and learning-curve plots draw at most (the best ones). */
    static final int MAX_LINES = 2000;
    /** How many completed trials the importance's forest is fitted to at most (a seeded sample of them). */
    static final int MAX_IMPORTANCE_TRIALS = 2000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final StudyMeta meta;
    private final List<TrialRecord> trials;
    private final Optional<Genes> genes;
    private final Source source;
    private final boolean live;
    private final Direction direction;
    private final String metric;
    private final Constraints constraints;
    private final List<Goal> goals;
    /** Completed trials with a value, in id order. */
    private final List<TrialRecord> completed;
    /** The completed trials' values, ascending. */
    private final double[] sortedValues;
    private final boolean multiFidelity;
    /** Each trial's gene values by label (empty map without genes or for a config outside the space). */
    private final Map<Long, Map<String, Object>> geneValues = new HashMap<>();
    private final StringBuilder out = new StringBuilder(1 << 16);

    private StudyReport(StudyMeta meta, List<TrialRecord> trials, Optional<Genes> genes, Source source, boolean live) {
        this.meta = meta;
        this.trials = trials.stream().sorted(Comparator.comparingLong(TrialRecord::id)).toList();
        this.genes = genes;
        this.source = source;
        this.live = live;
        this.direction = meta.direction();
        this.metric = meta.attrs().getOrDefault(StudyMeta.IDENTITY_PREFIX + "metric", "value");
        this.constraints = Constraints.parse(meta.attrs().get(StudyMeta.IDENTITY_PREFIX + "constraints"));
        this.goals = Goal.parseAll(meta.attrs().get(StudyMeta.IDENTITY_PREFIX + "goals"));
        this.completed = this.trials.stream()
                .filter(t -> t.state() == TrialState.COMPLETE && Double.isFinite(t.value())).toList();
        this.sortedValues = completed.stream().mapToDouble(TrialRecord::value).sorted().toArray();
        this.multiFidelity = this.trials.stream().map(TrialRecord::fidelity).distinct().count() > 1;
        genes.ifPresent(g -> {
            for (TrialRecord t : this.trials) {
                try {
                    geneValues.put(t.id(), g.values(Config.fromCanonical(t.config())));
                } catch (RuntimeException e) {
                    geneValues.put(t.id(), Map.of());  // a configuration told from outside the space
                }
            }
        });
    }

    /**
     * The report of {@code trials} of the study {@code meta}, with {@code genes} naming the searched
     * coordinates (empty: the plots that need the space are left out, with a line saying why).
     * {@code live} pages refresh themselves from the dashboard that serves them.
     */
    public static String html(StudyMeta meta, List<TrialRecord> trials, Optional<Genes> genes, Source source, boolean live) {
        return new StudyReport(meta, trials, genes, source, live).page();
    }

    /** The report of the store at {@code store}, read as {@code ams show} reads it (safe while a search writes it). */
    public static String html(Path store) {
        try (ChronicleTrialStore s = ChronicleTrialStore.openForReading(store)) {
            return html(s.meta(), s.all(), Genes.ofStudy(s.meta()),
                    new Source(store.toString(), s.writerRunning(), System.currentTimeMillis()), false);
        }
    }

    // ---- the page ------------------------------------------------------------------------------

    private String page() {
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                // no icon to fetch: the page asks nothing of a network, or of the dashboard, but its data
                .append("<link rel=\"icon\" href=\"data:,\">")
                .append("<title>").append(Html.escape(meta.name())).append(" — Ams report</title><style>")
                .append(CSS).append("</style></head><body>");
        out.append("<main id=\"report\" data-state=\"").append(state(trials, source.writerRunning())).append("\">");
        header();
        study();
        best();
        history();
        pareto();
        importance();
        parallel();
        slices();
        curves();
        lineage();
        table();
        out.append("</main><script>").append(SORT_SCRIPT);
        if (live) out.append(LIVE_SCRIPT);
        out.append("</script></body></html>\n");
        return out.toString();
    }

    /**
     * What changes when a search writes the store: the trials, the last end, whether a writer runs.
     * The dashboard's page asks for it every few seconds and fetches itself again when it changed.
     */
    public static String state(List<TrialRecord> trials, boolean writerRunning) {
        long ended = trials.stream().mapToLong(TrialRecord::endedAtMillis).max().orElse(0);
        long started = trials.stream().mapToLong(TrialRecord::startedAtMillis).max().orElse(0);
        return trials.size() + "-" + started + "-" + ended + (writerRunning ? "-w" : "");
    }

    private void header() {
        out.append("<header><h1>").append(Html.escape(meta.name())).append("</h1><p class=\"sub\">")
                .append(Html.escape(source.name())).append(" · as of ").append(TIME.format(Instant.ofEpochMilli(source.asOfMillis())));
        if (source.writerRunning()) out.append(" · <b id=\"running\">a search is writing this store</b>");
        out.append(" · <span id=\"count\">").append(trials.size()).append("</span> trials</p></header>");
    }

    private void section(String id, String title) {
        out.append("<section id=\"").append(id).append("\"><h2>").append(Html.escape(title)).append("</h2>");
    }

    private void note(String text) {
        out.append("<p class=\"note\">").append(Html.escape(text)).append("</p>");
    }

    private void study() {
        section("study", "Study");
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("objective", meta.attrs().getOrDefault(StudyMeta.IDENTITY_PREFIX + "objective", "(not recorded)"));
        rows.put("metric", metric + ", " + direction.name().toLowerCase(Locale.ROOT)
                + (goals.isEmpty() ? "" : "; goals " + goals) + (constraints.isEmpty() ? "" : "; subject to " + constraints));
        String options = meta.attrs().get(StudyMeta.STRATEGY_OPTIONS);
        rows.put("strategy", meta.strategy() + (options == null || options.equals("{}") ? "" : " " + options));
        rows.put("seed", Long.toString(meta.seed()));
        for (String k : List.of("run_flags", "study.split", "study.pruner", "slots")) {
            String v = meta.attrs().get(k);
            if (v != null && !v.isBlank() && !v.equals("none")) rows.put(k.replace("study.", ""), v);
        }
        Map<String, Long> counts = new TreeMap<>();
        for (TrialRecord t : trials) {
            String state = t.state() == TrialState.RUNNING && !source.writerRunning() ? "interrupted" : t.state().name().toLowerCase(Locale.ROOT);
            counts.merge(state, 1L, Long::sum);
        }
        rows.put("trials", trials.size() + (counts.isEmpty() ? "" : " (" + String.join(", ",
                counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList()) + ")"));
        long first = trials.stream().mapToLong(TrialRecord::startedAtMillis).filter(m -> m > 0).min().orElse(0);
        long last = trials.stream().mapToLong(t -> Math.max(t.startedAtMillis(), t.endedAtMillis())).max().orElse(0);
        double trialSeconds = trials.stream().filter(t -> t.endedAtMillis() > 0)
                .mapToDouble(t -> (t.endedAtMillis() - t.startedAtMillis()) / 1000.0).sum();
        rows.put("created", TIME.format(Instant.ofEpochMilli(meta.createdAtMillis())));
        if (first > 0) {
            rows.put("time", TIME.format(Instant.ofEpochMilli(first)) + " to " + TIME.format(Instant.ofEpochMilli(last))
                    + String.format(Locale.ROOT, " (%.1f s; %.1f s of trials)", (last - first) / 1000.0, trialSeconds));
        }
        keyValues(rows);
        if (!meta.spaceSource().isBlank()) {
            out.append("<details><summary>genome</summary><pre>").append(Html.escape(meta.spaceSource())).append("</pre></details>");
        } else {
            out.append("<details><summary>search space</summary><pre>").append(Html.escape(meta.spaceJson())).append("</pre></details>");
        }
        out.append("</section>");
    }

    private void keyValues(Map<String, String> rows) {
        out.append("<table class=\"kv\">");
        rows.forEach((k, v) -> out.append("<tr><th>").append(Html.escape(k)).append("</th><td>").append(Html.escape(v)).append("</td></tr>"));
        out.append("</table>");
    }

    /** The best trial as the study reports it: completed, within the constraints, at the highest fidelity reached. */
    private Optional<TrialRecord> bestTrial() {
        List<TrialRecord> feasible = completed.stream().filter(constraints::feasible).toList();
        double top = feasible.stream().mapToDouble(TrialRecord::fidelity).max().orElse(0);
        Comparator<TrialRecord> better = Comparator.comparingDouble(TrialRecord::value);
        if (direction == Direction.MAXIMIZE) better = better.reversed();
        return feasible.stream().filter(t -> t.fidelity() == top).min(better.thenComparingLong(TrialRecord::id));
    }

    private void best() {
        section("best", "Best configuration");
        Optional<TrialRecord> best = bestTrial();
        if (best.isEmpty()) {
            note(completed.isEmpty() ? "No trial has completed yet." : "No completed trial met the constraints (" + constraints + ").");
            out.append("</section>");
            return;
        }
        TrialRecord b = best.get();
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("trial", b.id() + (multiFidelity ? " (fidelity " + Svg.number(b.fidelity()) + ", the highest reached)" : ""));
        boolean validated = meta.attrs().containsKey(StudyMeta.IDENTITY_PREFIX + "split");
        rows.put((validated ? "validation " : "") + metric, full(b.value()));
        String test = b.attrs().get(TEST_METRIC);
        if (test != null) rows.put("test " + metric, figure(test) + " (measured once after the search, on the held-out test split)");
        String testLoss = b.attrs().get(TEST_LOSS);
        if (testLoss != null && !metric.equalsIgnoreCase("loss")) rows.put("test loss", figure(testLoss));
        if (test == null && validated) rows.put("test " + metric, "not measured (the search that wrote this store has not finished, or ran without a final test)");
        b.metrics().forEach((k, v) -> rows.put(k, full(v)));
        Map<String, Object> values = geneValues.getOrDefault(b.id(), Map.of());
        if (!values.isEmpty()) {
            values.forEach((k, v) -> rows.put(k, String.valueOf(v)));
        } else {
            rows.put("configuration", b.config());
        }
        keyValues(rows);
        out.append("</section>");
    }

    /** The trial attributes under which `ams run` keeps the best trial's final test figures. */
    public static final String TEST_METRIC = "test_metric", TEST_LOSS = "test_loss";

    /**
     * How good {@code v} is among the completed values, from 0 (the worst) to 1 (the best), by
     * rank: metrics such as accuracy crowd near their best, where a linear scale would colour
     * nearly every trial alike.
     */
    private double goodness(double v) {
        if (sortedValues.length < 2 || !Double.isFinite(v)) return sortedValues.length < 2 ? 1 : 0;
        int below = lowerBound(sortedValues, v);
        int notAbove = lowerBound(sortedValues, Math.nextUp(v));
        double rank = (below + notAbove - 1) / 2.0 / (sortedValues.length - 1);
        rank = Math.max(0, Math.min(1, rank));
        return direction == Direction.MAXIMIZE ? rank : 1 - rank;
    }

    private static int lowerBound(double[] sorted, double v) {
        int lo = 0, hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private boolean better(double a, double b) {
        return direction == Direction.MAXIMIZE ? a > b : a < b;
    }

    // ---- history ----------------------------------------------------------------------------------

    private void history() {
        section("history", "Optimisation history");
        if (trials.isEmpty()) {
            note("No trials yet.");
            out.append("</section>");
            return;
        }
        out.append("<div class=\"row\">");
        out.append(historyPlot(false)).append(historyPlot(true));
        out.append("</div>");
        if (multiFidelity) {
            List<Double> fidelities = trials.stream().map(TrialRecord::fidelity).distinct().sorted().toList();
            out.append("<p class=\"legend\">fidelity:");
            for (int i = 0; i < fidelities.size(); i++) {
                out.append(" <span class=\"swatch\" style=\"background:")
                        .append(Svg.color(i / (double) Math.max(1, fidelities.size() - 1))).append("\"></span>")
                        .append(Svg.number(fidelities.get(i)));
            }
            out.append("</p>");
        }
        note("Each completed trial (circle" + (multiFidelity ? ", coloured by fidelity" : "") + "), pruned trials (grey crosses) and"
                + " failed ones (red crosses, on the lower edge); the line is the best value so far"
                + (multiFidelity ? " at any fidelity" : "") + ".");
        out.append("</section>");
    }

    private String historyPlot(boolean overTime) {
        long t0 = trials.stream().mapToLong(TrialRecord::startedAtMillis).filter(m -> m > 0).min().orElse(0);
        List<TrialRecord> shown = trials.stream().filter(t -> !overTime || t.endedAtMillis() > 0).toList();
        java.util.function.ToDoubleFunction<TrialRecord> xOf = overTime
                ? t -> Math.max(0, (t.endedAtMillis() - t0) / 1000.0) : t -> (double) t.id();
        double xMax = shown.stream().mapToDouble(xOf).max().orElse(1);
        double yLo = Double.POSITIVE_INFINITY, yHi = Double.NEGATIVE_INFINITY;
        for (TrialRecord t : shown) {
            if (Double.isFinite(t.value())) {
                yLo = Math.min(yLo, t.value());
                yHi = Math.max(yHi, t.value());
            }
        }
        if (yLo > yHi) { yLo = 0; yHi = 1; }
        Svg svg = new Svg(560, 340, overTime ? "history-time" : "history-trial",
                metric + (overTime ? " over wall time" : " over trials"));
        Svg.Scale x = Svg.Scale.of(0, Math.max(xMax, 1), false, Svg.LEFT, 560 - Svg.RIGHT);
        Svg.Scale y = Svg.Scale.of(yLo, yHi, logScale(yLo, yHi), 340 - Svg.BOTTOM, Svg.TOP);
        svg.axes(x, y, overTime ? "seconds since the first trial" : "trial", metric);
        List<Double> fidelities = trials.stream().map(TrialRecord::fidelity).distinct().sorted().toList();
        for (TrialRecord t : shown) {
            double px = x.px(xOf.applyAsDouble(t));
            String title = "trial " + t.id() + ": " + t.state().name().toLowerCase(Locale.ROOT)
                    + (Double.isFinite(t.value()) ? " " + full(t.value()) : "") + (multiFidelity ? ", fidelity " + Svg.number(t.fidelity()) : "");
            if (t.state() == TrialState.FAILED || !Double.isFinite(t.value())) {
                if (t.state() == TrialState.FAILED) svg.cross(px, 340 - Svg.BOTTOM - 4, 3.5, "failed", title + (t.error() == null ? "" : ": " + t.error()));
            } else if (t.state() == TrialState.PRUNED) {
                svg.cross(px, y.px(t.value()), 3, "pruned", title);
            } else {
                double c = multiFidelity ? fidelities.indexOf(t.fidelity()) / (double) Math.max(1, fidelities.size() - 1) : 0.25;
                svg.circle(px, y.px(t.value()), 3.2, Svg.color(c), "trial", title);
            }
        }
        List<TrialRecord> ordered = completed.stream().filter(t -> !overTime || t.endedAtMillis() > 0)
                .sorted(Comparator.comparingDouble(xOf)).toList();
        if (!ordered.isEmpty()) {
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            double best = ordered.get(0).value();
            for (TrialRecord t : ordered) {
                if (better(t.value(), best)) {
                    xs.add(x.px(xOf.applyAsDouble(t)));
                    ys.add(y.px(best));
                    best = t.value();
                }
                xs.add(x.px(xOf.applyAsDouble(t)));
                ys.add(y.px(best));
            }
            xs.add(x.px(xMax));
            ys.add(y.px(best));
            svg.polyline(xs.stream().mapToDouble(Double::doubleValue).toArray(), ys.stream().mapToDouble(Double::doubleValue).toArray(),
                    null, "best-line", "best so far: " + full(best));
        }
        return svg.end();
    }

    /** A log axis for positive values spread over more than two decades (losses, learning rates). */
    private static boolean logScale(double lo, double hi) {
        return lo > 0 && hi / lo > 100;
    }

    // ---- Pareto front -------------------------------------------------------------------------------

    private void pareto() {
        if (goals.isEmpty()) return;
        section("pareto", "Pareto front");
        ParetoSummary summary = ParetoSummary.of(trials, meta);
        java.util.Set<Long> front = summary.frontIds();
        List<String> names = summary.objectives();
        out.append("<div class=\"row\">");
        for (int a = 0; a < names.size(); a++) {
            for (int b = a + 1; b < names.size(); b++) {
                out.append(paretoPlot(names, a, b, front));
            }
        }
        out.append("</div>");
        out.append("<table class=\"lineage\"><tr><th>trial</th>");
        names.forEach(n -> out.append("<th>").append(Html.escape(n)).append("</th>"));
        out.append("<th>test ").append(Html.escape(metric)).append("</th></tr>");
        for (TrialRecord t : summary.front()) {
            out.append("<tr><td>").append(t.id()).append("</td>");
            for (int i = 0; i < names.size(); i++) out.append("<td>").append(full(objective(t, names, i))).append("</td>");
            out.append("<td>").append(Html.escape(figure(t.attrs().getOrDefault(TEST_METRIC, "")))).append("</td></tr>");
        }
        out.append("</table>");
        note(front.size() + " trials on the front (coloured) of " + completed.size() + " completed (grey"
                + (constraints.isEmpty() ? "" : "; outside the constraints: red") + "); hypervolume " + full(summary.hypervolume())
                + (summary.referenceGiven() ? " against the study's reference point." : " against a reference derived from the trials."));
        out.append("</section>");
    }

    private double objective(TrialRecord t, List<String> names, int i) {
        if (i == 0) return t.value();
        Double v = t.metrics().get(names.get(i));
        return v == null ? Double.NaN : v;
    }

    private String paretoPlot(List<String> names, int a, int b, java.util.Set<Long> front) {
        List<TrialRecord> shown = completed.stream()
                .filter(t -> Double.isFinite(objective(t, names, a)) && Double.isFinite(objective(t, names, b))).toList();
        double[] xr = range(shown.stream().mapToDouble(t -> objective(t, names, a)).toArray());
        double[] yr = range(shown.stream().mapToDouble(t -> objective(t, names, b)).toArray());
        Svg svg = new Svg(480, 360, "pareto-plot", names.get(a) + " and " + names.get(b));
        Svg.Scale x = Svg.Scale.of(xr[0], xr[1], logScale(xr[0], xr[1]), Svg.LEFT, 480 - Svg.RIGHT);
        Svg.Scale y = Svg.Scale.of(yr[0], yr[1], logScale(yr[0], yr[1]), 360 - Svg.BOTTOM, Svg.TOP);
        svg.axes(x, y, names.get(a), names.get(b));
        List<TrialRecord> frontTrials = new ArrayList<>();
        for (TrialRecord t : shown) {
            String title = "trial " + t.id() + ": " + names.get(a) + " " + full(objective(t, names, a)) + ", "
                    + names.get(b) + " " + full(objective(t, names, b));
            if (front.contains(t.id())) {
                frontTrials.add(t);
            } else {
                svg.circle(x.px(objective(t, names, a)), y.px(objective(t, names, b)), 2.8, null,
                        constraints.feasible(t) ? "dominated" : "infeasible", title);
            }
        }
        for (TrialRecord t : frontTrials) {
            svg.circle(x.px(objective(t, names, a)), y.px(objective(t, names, b)), 4.2, Svg.color(0.85), "front",
                    "trial " + t.id() + " (front): " + names.get(a) + " " + full(objective(t, names, a)) + ", "
                            + names.get(b) + " " + full(objective(t, names, b)));
        }
        return svg.end();
    }

    private static double[] range(double[] values) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return lo > hi ? new double[] {0, 1} : new double[] {lo, hi};
    }

    // ---- parameter importance -------------------------------------------------------------------------

    /** The genes a plot can draw, with a note when the store does not keep the space. */
    private Optional<Genes> genesOrNote() {
        if (genes.isEmpty()) {
            note("The store does not keep this study's search space (it was made through the Study API, not from a genome):"
                    + " StudyReport.html(meta, trials, Optional.of(Genes.of(space)), ...) draws this from the program that has it.");
        }
        return genes;
    }

    private void importance() {
        section("importance", "Parameter importance");
        Optional<Genes> g = genesOrNote();
        if (g.isPresent()) {
            List<TrialRecord> used = completed.stream().filter(t -> !geneValues.getOrDefault(t.id(), Map.of()).isEmpty()).toList();
            if (used.size() > MAX_IMPORTANCE_TRIALS) {
                // a seeded sample: the forest's cost grows faster than the trials, and 2,000 pin the main effects down
                List<TrialRecord> shuffled = new ArrayList<>(used);
                java.util.Collections.shuffle(shuffled, new java.util.Random(meta.seed()));
                used = shuffled.subList(0, MAX_IMPORTANCE_TRIALS).stream()
                        .sorted(Comparator.comparingLong(TrialRecord::id)).toList();
            }
            if (used.size() < 5) {
                note("Parameter importance needs at least 5 completed trials; there " + (used.size() == 1 ? "is " : "are ") + used.size() + ".");
            } else {
                importancePlot(g.get(), used);
            }
        }
        out.append("</section>");
    }

    /** Importance of each gene (and of the fidelity, in a multi-fidelity study) by fANOVA on a random forest. */
    private void importancePlot(Genes g, List<TrialRecord> used) {
        List<Genes.Gene> list = g.genes();
        int d = list.size() + (multiFidelity ? 1 : 0);
        double[][] x = new double[used.size()][d];
        double[] yv = new double[used.size()];
        boolean[] categorical = new boolean[d];
        for (int j = 0; j < list.size(); j++) categorical[j] = list.get(j).categorical();
        double fLo = used.stream().mapToDouble(TrialRecord::fidelity).min().orElse(0);
        double fHi = used.stream().mapToDouble(TrialRecord::fidelity).max().orElse(1);
        for (int i = 0; i < used.size(); i++) {
            TrialRecord t = used.get(i);
            double[] u = g.unit(Config.fromCanonical(t.config()));
            for (int j = 0; j < list.size(); j++) x[i][j] = Double.isNaN(u[j]) ? io.ams.codec.SpaceCodec.INACTIVE : u[j];
            if (multiFidelity) {
                x[i][d - 1] = fHi > fLo && fLo > 0 ? Math.log(t.fidelity() / fLo) / Math.log(fHi / fLo)
                        : fHi > fLo ? (t.fidelity() - fLo) / (fHi - fLo) : 0.5;
            }
            yv[i] = t.value();
        }
        ParameterImportance.Result r = ParameterImportance.of(x, yv, categorical, meta.seed());
        double[] imp = r.importance();
        double[] sd = r.stdDev();
        List<String> labels = new ArrayList<>(list.stream().map(Genes.Gene::label).toList());
        if (multiFidelity) labels.add("(fidelity)");
        int[] order = r.ranking();
        int rowH = 20;
        int h = Svg.TOP + 10 + rowH * d + 30;
        Svg svg = new Svg(720, h, "importance-plot", "fANOVA importance (fraction of the variance of " + metric + ")");
        int left = 170;
        double max = 0;
        for (int j = 0; j < d; j++) max = Math.max(max, imp[j] + sd[j]);
        Svg.Scale xs = Svg.Scale.of(0, Math.max(max, 0.05), false, left, 720 - 40);
        for (int k = 0; k < d; k++) {
            int j = order[k];
            double y0 = Svg.TOP + 10 + k * rowH;
            svg.text(left - 6, y0 + 13, labels.get(j), "end", "tick");
            svg.rect(left, y0 + 3, xs.px(imp[j]) - left, rowH - 6, Svg.color(0.15 + 0.7 * (1 - k / (double) Math.max(1, d - 1))), "bar",
                    labels.get(j) + ": " + String.format(Locale.ROOT, "%.3f ± %.3f", imp[j], sd[j]));
            if (sd[j] > 0) svg.line(xs.px(Math.max(0, imp[j] - sd[j])), y0 + rowH / 2.0, xs.px(imp[j] + sd[j]), y0 + rowH / 2.0, "err");
            svg.text(xs.px(imp[j] + sd[j]) + 4, y0 + 14, String.format(Locale.ROOT, "%.3f", imp[j]), "start", "tick");
        }
        out.append(svg.end());
        double sum = 0;
        for (double v : imp) sum += v;
        note("Main effects of a functional ANOVA on a random forest fitted to " + used.size() + " completed trials"
                + (used.size() < completed.size() ? " (a random sample of the " + completed.size() + ")" : "")
                + " (the genes in the search's own coordinates: logarithmic reals in their logarithm; an inactive gene at the"
                + " middle of its range" + (multiFidelity ? "; the fidelity as one more input, so that a gene is not credited with"
                + " what the budget did" : "") + "). Each bar is the fraction of the forest's variance that gene explains alone,"
                + " ± its spread over the trees; together they explain " + String.format(Locale.ROOT, "%.0f%%", 100 * sum)
                + ", the rest is interactions.");
    }

    // ---- parallel coordinates ----------------------------------------------------------------------------

    /** Where a gene's values sit on an axis from 0 (bottom) to 1 (top): the space's own range and scale. */
    private static double position(Genes.Gene gene, Object value) {
        if (gene.isDepth()) {
            var s = gene.stack().orElseThrow();
            return s.maxDepth() == s.minDepth() ? 0.5 : (((Number) value).doubleValue() - s.minDepth()) / (s.maxDepth() - s.minDepth());
        }
        Parameter p = gene.parameter().orElseThrow();
        if (p instanceof ChoiceParameter c) {
            int i = c.choices().indexOf(value);
            return (i + 0.5) / c.choices().size();
        }
        double v = ((Number) value).doubleValue();
        double lo, hi;
        boolean log;
        if (p instanceof RealParameter r) {
            lo = r.low(); hi = r.high(); log = r.scale() == Scale.LOG;
        } else {
            IntParameter i = (IntParameter) p;
            lo = i.low(); hi = i.high(); log = i.scale() == Scale.LOG;
        }
        if (hi == lo) return 0.5;
        return log ? Math.log(v / lo) / Math.log(hi / lo) : (v - lo) / (hi - lo);
    }

    /** The labels along a gene's axis: each choice, else the ends and the middle of its range. */
    private static List<Map.Entry<Double, String>> axisLabels(Genes.Gene gene) {
        List<Map.Entry<Double, String>> labels = new ArrayList<>();
        if (gene.isDepth()) {
            var s = gene.stack().orElseThrow();
            for (int k = s.minDepth(); k <= s.maxDepth(); k++) labels.add(Map.entry(position(gene, (long) k), Integer.toString(k)));
            return labels;
        }
        Parameter p = gene.parameter().orElseThrow();
        if (p instanceof ChoiceParameter c) {
            for (Object o : c.choices()) labels.add(Map.entry(position(gene, o), String.valueOf(o)));
        } else if (p instanceof RealParameter r) {
            double mid = r.scale() == Scale.LOG ? Math.sqrt(r.low() * r.high()) : (r.low() + r.high()) / 2;
            for (double v : new double[] {r.low(), mid, r.high()}) labels.add(Map.entry(position(gene, v), Svg.number(v)));
        } else if (p instanceof IntParameter i) {
            double mid = i.scale() == Scale.LOG ? Math.sqrt((double) i.low() * i.high()) : (i.low() + i.high()) / 2.0;
            for (double v : new double[] {i.low(), mid, i.high()}) labels.add(Map.entry(position(gene, v), Svg.number(Math.round(v))));
        }
        return labels;
    }

    /** The completed trials with gene values, the best last (so drawn on top), at most {@link #MAX_LINES}. */
    private List<TrialRecord> drawnTrials() {
        List<TrialRecord> ranked = completed.stream().filter(t -> !geneValues.getOrDefault(t.id(), Map.of()).isEmpty())
                .sorted(Comparator.comparingDouble(t -> goodness(t.value()))).toList();
        return ranked.subList(Math.max(0, ranked.size() - MAX_LINES), ranked.size());
    }

    private void parallel() {
        section("parallel", "Parallel coordinates");
        Optional<Genes> g = genesOrNote();
        if (g.isPresent()) {
            List<TrialRecord> drawn = drawnTrials();
            if (drawn.isEmpty()) {
                note("No completed trial yet.");
            } else {
                parallelPlot(g.get().genes(), drawn);
            }
        }
        out.append("</section>");
    }

    private void parallelPlot(List<Genes.Gene> list, List<TrialRecord> drawn) {
        int axes = list.size() + (multiFidelity ? 2 : 1);
        int step = 96;
        int width = Svg.LEFT + step * (axes - 1) + 60;
        int height = 420;
        double top = Svg.TOP + 30, bottom = height - 70, na = height - 52;
        Svg svg = new Svg(width, height, "parallel-plot", null);
        double[] yr = range(drawn.stream().mapToDouble(TrialRecord::value).toArray());
        Svg.Scale valueAxis = Svg.Scale.of(yr[0], yr[1], logScale(yr[0], yr[1]), bottom, top);
        double fLo = drawn.stream().mapToDouble(TrialRecord::fidelity).min().orElse(0);
        double fHi = drawn.stream().mapToDouble(TrialRecord::fidelity).max().orElse(1);
        Svg.Scale fidelityAxis = Svg.Scale.of(fLo, fHi, false, bottom, top);
        for (TrialRecord t : drawn) {
            Map<String, Object> values = geneValues.get(t.id());
            double[] xs = new double[axes], ys = new double[axes];
            for (int j = 0; j < list.size(); j++) {
                Object v = values.get(list.get(j).label());
                xs[j] = Svg.LEFT + step * j;
                ys[j] = v == null ? na : bottom + (top - bottom) * position(list.get(j), v);
            }
            if (multiFidelity) {
                xs[axes - 2] = Svg.LEFT + step * (axes - 2);
                ys[axes - 2] = fidelityAxis.px(t.fidelity());
            }
            xs[axes - 1] = Svg.LEFT + step * (axes - 1);
            ys[axes - 1] = valueAxis.px(t.value());
            svg.polyline(xs, ys, Svg.color(goodness(t.value())), "pc-line", "trial " + t.id() + ": " + full(t.value()));
        }
        for (int j = 0; j < axes; j++) {
            double x = Svg.LEFT + step * j;
            svg.line(x, top, x, bottom, "axis");
            String name = j < list.size() ? list.get(j).label() : multiFidelity && j == axes - 2 ? "fidelity" : metric;
            svg.text(x, top - (j % 2 == 0 ? 10 : 24), name, "middle", "axis-name");
            if (j < list.size()) {
                for (Map.Entry<Double, String> e : axisLabels(list.get(j))) {
                    svg.text(x + 3, bottom + (top - bottom) * e.getKey() + 4, e.getValue(), "start", "tick");
                }
                if (list.get(j).conditional()) svg.text(x + 3, na + 4, "inactive", "start", "tick na");
            } else {
                Svg.Scale s = multiFidelity && j == axes - 2 ? fidelityAxis : valueAxis;
                for (double t : s.ticks(5)) svg.text(x + 3, s.px(t) + 4, Svg.number(t), "start", "tick");
            }
        }
        out.append("<div class=\"scroll\">").append(svg.end()).append("</div>");
        note(drawn.size() + " completed trials" + (completed.size() > drawn.size() ? " (the best " + drawn.size() + " of " + completed.size() + ")" : "")
                + ", one line each, brighter for a better " + metric + "; each axis spans the gene's range in the space"
                + " (log scale where the space searches in the logarithm); a gene a trial does not use sits on its 'inactive' row.");
    }

    // ---- slices ------------------------------------------------------------------------------------------

    private void slices() {
        section("slices", "Slices");
        Optional<Genes> g = genesOrNote();
        if (g.isPresent()) {
            if (completed.isEmpty()) {
                note("No completed trial yet.");
            } else {
                out.append("<div class=\"grid\">");
                for (Genes.Gene gene : g.get().genes()) out.append(slicePlot(gene));
                out.append("</div>");
                note("The " + metric + " of each completed trial against one gene, coloured by trial number (later is brighter);"
                        + " trials in which the gene is inactive are left out of its plot.");
            }
        }
        out.append("</section>");
    }

    private String slicePlot(Genes.Gene gene) {
        int w = 300, h = 230;
        List<TrialRecord> shown = completed.stream().filter(t -> geneValues.getOrDefault(t.id(), Map.of()).containsKey(gene.label())).toList();
        Svg svg = new Svg(w, h, "slice-plot", gene.label());
        double[] yr = range(completed.stream().mapToDouble(TrialRecord::value).toArray());
        Svg.Scale y = Svg.Scale.of(yr[0], yr[1], logScale(yr[0], yr[1]), h - Svg.BOTTOM, Svg.TOP);
        Svg.Scale x = Svg.Scale.of(0, 1, false, Svg.LEFT, w - Svg.RIGHT);
        svg.axes(null, y, null, metric);
        List<Map.Entry<Double, String>> labels = axisLabels(gene);
        // a label gets the width between two choices, at about 6 px a character
        int fit = Math.max(3, (int) ((w - Svg.LEFT - Svg.RIGHT) / (double) labels.size() / 6.2));
        for (Map.Entry<Double, String> e : labels) {
            String label = e.getValue().length() > fit ? e.getValue().substring(0, fit - 1) + "…" : e.getValue();
            svg.text(x.px(e.getKey()), h - Svg.BOTTOM + 14, label, "middle", "tick");
        }
        long maxId = trials.isEmpty() ? 1 : Math.max(1, trials.get(trials.size() - 1).id());
        java.util.SplittableRandom jitter = new java.util.SplittableRandom(gene.index());
        for (TrialRecord t : shown) {
            Object v = geneValues.get(t.id()).get(gene.label());
            double pos = position(gene, v);
            if (gene.categorical()) pos += (jitter.nextDouble() - 0.5) * 0.3 / Math.max(1, gene.cells());
            svg.circle(x.px(pos), y.px(t.value()), 2.6, Svg.color(t.id() / (double) maxId), "trial",
                    "trial " + t.id() + ": " + gene.label() + " = " + v + ", " + metric + " " + full(t.value()));
        }
        return svg.end();
    }

    // ---- learning curves -------------------------------------------------------------------------------

    private void curves() {
        boolean any = trials.stream().anyMatch(t -> t.curve().length > 1);
        if (!any) return;
        section("curves", "Intermediate values");
        List<TrialRecord> withCurves = trials.stream().filter(t -> t.curve().length > 0).toList();
        List<TrialRecord> drawn = withCurves.stream()
                .sorted(Comparator.comparingDouble((TrialRecord t) -> t.state() == TrialState.COMPLETE ? 1 : 0)
                        .thenComparingDouble(t -> goodness(last(t.curve()))))
                .toList();
        drawn = drawn.subList(Math.max(0, drawn.size() - MAX_LINES), drawn.size());
        int maxLen = drawn.stream().mapToInt(t -> t.curve().length).max().orElse(1);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (TrialRecord t : drawn) {
            for (double v : t.curve()) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo > hi) { lo = 0; hi = 1; }
        int w = 900, h = 380;
        Svg svg = new Svg(w, h, "curves-plot", metric + " reported during training");
        Svg.Scale x = Svg.Scale.of(1, Math.max(2, maxLen), false, Svg.LEFT, w - Svg.RIGHT);
        Svg.Scale y = Svg.Scale.of(lo, hi, logScale(lo, hi), h - Svg.BOTTOM, Svg.TOP);
        svg.axes(x, y, "step (epoch; a continued trial starts with its parent's steps)", metric);
        for (TrialRecord t : drawn) {
            double[] c = t.curve();
            int n = 0;
            for (double v : c) if (Double.isFinite(v)) n++;
            double[] xs = new double[n], ys = new double[n];
            int k = 0;
            for (int i = 0; i < c.length; i++) {
                if (!Double.isFinite(c[i])) continue;
                xs[k] = x.px(i + 1);
                ys[k++] = y.px(c[i]);
            }
            String title = "trial " + t.id() + " (" + t.state().name().toLowerCase(Locale.ROOT) + "): " + c.length + " steps, last " + full(last(c));
            if (t.state() == TrialState.COMPLETE) {
                if (n == 1) svg.circle(xs[0], ys[0], 2.5, Svg.color(goodness(last(c))), "trial", title);
                else svg.polyline(xs, ys, Svg.color(goodness(last(c))), "curve", title);
            } else {
                if (n > 1) svg.polyline(xs, ys, null, "curve stopped", title);
                if (n > 0) svg.cross(xs[n - 1], ys[n - 1], 3, t.state() == TrialState.PRUNED ? "pruned" : "failed", title);
            }
        }
        out.append(svg.end());
        long pruned = withCurves.stream().filter(t -> t.state() == TrialState.PRUNED).count();
        note("The values each trial reported while it trained: completed trials coloured by their last value, pruned and"
                + " unfinished ones grey, a cross where they stopped (" + pruned + " pruned)."
                + (multiFidelity ? " A promoted trial continues its parent's checkpoint, so its curve starts with its parent's: the rungs show as curves that go on." : "")
                + (withCurves.size() > drawn.size() ? " The " + drawn.size() + " best of " + withCurves.size() + " are drawn." : ""));
        out.append("</section>");
    }

    private static double last(double[] c) {
        for (int i = c.length - 1; i >= 0; i--) if (Double.isFinite(c[i])) return c[i];
        return Double.NaN;
    }

    // ---- lineage -----------------------------------------------------------------------------------------

    private void lineage() {
        Optional<TrialRecord> best = bestTrial();
        if (best.isEmpty() || best.get().parent().isEmpty()) return;
        Map<Long, TrialRecord> byId = new HashMap<>();
        trials.forEach(t -> byId.put(t.id(), t));
        List<TrialRecord> chain = new ArrayList<>();
        for (TrialRecord t = best.get(); t != null; t = t.parent().isPresent() ? byId.get(t.parent().getAsLong()) : null) {
            chain.add(0, t);
            if (chain.size() > trials.size()) break;  // a cycle would be a corrupt store; never loop on it
        }
        section("lineage", "Lineage of the best trial");
        TrialRecord b = best.get();
        double[] c = b.curve();
        if (c.length > 0) {
            int w = 900, h = 340;
            double[] yr = range(java.util.Arrays.stream(c).filter(Double::isFinite).toArray());
            Svg svg = new Svg(w, h, "lineage-plot", "trial " + b.id() + " and the trials it continues");
            Svg.Scale x = Svg.Scale.of(1, Math.max(2, c.length), false, Svg.LEFT, w - Svg.RIGHT);
            Svg.Scale y = Svg.Scale.of(yr[0], yr[1], logScale(yr[0], yr[1]), h - Svg.BOTTOM, Svg.TOP);
            svg.axes(x, y, "step", metric);
            int start = 0;
            for (int s = 0; s < chain.size(); s++) {
                TrialRecord seg = chain.get(s);
                int end = Math.min(c.length, seg.curve().length);
                List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
                for (int i = Math.max(0, start - 1); i < end; i++) {
                    if (!Double.isFinite(c[i])) continue;
                    xs.add(x.px(i + 1));
                    ys.add(y.px(c[i]));
                }
                if (xs.size() > 1) {
                    svg.polyline(xs.stream().mapToDouble(Double::doubleValue).toArray(), ys.stream().mapToDouble(Double::doubleValue).toArray(),
                            Svg.color(0.15 + 0.7 * s / Math.max(1, chain.size() - 1)), "lineage-segment", "trial " + seg.id() + ": steps " + (start + 1) + " to " + end);
                }
                if (s > 0 && start < c.length) {
                    svg.line(x.px(start + 0.5), Svg.TOP, x.px(start + 0.5), h - Svg.BOTTOM, "boundary");
                    svg.text(x.px(start + 0.5) + 3, Svg.TOP + 12, "#" + seg.id(), "start", "tick");
                }
                start = Math.max(start, end);
            }
            out.append(svg.end());
        }
        out.append("<table class=\"lineage\"><tr><th>trial</th><th>fidelity</th><th>").append(Html.escape(metric))
                .append("</th><th>what changed</th></tr>");
        Map<String, Object> previous = null;
        for (TrialRecord t : chain) {
            Map<String, Object> values = geneValues.getOrDefault(t.id(), Map.of());
            String change;
            if (previous == null) {
                change = "trained from scratch";
            } else {
                List<String> diffs = new ArrayList<>();
                for (String k : new TreeSet<>(values.keySet())) {
                    if (!java.util.Objects.equals(values.get(k), previous.get(k))) diffs.add(k + " " + previous.get(k) + " → " + values.get(k));
                }
                change = diffs.isEmpty() ? "trained on (same configuration)" : String.join(", ", diffs);
            }
            out.append("<tr><td>").append(t.id()).append("</td><td>").append(Svg.number(t.fidelity())).append("</td><td>")
                    .append(Html.escape(full(t.value()))).append("</td><td>").append(Html.escape(change)).append("</td></tr>");
            previous = values;
        }
        out.append("</table>");
        note("Each segment continues its parent's checkpoint; population-based training changes the configuration between"
                + " segments (the right column), a multi-fidelity promotion trains the same configuration longer.");
        out.append("</section>");
    }

    // ---- the table ----------------------------------------------------------------------------------------

    private void table() {
        section("trials", "All trials");
        List<String> geneLabels = genes.map(g -> g.genes().stream().map(Genes.Gene::label).toList()).orElse(List.of());
        TreeSet<String> metricNames = new TreeSet<>();
        trials.forEach(t -> metricNames.addAll(t.metrics().keySet()));
        out.append("<p class=\"note\">Click a column's name to sort by it.</p><div class=\"scroll\"><table class=\"trials sortable\"><thead><tr>");
        List<String> head = new ArrayList<>(List.of("id", "state", metric, "fidelity", "seconds", "parent"));
        metricNames.forEach(head::add);
        head.addAll(geneLabels.isEmpty() ? List.of("configuration") : geneLabels);
        head.add("error");
        for (String hd : head) out.append("<th>").append(Html.escape(hd)).append("</th>");
        out.append("</tr></thead><tbody>");
        for (TrialRecord t : trials) {
            out.append("<tr class=\"").append(t.state().name().toLowerCase(Locale.ROOT)).append("\">");
            cell(Long.toString(t.id()));
            cell(t.state() == TrialState.RUNNING && !source.writerRunning() ? "interrupted" : t.state().name().toLowerCase(Locale.ROOT));
            cell(Double.isFinite(t.value()) ? full(t.value()) : "");
            cell(Svg.number(t.fidelity()));
            cell(t.endedAtMillis() > 0 ? String.format(Locale.ROOT, "%.2f", (t.endedAtMillis() - t.startedAtMillis()) / 1000.0) : "");
            cell(t.parent().isPresent() ? Long.toString(t.parent().getAsLong()) : "");
            for (String m : metricNames) {
                Double v = t.metrics().get(m);
                cell(v == null ? "" : full(v));
            }
            if (geneLabels.isEmpty()) {
                cell(t.config());
            } else {
                Map<String, Object> values = geneValues.getOrDefault(t.id(), Map.of());
                for (String l : geneLabels) cell(values.containsKey(l) ? String.valueOf(values.get(l)) : "");
            }
            cell(t.error() == null ? "" : t.error());
            out.append("</tr>");
        }
        out.append("</tbody></table></div></section>");
    }

    private void cell(String text) {
        out.append("<td>").append(Html.escape(text)).append("</td>");
    }

    /** A figure kept as text in a trial's attributes, as {@link #full} gives numbers; other text as it is. */
    private static String figure(String text) {
        try {
            return full(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            return text;
        }
    }

    /** A value as the table and the titles give it: every digit that tells trials apart. */
    private static String full(double v) {
        if (!Double.isFinite(v)) return String.valueOf(v);
        return String.format(Locale.ROOT, "%.6g", v).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replace(".e", "e").replaceAll("\\.$", "");
    }

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#fafafa;color:#222}
            main{max-width:1400px;margin:0 auto;padding:12px 24px 48px}
            h1{font-size:22px;margin:8px 0 2px}h2{font-size:17px;margin:0 0 8px}
            .sub{color:#666;margin:0 0 12px}
            section{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:12px 16px;margin:12px 0}
            .note{color:#555;font-size:12.5px;max-width:1000px}
            table.kv th{text-align:left;padding:1px 12px 1px 0;color:#555;font-weight:600;vertical-align:top}
            table.kv td{font-family:ui-monospace,monospace;font-size:12.5px}
            pre{background:#f4f4f4;padding:8px;overflow:auto;max-height:420px;font-size:12px}
            .row{display:flex;flex-wrap:wrap;gap:12px}.grid{display:flex;flex-wrap:wrap;gap:6px}
            .scroll{overflow-x:auto;max-height:720px;overflow-y:auto}
            svg.plot{background:#fff}
            svg .frame{fill:none;stroke:#bbb}svg .grid{stroke:#eee}svg .axis{stroke:#888}
            svg .title{font-size:13px;font-weight:600}svg .tick{font-size:10.5px;fill:#555}svg .label{font-size:11.5px;fill:#333}
            svg .axis-name{font-size:11px;font-weight:600}svg .na{fill:#999;font-style:italic}
            svg .trial{stroke:none;opacity:.85}svg .pruned{stroke:#999;stroke-width:1.3;fill:none}
            svg .failed{stroke:#d62728;stroke-width:1.5;fill:none}svg .best-line{fill:none;stroke:#d62728;stroke-width:2}
            svg .pc-line{fill:none;stroke-width:1;opacity:.55}svg .curve{fill:none;stroke-width:1.2;opacity:.7}
            svg .stopped{stroke:#aaa;opacity:.45}svg .bar{stroke:none}svg .err{stroke:#333}
            svg .dominated{fill:#bbb}svg .infeasible{fill:#e99}svg .front{stroke:#333;stroke-width:.8}
            svg .lineage-segment{fill:none;stroke-width:2.5}svg .boundary{stroke:#999;stroke-dasharray:4 3}
            table.trials,table.lineage{border-collapse:collapse;font-size:12px}
            table.trials th,table.trials td,table.lineage th,table.lineage td{border-bottom:1px solid #eee;padding:2px 8px;text-align:left;white-space:nowrap}
            table.trials th{position:sticky;top:0;background:#f0f0f0;cursor:pointer;user-select:none}
            table.trials th.asc::after{content:" ▲"}table.trials th.desc::after{content:" ▼"}
            tr.failed td{color:#b22}tr.pruned td{color:#777}tr.running td{color:#246}
            #running{color:#0a6}
            .legend{font-size:12px;color:#444}.swatch{display:inline-block;width:10px;height:10px;margin:0 3px 0 8px;border-radius:2px}
            """;

    /** Sorts a table by the clicked column: numbers as numbers, empty cells last. */
    private static final String SORT_SCRIPT = """
            function amsSortable(root){root.querySelectorAll('table.sortable th').forEach(function(th,col){
             th.addEventListener('click',function(){var table=th.closest('table'),body=table.tBodies[0];
              var asc=!th.classList.contains('asc');table.querySelectorAll('th').forEach(function(h){h.classList.remove('asc','desc');});
              th.classList.add(asc?'asc':'desc');var rows=Array.prototype.slice.call(body.rows);
              rows.sort(function(a,b){var x=a.cells[col].textContent,y=b.cells[col].textContent;
               if(x===''||y==='')return x===y?0:(x===''?1:-1);var nx=Number(x),ny=Number(y);
               var c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y);return asc?c:-c;});
              rows.forEach(function(r){body.appendChild(r);});});});}
            amsSortable(document);
            """;

    /**
     * For {@code ams dashboard}: every 2 seconds ask the server whether the store changed and, when
     * it did, fetch the page again and swap its content in (the scroll position stays; nothing
     * reloads while nothing changed). After a slow page the wait grows to four times what the page
     * took, so a dashboard on a large study never takes more than a fifth of a core from the search.
     */
    private static final String LIVE_SCRIPT = """
            (function(){var last=document.getElementById('report').dataset.state,wait=2000;
             function poll(){fetch('api/state',{cache:'no-store'}).then(function(r){return r.json();}).then(function(s){
              if(s.state===last)return;last=s.state;
              var t0=Date.now();
              return fetch('./',{cache:'no-store'}).then(function(r){return r.text();}).then(function(html){
               var doc=new DOMParser().parseFromString(html,'text/html');var fresh=doc.getElementById('report');
               if(fresh){document.getElementById('report').replaceWith(fresh);amsSortable(fresh);}
               wait=Math.max(2000,4*(Date.now()-t0));});
             }).catch(function(){}).finally(function(){setTimeout(poll,wait);});}
             setTimeout(poll,2000);})();
            """;
}
