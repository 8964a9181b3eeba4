package io.ams.cli;

import io.ams.core.Spelling;
import io.ams.engine.KeepCheckpoints;
import io.ams.engine.StrategyProvider;
import io.ams.engine.strategies.Strategies;
import io.ams.genome.GenomeStudy;
import io.ams.genome.Genome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code ams run}: a search from a genome file or a bundled genome, by default the digits search. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Search what a genome file describes (genomes/README.md) and print the best configuration.",
                "Without GENOME: the bundled main job, genomes/mlp-digits.yaml (an MLP's training, architecture "
                        + "and pruning on the 8x8 digits). `ams genomes` lists the bundled genomes."})
final class RunCommand implements Callable<Integer> {
    /** The default main job, the bundled genomes/mlp-digits.yaml. */
    static final String DEFAULT = "mlp-digits";

    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "GENOME",
            description = "A genome file (YAML), or the name of a bundled genome (`ams genomes` lists them), e.g. branin.")
    String genomeArg;
    @Option(names = "--strategy", paramLabel = "S", completionCandidates = StrategyNames.class,
            description = "Search strategy instead of the genome's (with its default options): ${COMPLETION-CANDIDATES}. "
                    + "See the list below.")
    String strategy;
    @Option(names = "--trials", description = "Trial budget instead of the genome's.")
    Integer trials;
    @Option(names = "--time", converter = DurationConverter.class, description = "Time budget of this run, e.g. 30s, 2m, 1h30m.")
    Duration time;
    @Option(names = "--seed", description = "Strategy seed instead of the genome's.")
    Long seed;
    @Option(names = "--store", paramLabel = "FILE",
            description = "Keep the trials in this file; an existing one resumes its study. Without it, trials are kept in memory only.")
    Path store;
    @Option(names = "--workers", description = "Trials run at once (default: one per core).")
    Integer workers;
    @Option(names = "--timeout", converter = DurationConverter.class, description = "A trial running longer fails, e.g. 10m.")
    Duration timeout;
    @Option(names = "--max-failures", paramLabel = "N",
            description = "Stop once N trials have failed (instead of the genome's budget.max_failures); kept for `ams resume`.")
    Integer maxFailures;
    @Option(names = "--keep-checkpoints", paramLabel = "WHICH", converter = KeepCheckpointsConverter.class,
            description = "Which trial checkpoints stay on disk: continuable (default: those a resume can still continue), "
                    + "best (only the best trial's, at the end) or all (instead of the genome's budget.keep_checkpoints); "
                    + "kept for `ams resume`.")
    KeepCheckpoints keepCheckpoints;
    @picocli.CommandLine.Mixin StudyClusterOptions cluster;
    @picocli.CommandLine.Mixin ClasspathOption classpath;
    @picocli.CommandLine.Mixin ArchiveOption archive;

    @Option(names = "--json", description = "Print one JSON object with the result instead of progress and text.")
    boolean json;

    /** The strategy names the registry has, built-ins and plug-ins: what --strategy accepts. */
    static final class StrategyNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Strategies.names().iterator();
        }
    }

    /** The help's list of strategies, one line each, from the registry (plug-ins included). */
    static String[] strategyHelp() {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("Strategies (genome `strategy: {name: S, option: value, ...}`, or --strategy S):");
        for (StrategyProvider p : Strategies.providers()) {
            lines.addAll(wrapped(String.format(Locale.ROOT, "  %-10s %s", p.name(), p.description())));
            if (!p.options().isEmpty()) lines.addAll(wrapped(HANGING + "options: " + String.join(", ", p.options())));
        }
        return lines.toArray(String[]::new);
    }

    private static final String HANGING = " ".repeat(13);

    /** Lines of at most 79 characters, continuations indented under the description (picocli would not indent them). */
    private static List<String> wrapped(String text) {
        List<String> lines = new ArrayList<>();
        String line = "";
        // Split at a space after a word: the padding after a strategy's name stays with the next word.
        for (String word : text.split("(?<=\\S) ")) {
            if (!line.isBlank() && line.length() + 1 + word.length() > 79) {
                lines.add(line);
                line = HANGING + word.strip();
            } else {
                line = line.isEmpty() ? word : line + " " + word;
            }
        }
        lines.add(line);
        return lines;
    }

    @Override
    public Integer call() throws Exception {
        cluster.check();
        return classpath.call(this::search);
    }

    private Integer search() {
        if (trials != null && trials < 1) throw new IllegalArgumentException("--trials must be >= 1, got " + trials);
        if (workers != null && workers < 1) throw new IllegalArgumentException("--workers must be >= 1, got " + workers);
        if (maxFailures != null && maxFailures < 1) {
            throw new IllegalArgumentException("--max-failures must be >= 1, got " + maxFailures);
        }
        // Before anything else: an unknown strategy is a usage error, and must leave no store behind.
        if (strategy != null && Strategies.find(strategy).isEmpty()) throw new IllegalArgumentException(Strategies.unknown(strategy));
        Source source = resolve(genomeArg == null ? DEFAULT : genomeArg);
        // Parsed and checked before anything else happens: a bad genome creates no store.
        Genome genome = Genome.parse(source.text(), source.name());
        String text = source.text();
        // A new store keeps the budget flags in its metadata, so that `ams resume` continues under them.
        return Search.run(spec, genome, text,
                new GenomeStudy.Overrides(strategy, trials, time, seed, workers, store, timeout, maxFailures, keepCheckpoints,
                        archive.folder()), json,
                new Search.RunFlags(trials, time, timeout, maxFailures, keepCheckpoints).attributes(), cluster.cluster.settings(), cluster.workersLocal);
    }

    /** {@code all}, {@code continuable}, {@code best}; anything else is a usage error listing them. */
    static final class KeepCheckpointsConverter implements picocli.CommandLine.ITypeConverter<KeepCheckpoints> {
        @Override
        public KeepCheckpoints convert(String value) {
            try {
                return KeepCheckpoints.of(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("--keep-checkpoints must be one of "
                        + KeepCheckpoints.names() + ", got '" + value + "'");
            }
        }
    }

    /** A genome's text and the name its errors and reports give it. */
    record Source(String text, String name) {
    }

    /**
     * An existing file is read as it is; a plain name that is not a file (no directory in it) is a
     * bundled genome, so that `ams run branin` works from any directory. Anything else is a missing file.
     */
    static Source resolve(String arg) {
        Path file = Path.of(arg);
        if (Files.exists(file) || file.getParent() != null) return new Source(readText(file), arg);
        Optional<String> bundled = BundledGenomes.text(arg);
        if (bundled.isPresent()) return new Source(bundled.get(), "bundled:" + BundledGenomes.fileName(arg));
        List<String> names = BundledGenomes.names();
        String stem = arg.endsWith(".yaml") ? arg.substring(0, arg.length() - ".yaml".length()) : arg;
        String hint = Spelling.closest(stem, names).map(n -> "; did you mean '" + n + "'?").orElse("");
        throw new IllegalArgumentException(arg + ": no such file, and no bundled genome of that name" + hint
                + " (bundled: " + String.join(", ", names) + ")");
    }

    private static String readText(Path file) {
        // Genome.read gives the file-naming error for a missing or unreadable file.
        // A missing file is the usual mistake: say so, without the exception's class name.
        if (!Files.exists(file)) throw new IllegalArgumentException(file + ": no such file");
        if (!Files.isReadable(file) || Files.isDirectory(file)) Genome.read(file);
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the file: " + e, e);
        }
    }
}
