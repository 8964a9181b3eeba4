package io.ams.cli;

import io.ams.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** The {@code ams} command line. */
@Command(name = "ams", mixinStandardHelpOptions = true, version = "ams 0.1.0",
        description = "Automated Model Search: evolutionary search of a model's parameters, architecture and training algorithm.",
        subcommands = {RunCommand.class, ResumeCommand.class, ShowCommand.class, ExportCommand.class, ReportCommand.class, DashboardCommand.class, WorkerCommand.class,
                TrainCommand.class, GenomesCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (0 ok, 1 failure, 2 usage error). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line, for callers that redirect its output. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        // The strategies come from the registry (plug-ins included), so the list is made here, not in an annotation.
        cli.getSubcommands().get("run").getCommandSpec().usageMessage().footer(RunCommand.strategyHelp());
        // Parse errors in the style of the others: the error (with "did you mean" for a misspelled
        // command or option), then where to look; no usage dump. As JSON with --json (ErrorReport).
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine c = e.getCommandLine();
            List<String> hints = new ArrayList<>();
            if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                    && !c.getSubcommands().isEmpty()) {
                // picocli's own suggestions miss transpositions such as 'rnu'
                io.ams.core.Spelling.closest(u.getUnmatched().get(0), c.getSubcommands().keySet())
                        .ifPresent(name -> hints.add("did you mean '" + name + "'?"));
            } else if (e instanceof CommandLine.UnmatchedArgumentException u) {
                StringWriter suggestions = new StringWriter();
                u.printSuggestions(new PrintWriter(suggestions));
                suggestions.toString().lines().filter(l -> !l.isBlank()).forEach(hints::add);
            }
            hints.add("see '" + c.getCommandSpec().qualifiedName() + " --help'");
            ErrorReport.print(c, ErrorReport.jsonRequested(c, args), e.getMessage(), hints);
            return c.getCommandSpec().exitCodeOnInvalidInput();
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean json = ErrorReport.jsonRequested(parseResult);
            // Bad input is the user's to fix: say what and where, without a stack trace.
            // Anything else is our bug, and its stack trace is what a report needs.
            boolean badInput = e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    || e instanceof java.io.UncheckedIOException || e instanceof StoreException;
            if (badInput && e.getMessage() != null) {
                ErrorReport.print(commandLine, json, e.getMessage(), List.of());
            } else {
                e.printStackTrace(commandLine.getErr());
                commandLine.getErr().flush();
                // a program reading --json still gets its one object; the trace stays on stderr
                if (json) ErrorReport.print(commandLine, true, "internal error: " + e,
                        List.of("this is a bug in ams; the stack trace is on stderr"));
            }
            return 1;
        });
        return cli;
    }
}
