package io.ams.cli;

import io.ams.report.StudyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ams report}: a store's study as one self-contained HTML file. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write a store's study as one HTML file that opens without a network: the study, the best configuration "
                + "with its validation and test figures, optimisation history, parallel coordinates, parameter importance (fANOVA), "
                + "slices, intermediate values, the lineage of the best trial, the Pareto front, and a sortable table of every trial.",
                "Safe while a search writes the store: the report is the store as of that moment."})
final class ReportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The store, as given to `ams run --store`.")
    Path store;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", required = true,
            description = "The HTML file to write (replaced if it exists).")
    Path output;

    @Override
    public Integer call() throws IOException {
        String html = StudyReport.html(store);
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IllegalArgumentException("cannot write " + output + ": the folder " + parent + " does not exist");
        }
        Files.writeString(output, html, StandardCharsets.UTF_8);
        spec.commandLine().getOut().printf("wrote %s (%.0f kB): open it in a browser%n", output, html.length() / 1024.0);
        return 0;
    }
}
