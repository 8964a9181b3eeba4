package io.ams.genome;

import io.ams.space.SearchSpace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A genome file, parsed and validated: what to search, what to measure, how to search and for
 * how long. The format is described in genomes/README.md. Reading fails with a {@link
 * GenomeException} naming the file, line and field of the first problem, so a malformed
 * genome stops a study before its first trial.
 *
 * @param source    the file as the user named it
 * @param space     the parameters and layer stacks searched
 * @param objective what a trial measures
 * @param metric    the number optimized and its direction
 * @param split     the dataset split, for an MLP objective only
 * @param strategy  the search strategy and its options
 * @param budget    when the study stops
 * @param pruner    which pruner stops unpromising trials early ({@link PrunerSpec#NONE} when absent)
 * @param warmStart where the search starts from earlier studies, when it does
 * @param deterministic whether the strategy hears results in proposal order (default true; see
 *                  {@code StudyBuilder.deterministic})
 * @param lines     the 1-based line of every field of the file, by dotted path
 *                  ({@code strategy.population}), for errors found after parsing
 */
public record Genome(String source, SearchSpace space, ObjectiveSpec objective, MetricSpec metric,
                     Optional<SplitSpec> split, StrategySpec strategy, BudgetSpec budget, PrunerSpec pruner,
                     List<io.ams.engine.Constraint> constraints, List<io.ams.engine.Goal> goals,
                     Optional<List<Double>> reference, Optional<WarmStartSpec> warmStart, boolean deterministic,
                     Map<String, Integer> lines) {
    public Genome {
        reference = reference.map(List::copyOf);
        constraints = List.copyOf(constraints);
        goals = List.copyOf(goals);
        lines = Map.copyOf(lines);
    }

    /** Reads and validates a genome file. */
    public static Genome read(Path file) {
        String source = file.toString();
        String text;
        try {
            // Checked before reading: a wrong file may be gigabytes.
            long size = Files.size(file);
            if (size > GenomeReader.MAX_CHARS) {
                throw new GenomeException(source, 0, "", "the file is " + size + " bytes, more than the "
                        + GenomeReader.MAX_CHARS + " a genome may have (a genome is a few KB); is this the right file?");
            }
            text = Files.readString(file);
        } catch (IOException e) {
            throw new GenomeException(source, 0, "", "cannot read the file: " + e, e);
        }
        return parse(text, source);
    }

    /** Parses and validates genome text; {@code source} names it in errors. */
    public static Genome parse(String yaml, String source) {
        return new GenomeReader(source).read(yaml);
    }

    /**
     * An error located at {@code field} (a dotted path such as {@code strategy.population}),
     * or at its nearest ancestor that the file spells out, for checks made after parsing, such
     * as a strategy rejecting one of its options.
     */
    public GenomeException error(String field, String problem) {
        String path = field;
        while (!lines.containsKey(path) && path.contains(".")) path = path.substring(0, path.lastIndexOf('.'));
        return new GenomeException(source, lines.getOrDefault(path, 0), field, problem);
    }
}
