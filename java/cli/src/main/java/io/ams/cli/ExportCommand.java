package io.ams.cli;

import io.ams.engine.Constraints;
import io.ams.engine.Goal;
import io.ams.engine.ParetoSummary;
import io.ams.store.ChronicleTrialStore;
import io.ams.store.StudyMeta;
import io.ams.store.TrialState;
import io.ams.store.TrialExport;
import io.ams.store.TrialRecord;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;

/** {@code ams export}: a store's trials as CSV or JSON. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a store's trials as CSV (one column per parameter when the configurations are flat) or JSON.")
final class ExportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The store, as given to `ams run --store`.")
    Path store;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Format format;

    static final class Format {
        @Option(names = "--csv", required = true, description = "CSV, a header and one row per trial.") boolean csv;
        @Option(names = "--json", required = true, description = "JSON: {\"trials\": [...]}, every field of every trial.") boolean json;
    }

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Write here instead of standard output.")
    Path output;

    @Override
    public Integer call() throws IOException {
        List<TrialRecord> trials;
        StudyMeta meta;
        // for reading: an export never changes the store, even one a killed run left to recover
        try (ChronicleTrialStore s = ChronicleTrialStore.openForReading(store)) {
            trials = s.all();
            meta = s.meta();
            // trials the store could not give back are said, not silently missing from the output
            PrintWriter err = spec.commandLine().getErr();
            s.recoveryNotes().forEach(n -> err.println("note: " + n));
            err.flush();
        }
        TrialExport.Marks marks = marks(trials, meta);
        if (output == null) {
            write(trials, marks, spec.commandLine().getOut());
        } else {
            try (Writer w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                write(trials, marks, w);
            }
        }
        return 0;
    }

    /** The study's goals, its front and its infeasible trials, from what the store records. */
    private static TrialExport.Marks marks(List<TrialRecord> trials, StudyMeta meta) {
        List<Goal> goals = Goal.parseAll(meta.attrs().get(StudyMeta.IDENTITY_PREFIX + "goals"));
        Constraints constraints = Constraints.parse(meta.attrs().get(StudyMeta.IDENTITY_PREFIX + "constraints"));
        Set<Long> infeasible = trials.stream().filter(t -> t.state() == TrialState.COMPLETE && !constraints.feasible(t))
                .map(TrialRecord::id).collect(Collectors.toSet());
        Set<Long> front = goals.isEmpty() ? Set.of() : ParetoSummary.of(trials, meta).frontIds();
        return new TrialExport.Marks(goals.stream().map(Goal::metric).toList(), front, !constraints.isEmpty(), infeasible);
    }

    private void write(List<TrialRecord> trials, TrialExport.Marks marks, Writer w) throws IOException {
        if (format.csv) {
            TrialExport.toCsv(trials, marks, w);
        } else {
            TrialExport.toJson(trials, marks, w);
            w.write(System.lineSeparator());
            w.flush();
        }
    }
}
