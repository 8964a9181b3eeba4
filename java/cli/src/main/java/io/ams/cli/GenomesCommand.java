package io.ams.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ams genomes}: the bundled genomes, one line each, so that `ams run NAME` needs no checkout. */
@Command(name = "genomes", mixinStandardHelpOptions = true,
        description = {"List the bundled genomes (the repository's genomes/ folder), one line each: "
                + "its name, for `ams run NAME`, and what it searches."})
final class GenomesCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<String> names = BundledGenomes.names();
        int width = names.stream().mapToInt(String::length).max().orElse(0);
        for (String name : names) {
            String description = BundledGenomes.description(BundledGenomes.text(name).orElse(""));
            out.println(String.format("%-" + Math.max(1, width) + "s  %s", name, description).stripTrailing());
        }
        out.flush();
        return 0;
    }
}
