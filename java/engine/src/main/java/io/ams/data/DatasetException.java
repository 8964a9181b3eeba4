package io.ams.data;

/**
 * A dataset could not be loaded or resolved. The message always names the source (a file
 * path, a bundled dataset name or a spec) and, where the problem sits at a known place, the
 * 1-based line (text formats) or record (IDX) - so a user can open the file and fix it.
 */
public final class DatasetException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String source;

    private DatasetException(String source, String message, Throwable cause) {
        super(message, cause);
        this.source = source;
    }

    /** A problem with the source as a whole (missing file, no data rows, unknown name). */
    public static DatasetException of(String source, String problem) {
        return new DatasetException(source, source + ": " + problem, null);
    }

    /** As {@link #of(String, String)}, keeping the I/O error that caused it. */
    public static DatasetException of(String source, String problem, Throwable cause) {
        return new DatasetException(source, source + ": " + problem, cause);
    }

    /** A problem on one line of a text source; {@code line} counts from 1. */
    public static DatasetException atLine(String source, long line, String problem) {
        return new DatasetException(source, source + ", line " + line + ": " + problem, null);
    }

    /** A problem in one record of a binary source; {@code record} counts from 1. */
    public static DatasetException atRecord(String source, long record, String problem) {
        return new DatasetException(source, source + ", record " + record + ": " + problem, null);
    }

    /** The file path, bundled dataset name or spec the problem was found in. */
    public String source() {
        return source;
    }
}
