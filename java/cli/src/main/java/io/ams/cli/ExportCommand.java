package io.ams.cli;

import io.ams.engine.Constraints;
import io.ams.engine.Goal;
import io.ams.engine.ParetoSummary;
import io.ams.report.Genes;
import io.ams.report.OptunaJournal;
import io.ams.store.ChronicleTrialStore;
import io.ams.store.StudyMeta;
import io.ams.store.TrialState;
import io.ams.store.TrialExport;
import io.ams.store.TrialRecord;
import picocli.CommandLine;
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
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;

/** {@code ams export}: a store's trials as CSV or JSON, or the study as an Optuna journal. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a store's trials as CSV (one column per parameter when the configurations are flat) or JSON,"
                + " or the study as an Optuna journal (--optuna-journal) that optuna.load_study, optuna-dashboard and"
                + " optuna.visualization open.")
final class ExportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The store, as given to `ams run --store`.")
    Path store;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Format format;

    static final class Format {
        @Option(names = "--csv", required = true, description = "CSV, a header and one row per trial.") boolean csv;
        @Option(names = "--json", required = true, description = "JSON: {\"trials\": [...]}, every field of every trial.") boolean json;
        @Option(names = "--optuna-journal", required = true, paramLabel = "JOURNAL",
                description = "Write the study to JOURNAL, a new file, in Optuna's JournalStorage format (Optuna 3.1+):"
                        + " JournalStorage(JournalFileStorage(JOURNAL)). A genome study only (the store keeps its space).")
        Path optunaJournal;
    }

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Write here instead of standard output.")
    Path output;

    @Override
    public Integer call() throws IOException {
        if (format.optunaJournal != null) {
            if (output != null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--optuna-journal writes its own file: it takes no -o/--output");
            }
            refuseExisting(format.optunaJournal);
        }
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
        if (format.optunaJournal != null) {
            writeJournal(meta, trials, format.optunaJournal);
            return 0;
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

    /**
     * An Optuna journal is append-only and numbers its studies in order: a second study appended
     * to one would not be the study Optuna loads by default, so an existing file is refused.
     */
    private static void refuseExisting(Path journal) {
        if (Files.exists(journal)) {
            throw new IllegalArgumentException(journal + ": already exists; an Optuna journal is append-only and"
                    + " this would add a second study to it. Remove it or name a new file");
        }
    }

    private void writeJournal(StudyMeta meta, List<TrialRecord> trials, Path journal) throws IOException {
        Genes genes = Genes.ofStudy(meta).orElseThrow(() -> new IllegalArgumentException(store + ": study '"
                + meta.name() + "' was made through the Study API, and its store keeps no search space (only a"
                + " description), so its parameters' distributions are unknown here; write the journal from the program"
                + " that made the study: io.ams.report.OptunaJournal.write(meta, trials, Genes.of(space), writer)"));
        try (Writer w = Files.newBufferedWriter(journal, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            OptunaJournal.write(meta, trials, genes, w);
        } catch (FileAlreadyExistsException e) {
            refuseExisting(journal);
            throw e;
        } catch (IOException | RuntimeException e) {
            // half a journal would load as a smaller study: leave none
            Files.deleteIfExists(journal);
            throw e;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("wrote " + journal + ": study '" + meta.name() + "', " + trials.size() + " trials"
                + " (optuna.load_study(study_name=None, storage=optuna.storages.JournalStorage("
                + "optuna.storages.JournalFileStorage('" + journal + "'))))");
        err.flush();
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
