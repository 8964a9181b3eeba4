package io.ams.cli;

import io.ams.core.Direction;
import io.ams.engine.Constraints;
import io.ams.engine.Goal;
import io.ams.engine.ParetoSummary;
import io.ams.space.Config;
import io.ams.store.ChronicleTrialStore;
import io.ams.store.StudyMeta;
import io.ams.store.TrialRecord;
import io.ams.store.TrialState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code ams show}: what a store holds: counts, the disk it takes, the best trials, the best configuration. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show a store's study: trials by state, the disk it takes, the top trials and the best configuration in full.")
final class ShowCommand implements Callable<Integer> {
    /** Where the configuration column starts in the top-trials table: after id, value and seconds. */
    private static final int CONFIG_COLUMN = 30;

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The store, as given to `ams run --store`.")
    Path store;
    @Option(names = "--top", description = "How many of the best completed trials to list (default ${DEFAULT-VALUE}).", defaultValue = "10")
    int top;

    @Override
    public Integer call() {
        if (top < 0) throw new IllegalArgumentException("--top must be >= 0, got " + top);
        StudyMeta meta;
        List<TrialRecord> trials;
        List<String> recovery;
        boolean writing;
        // for reading: show never changes the store, even one a killed run left to recover, and
        // reads one a search is writing as it is at this moment
        try (ChronicleTrialStore s = ChronicleTrialStore.openForReading(store)) {
            meta = s.meta();
            trials = s.all();
            recovery = s.recoveryNotes();
            writing = s.writerRunning();
        }
        PrintWriter out = spec.commandLine().getOut();
        recovery.forEach(n -> out.println("note: " + n));
        Direction direction = meta.direction();
        out.println(store + ": " + meta.name() + ", " + meta.strategy() + " (seed " + meta.seed() + "), "
                + direction.name().toLowerCase(Locale.ROOT));
        List<String> counts = new ArrayList<>();
        for (TrialState st : TrialState.values()) {
            long n = trials.stream().filter(t -> t.state() == st).count();
            // RUNNING with no search writing: the search that ran them was stopped or killed
            String name = st == TrialState.RUNNING && !writing ? "interrupted, to run again by resume"
                    : st.name().toLowerCase(Locale.ROOT);
            if (n > 0) counts.add(n + " " + name);
        }
        out.println("trials: " + trials.size() + (counts.isEmpty() ? "" : " (" + String.join(", ", counts) + ")"));
        workers(trials).ifPresent(out::println);
        String warm = meta.attrs().get(io.ams.engine.Study.WARM_START);
        if (warm != null) {
            int n = io.ams.engine.Study.warmStartConfigs(warm).size();
            out.println("warm start: the first " + n + " configuration" + (n == 1 ? "" : "s") + " came from earlier studies");
        }
        out.println(StoreDisk.of(store).line());
        if (writing) {
            out.println("being written by a running search: this is the store as of "
                    + java.time.LocalTime.now().withNano(0) + "; show it again to see more");
        }
        Constraints constraints = Constraints.parse(meta.attrs().get(StudyMeta.IDENTITY_PREFIX + "constraints"));
        if (!constraints.isEmpty()) {
            long outside = trials.stream().filter(t -> constraints.whyInfeasible(t).isPresent()).count();
            out.println("constraints: " + constraints + "; " + outside + " completed trial" + (outside == 1 ? "" : "s")
                    + " outside them");
        }
        Comparator<TrialRecord> better = Comparator.comparingDouble(t -> t.value());
        if (direction == Direction.MAXIMIZE) better = better.reversed();
        // A duplicate is a configuration already trained, listed once under its first trial; those
        // outside the constraints come after every one within them.
        List<TrialRecord> ranked = trials.stream().filter(t -> t.state() == TrialState.COMPLETE)
                .filter(t -> !t.isDuplicate())
                .sorted(Comparator.comparing((TrialRecord t) -> !constraints.feasible(t))
                        .thenComparing(better).thenComparingLong(TrialRecord::id)).toList();
        long duplicates = trials.stream().filter(TrialRecord::isDuplicate).count();
        if (ranked.isEmpty()) {
            out.println("no completed trial yet");
            out.flush();
            return 0;
        }
        List<TrialRecord> shown = ranked.subList(0, Math.min(top, ranked.size()));
        if (!shown.isEmpty()) {
            List<Config> configs = shown.stream().map(t -> Config.fromCanonical(t.config())).toList();
            Set<String> constant = ConfigText.constantKeys(configs);
            out.println();
            out.println("top " + shown.size() + " of " + ranked.size() + " configurations completed"
                    + (duplicates == 0 ? ":" : " (and " + duplicates + " repeats of them, not trained again):"));
            out.printf(Locale.ROOT, "%6s  %10s  %8s  %s%n", "id", "value", "seconds", "configuration"
                    + (constant.isEmpty() ? "" : " (what varies among these)"));
            for (int i = 0; i < shown.size(); i++) {
                TrialRecord t = shown.get(i);
                double seconds = t.endedAtMillis() == 0 ? 0 : (t.endedAtMillis() - t.startedAtMillis()) / 1000.0;
                // Continuation lines under the configuration column keep every row within 80 columns.
                List<String> lines = ConfigText.wrap(ConfigText.summary(configs.get(i), constant), 80 - CONFIG_COLUMN);
                out.printf(Locale.ROOT, "%6d  %10s  %8.1f  %s%n", t.id(), ConfigText.metric(t.value()), seconds, lines.get(0));
                for (String more : lines.subList(1, lines.size())) out.println(" ".repeat(CONFIG_COLUMN) + more);
                constraints.whyInfeasible(t).ifPresent(why -> ConfigText.wrap("infeasible: " + why, 80 - CONFIG_COLUMN)
                        .forEach(line -> out.println(" ".repeat(CONFIG_COLUMN) + line)));
            }
        }
        List<Goal> goals = Goal.parseAll(meta.attrs().get(StudyMeta.IDENTITY_PREFIX + "goals"));
        if (!goals.isEmpty()) {
            out.println();
            FrontText.lines(ParetoSummary.of(trials, meta)).forEach(out::println);
        }
        TrialRecord best = ranked.get(0);
        if (!constraints.feasible(best)) {
            out.println();
            out.println("no completed trial met the constraints");
            out.flush();
            return 0;
        }
        out.println();
        out.println("best: trial " + best.id() + ", value " + ConfigText.metric(best.value()));
        ConfigText.full(Config.fromCanonical(best.config())).forEach(line -> out.println("  " + line));
        ConfigText.measured(best.metrics()).ifPresent(out::println);
        out.flush();
        return 0;
    }

    /**
     * "by worker: 127.0.0.1:5702 41, 127.0.0.1:5703 39, this process 4" for a study whose trials
     * ran on a cluster: the ended trials each process ran (the trials running now are in the running
     * study's progress). Empty when every trial ran in the study's own process.
     */
    static java.util.Optional<String> workers(List<TrialRecord> trials) {
        java.util.Map<String, Integer> by = new java.util.TreeMap<>();
        for (TrialRecord t : trials) {
            if (t.state().isFinal()) by.merge(t.attrs().getOrDefault(io.ams.engine.Study.WORKER, io.ams.cluster.ClusterEvaluator.HERE), 1, Integer::sum);
        }
        if (by.keySet().equals(java.util.Set.of(io.ams.cluster.ClusterEvaluator.HERE)) || by.isEmpty()) return java.util.Optional.empty();
        return java.util.Optional.of("by worker: " + by.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(java.util.stream.Collectors.joining(", ")));
    }
}
