package io.ams.genome;

/**
 * A genome file that cannot be run, found before any trial starts. The message reads
 * {@code genomes/bad.yaml:12: space.training.lr: low 0.1 > high 0.01}: the file, the line, the
 * field as a dotted path from the top of the file, and what is wrong.
 */
public final class GenomeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String field;
    private final String problem;

    /**
     * @param source  the file, as the user named it
     * @param line    the 1-based line of the offending node, 0 when no line applies (an unreadable file)
     * @param field   the dotted path of the offending field, empty when none applies (a YAML syntax error)
     * @param problem what is wrong
     */
    public GenomeException(String source, int line, String field, String problem) {
        this(source, line, field, problem, null);
    }

    GenomeException(String source, int line, String field, String problem, Throwable cause) {
        super(source + (line > 0 ? ":" + line : "") + ": " + (field.isEmpty() ? "" : field + ": ") + problem, cause);
        this.source = source;
        this.line = line;
        this.field = field;
        this.problem = problem;
    }

    /** The file, as the user named it. */
    public String source() {
        return source;
    }

    /** The 1-based line of the offending node, 0 when no line applies. */
    public int line() {
        return line;
    }

    /** The dotted path of the offending field ({@code space.training.lr}), empty when none applies. */
    public String field() {
        return field;
    }

    /** What is wrong. */
    public String problem() {
        return problem;
    }
}
