package io.ams.cli;

import io.ams.core.Durations;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ams.engine.Budget;
import io.ams.engine.ParetoSummary;
import io.ams.genome.GenomeStudy;
import io.ams.engine.Study;
import io.ams.engine.StudyResult;
import io.ams.engine.Trial;
import io.ams.models.MlpObjective;
import io.ams.genome.BudgetSpec;
import io.ams.genome.Genome;
import io.ams.genome.ObjectiveSpec;
import io.ams.store.StudyMeta;
import io.ams.store.TrialRecord;
import io.ams.report.StudyReport;
import io.ams.store.TrialState;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import io.ams.engine.KeepCheckpoints;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A search run from the command line, new or resumed: progress while it runs, then the result. */
final class Search {
    /**
     * The store attribute ({@link StudyMeta#attrs()}) where {@code ams run} keeps the budget flags
     * it was given, e.g. {@code --trials 40 --time 2m}, so that {@code ams resume} continues under
     * the same budget. Every store {@code ams run} creates has it, empty when no flag was given.
     */
    static final String RUN_FLAGS = "run_flags";
    /**
     * Older stores kept the flags in a comment line appended to the stored genome text; read
     * back only from a store without {@link #RUN_FLAGS}, and only from the text's final line
     * (the one Ams appended), never from a comment of the user's own.
     */
    static final String FLAGS_PREFIX = "# ams run flags:";
    private static final Pattern FLAG = Pattern.compile("--(trials|time|timeout|max-failures|keep-checkpoints) (\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Search() {}

    /** Budget flags given to {@code ams run}, as stored with the genome; null = the genome's own. */
    record RunFlags(Integer trials, Duration time, Duration timeout, Integer maxFailures, KeepCheckpoints keepCheckpoints) {
        static final RunFlags NONE = new RunFlags(null, null, null, null, null);

        boolean isEmpty() {
            return trials == null && time == null && timeout == null && maxFailures == null && keepCheckpoints == null;
        }

        /** The flags as {@code ams run} gives them, e.g. {@code --trials 40 --time 2m}; empty when none. */
        String text() {
            StringBuilder sb = new StringBuilder();
            if (trials != null) sb.append(" --trials ").append(trials);
            if (time != null) sb.append(" --time ").append(Durations.text(time));
            if (timeout != null) sb.append(" --timeout ").append(Durations.text(timeout));
            if (maxFailures != null) sb.append(" --max-failures ").append(maxFailures);
            if (keepCheckpoints != null) sb.append(" --keep-checkpoints ").append(keepCheckpoints.id());
            return sb.toString().strip();
        }

        /** The store attributes that keep these flags. */
        Map<String, String> attributes() {
            return Map.of(RUN_FLAGS, text());
        }

        /** The flags a store keeps: its {@link #RUN_FLAGS} attribute, or an older store's appended line. */
        static RunFlags of(StudyMeta meta) {
            String flags = meta.attrs().get(RUN_FLAGS);
            if (flags != null) return parse(flags);
            String last = meta.spaceSource().lines().reduce((a, b) -> b).orElse("");
            return last.startsWith(FLAGS_PREFIX) ? parse(last.substring(FLAGS_PREFIX.length())) : NONE;
        }

        /** Flags from their text ({@link #text()}). */
        static RunFlags parse(String flags) {
            Integer trials = null;
            Duration time = null;
            Duration timeout = null;
            Integer maxFailures = null;
            KeepCheckpoints keepCheckpoints = null;
            Matcher m = FLAG.matcher(flags);
            while (m.find()) {
                switch (m.group(1)) {
                    case "trials" -> trials = Integer.parseInt(m.group(2));
                    case "time" -> time = BudgetSpec.parseDuration(m.group(2));
                    case "max-failures" -> maxFailures = Integer.parseInt(m.group(2));
                    case "keep-checkpoints" -> keepCheckpoints = KeepCheckpoints.of(m.group(2));
                    default -> timeout = BudgetSpec.parseDuration(m.group(2));
                }
            }
            return new RunFlags(trials, time, timeout, maxFailures, keepCheckpoints);
        }
    }

    /**
     * Runs the study to its budget and prints the outcome: text, or one JSON object with
     * {@code json}. {@code attributes} are kept in a new store's metadata. Returns the exit code: 0 when a best trial was found, 1 when none completed.
     */
    static int run(CommandSpec spec, Genome genome, String storedText, GenomeStudy.Overrides o, boolean json,
                   Map<String, String> attributes) {
        return run(spec, genome, storedText, o, json, attributes, null, 0);
    }

    /**
     * As {@link #run(CommandSpec, Genome, String, GenomeStudy.Overrides, boolean, Map)}, with the trials
     * evaluated by the workers of {@code cluster} (null: in this JVM) and {@code workersLocal} threads of this JVM.
     */
    static int run(CommandSpec spec, Genome genome, String storedText, GenomeStudy.Overrides o, boolean json,
                   Map<String, String> attributes, io.ams.cluster.ClusterSettings cluster, int workersLocal) {
        if (cluster == null) return runWith(spec, genome, storedText, o, json, attributes, null);
        if (!genome.pruner().name().equals("none")) {
            throw new IllegalArgumentException("--cluster runs no pruner yet: pruner '" + genome.pruner().name()
                    + "' decides on the curves the study has, which the workers do not see; set `pruner: none` in the genome"
                    + " (a multi-fidelity strategy still stops the weak configurations early), or run without --cluster");
        }
        PrintWriter err = spec.commandLine().getErr();
        String key = studyKey(genome, storedText, o);
        io.ams.cluster.ClusterEvaluator evaluator;
        try {
            evaluator = io.ams.cluster.ClusterEvaluator.join(cluster, key, storedText, genome.source(), workersLocal, line -> {
                synchronized (err) {
                    err.println("cluster: " + line);
                    err.flush();
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Interrupts.EXIT_CODE;
        }
        try (evaluator) {
            GenomeStudy.Overrides withSlots = o.workers() != null ? o : new GenomeStudy.Overrides(o.strategy(), o.trials(), o.time(),
                    o.seed(), Math.max(1, evaluator.workerThreads()), o.store(), o.trialTimeout(), o.maxFailures(), o.keepCheckpoints(),
                    o.archive());
            return runWith(spec, genome, storedText, withSlots, json, attributes, evaluator);
        }
    }

    /** A name for the study on the cluster that a resume of it gives again: its genome, seed and store. */
    private static String studyKey(Genome genome, String storedText, GenomeStudy.Overrides o) {
        String seed = String.valueOf(o.seed() != null ? o.seed() : genome.strategy().seed());
        String store = o.store() == null ? "memory:" + java.util.UUID.randomUUID() : o.store().toAbsolutePath().normalize().toString();
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((storedText + "\n" + seed + "\n" + store).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(h, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int runWith(CommandSpec spec, Genome genome, String storedText, GenomeStudy.Overrides o, boolean json,
                               Map<String, String> attributes, io.ams.eval.Evaluator evaluator) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        boolean resuming = o.store() != null && Files.exists(o.store());
        if (!json && o.store() == null) {
            out.println("no --store: trials are kept in memory only");
            out.flush();
        }
        Progress progress = new Progress(out, json ? err : out, Progress.modeFor(json));
        GenomeStudy opened;
        try {
            opened = GenomeStudy.open(genome, storedText, o, List.of(progress), attributes, evaluator);
        } catch (IllegalArgumentException e) {
            if (!resuming || e instanceof io.ams.genome.GenomeException) throw e;
            throw new IllegalArgumentException(e.getMessage() + " (`ams resume " + o.store()
                    + "` continues that study; give --store another file for a new one)", e);
        }
        // The handlers outlive the store: a second Ctrl-C while it closes still halts at once.
        try (Interrupts interrupts = Interrupts.install(); GenomeStudy gs = opened) {
            Study study = gs.study();
            int slots = Integer.parseInt(study.store().meta().attrs().getOrDefault("slots", "1"));
            int workers = Math.min(o.workers() != null ? o.workers() : Runtime.getRuntime().availableProcessors(), slots);
            if (!json) {
                // on a terminal, wrapped to its width: the bar below is redrawn in place, and a line
                // the terminal wrapped itself would shift it; in a log, one line each, as programs read them
                int width = progress.mode() == Progress.Mode.BAR ? TerminalWidth.measure() - 1 : Integer.MAX_VALUE;
                ConfigText.wrap(header(genome, study, workers), width).forEach(out::println);
                if (resuming) ConfigText.wrap(resumeLine(study), width).forEach(out::println);
                out.flush();
            }
            StudyResult result = study.optimize();
            boolean interrupted = interrupts.searchEnded();
            Optional<Trial> best = result.best();
            long reportStart = System.nanoTime();
            // The same BLAS threads as the trial had, so that the retraining is the very run the search scored.
            // Not after Ctrl-C: the user wants to stop, not to wait for another training.
            Optional<MlpObjective.Report> report = interrupted ? Optional.empty()
                    : best.flatMap(b -> gs.finalReport(b, study.threadsPerTrial()));
            Map<Long, MlpObjective.Report> frontReports = interrupted || study.goals().isEmpty() ? Map.of()
                    : frontReports(gs, front(genome, study, result), result, best, report);
            keepTestFigures(study, best, report, frontReports);
            double reportSeconds = (System.nanoTime() - reportStart) / 1e9;
            double seconds = (System.nanoTime() - start) / 1e9;
            // No best and not stopped by the user: an error, said once, in the result's own form.
            long infeasible = infeasible(study, result);
            Optional<String> noneCompleted = best.isPresent() || interrupted ? Optional.empty()
                    : infeasible > 0 ? Optional.of("no trial met the constraints (" + study.constraints() + "): "
                            + infeasible + " completed outside them")
                    : Optional.of("no trial completed (" + result.trials().stream()
                            .filter(t -> t.state() == TrialState.FAILED).map(t -> "first error: " + t.error()).findFirst()
                            .orElse(cancelled(result.trials()) > 0 ? cancelled(result.trials()) + " cancelled when the search stopped"
                                    : "none ran") + ")");
            if (json) {
                // the one object on stdout carries the error, as ErrorReport's would
                ObjectNode root = json(genome, study, result, report, frontReports, seconds, o);
                noneCompleted.ifPresent(error -> root.put("error", error));
                out.println(root);
            } else {
                printText(out, genome, study, result, report, frontReports, seconds, reportSeconds, o);
                if (interrupted) out.println(o.store() != null ? "to continue: ams resume " + o.store()
                        : "nothing was kept: without --store the trials were in memory only");
            }
            out.flush();
            if (interrupted) return Interrupts.EXIT_CODE;
            if (noneCompleted.isPresent()) {
                if (!json) ErrorReport.print(spec.commandLine(), false, noneCompleted.get(), List.of());
                return 1;
            }
            return 0;
        }
    }

    private static String header(Genome genome, Study study, int workers) {
        Budget b = study.budget();
        StringBuilder sb = new StringBuilder("searching ").append(genome.source()).append(": ")
                .append(study.strategyName()).append(" (seed ").append(study.store().meta().seed()).append("), ")
                .append(study.direction().name().toLowerCase(Locale.ROOT)).append(' ').append(genome.metric().name())
                .append(", budget ").append(b.maxTrials()).append(" trials");
        if (b.maxTime().toDays() < 365) sb.append(" or ").append(Durations.text(b.maxTime()));
        if (!Double.isNaN(b.target())) sb.append(" or ").append(genome.metric().name()).append(' ')
                .append(ConfigText.number(b.target()));
        sb.append(", ").append(workers).append(workers == 1 ? " worker" : " workers");
        if (!study.constraints().isEmpty()) sb.append(", subject to ").append(study.constraints());
        return sb.toString();
    }

    /** Completed trials outside the study's constraints. */
    private static long infeasible(Study study, StudyResult result) {
        return result.trials().stream().filter(t -> study.constraints().whyInfeasible(t.record()).isPresent()).count();
    }

    /**
     * For the MLP objective, each front trial's test figures, from its model trained again (the
     * best trial's report reused): what a user choosing from the trade-off compares, measured
     * after the search, so never used to select. Empty for a test function.
     */
    private static Map<Long, MlpObjective.Report> frontReports(GenomeStudy gs, ParetoSummary front, StudyResult result,
                                                               Optional<Trial> best, Optional<MlpObjective.Report> bestReport) {
        Map<Long, MlpObjective.Report> reports = new java.util.LinkedHashMap<>();
        Map<Long, Trial> byId = new java.util.HashMap<>();
        result.trials().forEach(t -> byId.put(t.id(), t));
        for (TrialRecord r : front.front()) {
            Optional<MlpObjective.Report> report = best.isPresent() && best.get().id() == r.id() ? bestReport
                    : gs.finalReport(byId.get(r.id()), gs.study().threadsPerTrial());
            if (report.isEmpty()) return Map.of();
            reports.put(r.id(), report.get());
        }
        return reports;
    }

    /**
     * The final test figures, kept with the trial they measure ({@code test_metric}, {@code test_loss}
     * attributes), so that {@code ams report} and the dashboard show them with the store alone.
     */
    private static void keepTestFigures(Study study, Optional<Trial> best, Optional<MlpObjective.Report> report,
                                        Map<Long, MlpObjective.Report> frontReports) {
        Map<Long, MlpObjective.Report> measured = new java.util.LinkedHashMap<>(frontReports);
        best.ifPresent(b -> report.ifPresent(r -> measured.put(b.id(), r)));
        measured.forEach((id, r) -> study.store().get(id).ifPresent(rec -> study.store().put(
                rec.withAttr(StudyReport.TEST_METRIC, Double.toString(r.testMetric()))
                        .withAttr(StudyReport.TEST_LOSS, Double.toString(r.testLoss())))));
    }

    /** The front over the genome's metrics, named as the genome names them. */
    private static ParetoSummary front(Genome genome, Study study, StudyResult result) {
        return ParetoSummary.of(result.trials().stream().map(Trial::record).toList(), genome.metric().name(),
                study.direction(), study.goals(), study.constraints(), study.reference().orElse(null));
    }

    private static String resumeLine(Study study) {
        List<Trial> trials = study.trials();
        // still RUNNING in the store: the last run was killed or stopped while they ran
        return "resuming " + study.store().meta().name() + " from its store: " + trials.size() + " trials stored ("
                + counts(trials, "interrupted, to run again") + ")";
    }

    /**
     * {@code 12 complete, 2 failed, 3 cancelled}: the trials by state, finished ones first, then
     * those without an end under {@code unfinished}. A trial is RUNNING in the store until it
     * ends; once a search has returned, one still RUNNING is not running any more: the search
     * cancelled it (time budget, Ctrl-C) or a kill stopped it, and the caller names which.
     */
    static String counts(List<Trial> trials, String unfinished) {
        List<String> parts = new ArrayList<>();
        for (TrialState s : TrialState.values()) {
            long n = trials.stream().filter(t -> t.state() == s).count();
            if (n > 0 && s.isFinal()) parts.add(n + " " + s.name().toLowerCase(Locale.ROOT));
        }
        long notEnded = cancelled(trials);
        if (notEnded > 0) parts.add(notEnded + " " + unfinished);
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    /** Trials a search that has returned left without an end: cancelled when it stopped. */
    static long cancelled(List<Trial> trials) {
        return trials.stream().filter(t -> !t.state().isFinal()).count();
    }

    private static void printText(PrintWriter out, Genome genome, Study study, StudyResult result,
                                  Optional<MlpObjective.Report> report, Map<Long, MlpObjective.Report> frontReports,
                                  double seconds, double reportSeconds, GenomeStudy.Overrides o) {
        out.println();
        out.println("stopped: " + result.stopReason());  // "stopped: interrupted" after Ctrl-C
        // cancelled trials stay RUNNING in a store, where `ams resume` runs them again
        out.println("trials: " + result.trials().size() + " ("
                + counts(result.trials(), o.store() != null ? "cancelled, to run again by resume" : "cancelled") + ")");
        boolean mlp = genome.objective() instanceof ObjectiveSpec.Mlp;
        String metric = genome.metric().name();
        result.best().ifPresent(best -> {
            out.println("best: trial " + best.id() + ", " + (mlp ? "validation " : "") + metric + " "
                    + ConfigText.metric(best.value()));
            ConfigText.full(best.config()).forEach(line -> out.println("  " + line));
            ConfigText.measured(best.metrics()).ifPresent(out::println);
        });
        if (!study.goals().isEmpty()) {
            out.println();
            Map<Long, Double> test = new java.util.HashMap<>();
            boolean loss = metric.equalsIgnoreCase("loss");
            frontReports.forEach((id, r) -> test.put(id, loss ? r.testLoss() : r.testMetric()));
            FrontText.lines(front(genome, study, result), "test " + metric, test).forEach(out::println);
        }
        report.ifPresent(r -> {
            boolean loss = metric.equalsIgnoreCase("loss");
            out.printf(Locale.ROOT, "test %s %s, measured once on the held-out test split%n", loss ? "loss" : metric,
                    ConfigText.metric(loss ? r.testLoss() : r.testMetric()));
            double searched = result.best().get().value();
            if (Math.abs(r.validationMetric() - searched) > 1e-9) {
                out.println("note: retraining the best configuration gave validation " + metric + " "
                        + ConfigText.metric(r.validationMetric()) + ", not the " + ConfigText.metric(searched)
                        + " the search measured");
            }
        });
        out.println("time: " + ConfigText.duration(seconds) + " (search " + ConfigText.duration(result.seconds())
                + (report.isPresent() ? ", final test " + ConfigText.duration(reportSeconds) : "") + ")");
        if (o.store() != null) {
            out.println("store: " + o.store() + " (ams show " + o.store() + ", ams resume " + o.store() + ")");
        }
    }

    private static ObjectNode json(Genome genome, Study study, StudyResult result, Optional<MlpObjective.Report> report,
                                   Map<Long, MlpObjective.Report> frontReports, double seconds, GenomeStudy.Overrides o) {
        ObjectNode root = JSON.createObjectNode();
        root.put("genome", genome.source());
        root.put("strategy", study.strategyName());
        root.put("seed", study.store().meta().seed());
        root.put("metric", genome.metric().name());
        root.put("direction", study.direction().name().toLowerCase(Locale.ROOT));
        root.put("stop_reason", result.stopReason());
        root.put("trials", result.trials().size());
        ObjectNode counts = root.putObject("counts");
        // After the search nothing runs: a trial still RUNNING was cancelled when it stopped.
        for (TrialState s : TrialState.values()) {
            if (s.isFinal()) counts.put(s.name().toLowerCase(Locale.ROOT), result.count(s));
        }
        counts.put("cancelled", cancelled(result.trials()));
        counts.put("infeasible", infeasible(study, result));
        if (result.best().isPresent()) {
            Trial best = result.best().get();
            root.put("best_trial", best.id());
            putNumber(root, "value", best.value());
            try {
                root.set("best_config", JSON.readTree(best.config().canonical()));
                root.set("best_metrics", JSON.valueToTree(best.metrics()));
                if (!study.goals().isEmpty()) {
                    ParetoSummary s = front(genome, study, result);
                    root.set("front", JSON.valueToTree(s.front().stream().map(TrialRecord::id).toList()));
                    root.put("hypervolume", s.hypervolume());
                    root.set("reference", JSON.valueToTree(s.reference()));
                    if (!frontReports.isEmpty()) {
                        ObjectNode tests = root.putObject("front_test");
                        frontReports.forEach((id, r) -> {
                            ObjectNode t = tests.putObject(Long.toString(id));
                            putNumber(t, "test_metric", r.testMetric());
                            putNumber(t, "test_loss", r.testLoss());
                            putNumber(t, "retrained_validation", r.validationMetric());
                        });
                    }
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("cannot read back " + best.config(), e);
            }
        } else {
            root.putNull("best_trial");
            root.putNull("value");
            root.putNull("best_config");
            root.putNull("best_metrics");
        }
        if (report.isPresent()) {
            putNumber(root, "test_metric", report.get().testMetric());
            putNumber(root, "test_loss", report.get().testLoss());
            putNumber(root, "retrained_validation", report.get().validationMetric());
        } else {
            root.putNull("test_metric");
        }
        root.put("seconds", result.seconds());
        root.put("total_seconds", seconds);
        if (o.store() == null) root.putNull("store"); else root.put("store", o.store().toString());
        return root;
    }

    private static void putNumber(ObjectNode node, String key, double v) {
        if (Double.isFinite(v)) node.put(key, v); else node.putNull(key);
    }
}
