package io.ams.data;

import java.util.Objects;
import java.util.Optional;

/**
 * How to read a {@code csv:} or {@code libsvm:} source, typically from command-line flags.
 * Bundled and IDX datasets have a fixed layout and reject anything but the defaults, so a
 * misplaced flag is reported rather than ignored.
 *
 * @param labelColumn for CSV, the label (or target) column: a header name, or a 0-based index
 *                    where negative counts from the end; empty for the last column
 * @param regression  the label is a numeric target rather than a class
 */
public record LoadOptions(Optional<String> labelColumn, boolean regression) {
    /** Label in the last column (CSV) or first token (LIBSVM), classification. */
    public static final LoadOptions DEFAULTS = new LoadOptions(Optional.empty(), false);

    /** Requires a non-null {@code labelColumn} (use {@code Optional.empty()} for the default). */
    public LoadOptions {
        Objects.requireNonNull(labelColumn, "labelColumn");
    }

    /** These options with the label in the named column, or at the index {@code column} spells. */
    public LoadOptions withLabelColumn(String column) {
        return new LoadOptions(Optional.of(column), regression);
    }

    /** These options for a regression target. */
    public LoadOptions withRegression(boolean regression) {
        return new LoadOptions(labelColumn, regression);
    }

    boolean isDefault() {
        return labelColumn.isEmpty() && !regression;
    }
}
