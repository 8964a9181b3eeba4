package io.ams.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Loads the sparse LIBSVM / SVMlight text format, {@code label index:value index:value ...}
 * with 1-based indices, into a dense dataset, plain or gzipped. Absent entries are 0. Text
 * after {@code #} is a comment.
 *
 * <p>Immutable: each {@code with...} method returns a changed copy. By default the label is a
 * class (sorted distinct label values become classes {@code 0..k-1}, so {@code -1/+1} map to
 * 0/1) and the feature count is the largest index present.
 */
public final class LibsvmLoader {
    private final int featureCount;
    private final boolean regression;

    private LibsvmLoader(int featureCount, boolean regression) {
        this.featureCount = featureCount;
        this.regression = regression;
    }

    /** Classification, feature count taken from the data. */
    public static LibsvmLoader defaults() {
        return new LibsvmLoader(0, false);
    }

    /**
     * Fixes the feature count, e.g. so a test file whose last features are all zero has as many
     * columns as its training file; an index above it is an error.
     */
    public LibsvmLoader withFeatureCount(int featureCount) {
        if (featureCount < 1) {
            throw new IllegalArgumentException("feature count must be positive: " + featureCount);
        }
        return new LibsvmLoader(featureCount, regression);
    }

    /** True: the label is a numeric regression target rather than a class. */
    public LibsvmLoader withRegression(boolean regression) {
        return new LibsvmLoader(featureCount, regression);
    }

    /** Loads a file; the dataset is named after the file (without directories and suffixes). */
    public Dataset load(Path file) {
        try (InputStream in = Sources.open(file)) {
            return load(in, file.toString());
        } catch (IOException e) {
            throw DatasetException.of(file.toString(), "cannot read: " + e.getMessage(), e);
        }
    }

    /** Loads from a stream (gzip is detected), which stays open; {@code source} names it in errors. */
    public Dataset load(InputStream in, String source) {
        long lineNumber = 0;
        try {
            BufferedReader reader = new BufferedReader(
                    new InputStreamReader(Sources.decompressed(in, source), StandardCharsets.UTF_8), 1 << 16);
            // The sparse entries of all rows, back to back; row r owns [rowStart[r], rowStart[r + 1]).
            int[] indices = new int[1024];
            float[] values = new float[1024];
            int entries = 0;
            int[] rowStart = new int[257];
            List<String> rawLabels = new ArrayList<>();
            float[] targets = new float[256];
            int rows = 0;
            int maxIndex = 0;
            long maxIndexLine = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                int comment = line.indexOf('#');
                String[] tokens = (comment >= 0 ? line.substring(0, comment) : line).trim().split("\\s+");
                if (tokens[0].isEmpty()) {
                    continue;
                }
                if (rows + 1 == rowStart.length) {
                    rowStart = Arrays.copyOf(rowStart, rowStart.length * 2);
                    targets = Arrays.copyOf(targets, targets.length * 2);
                }
                if (regression) {
                    targets[rows] = finite(tokens[0], source, lineNumber, "target");
                } else {
                    finite(tokens[0], source, lineNumber, "label");
                    rawLabels.add(tokens[0]);
                }
                if (entries + tokens.length > indices.length) {
                    int grown = Math.max(indices.length * 2, entries + tokens.length);
                    indices = Arrays.copyOf(indices, grown);
                    values = Arrays.copyOf(values, grown);
                }
                int lineStart = entries;
                for (int t = 1; t < tokens.length; t++) {
                    int index = index(tokens[t], source, lineNumber);
                    indices[entries] = index;
                    values[entries] = value(tokens[t], source, lineNumber);
                    entries++;
                    if (index > maxIndex) {
                        maxIndex = index;
                        maxIndexLine = lineNumber;
                    }
                }
                requireDistinct(indices, lineStart, entries, source, lineNumber);
                rows++;
                rowStart[rows] = entries;
            }
            if (rows == 0) {
                throw DatasetException.of(source, "empty file, no data rows");
            }
            return dense(source, rows, rowStart, indices, values, maxIndex, maxIndexLine, rawLabels, targets);
        } catch (IOException e) {
            throw DatasetException.of(source, "cannot read past line " + lineNumber + ": " + e.getMessage(), e);
        }
    }

    private Dataset dense(String source, int rows, int[] rowStart, int[] indices, float[] values, int maxIndex,
                          long maxIndexLine, List<String> rawLabels, float[] targets) {
        if (featureCount > 0 && maxIndex > featureCount) {
            throw DatasetException.atLine(source, maxIndexLine, "feature index " + maxIndex
                    + " exceeds the given feature count " + featureCount);
        }
        if (maxIndex == 0 && featureCount == 0) {
            throw DatasetException.of(source, "no feature entries in any row; give the feature count explicitly");
        }
        int cols = featureCount > 0 ? featureCount : maxIndex;
        checkDenseSize(source, rows, cols, maxIndexLine);
        float[] features = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int e = rowStart[r]; e < rowStart[r + 1]; e++) {
                features[r * cols + indices[e] - 1] = values[e];
            }
        }
        String name = Sources.baseName(source);
        if (regression) {
            return Dataset.regression(name, features, rows, cols, List.of(), Arrays.copyOf(targets, rows), 1);
        }
        ClassEncoding encoding = ClassEncoding.of(rawLabels);
        return Dataset.classification(name, features, rows, cols, List.of(), encoding.labels(), encoding.classNames());
    }

    /**
     * The dense matrix must fit one Java array and, as training copies it at least once (the
     * splits), half the JVM's maximum heap: a single large index (5e6 in a file of a few hundred
     * rows) would otherwise ask for gigabytes and die with an OutOfMemoryError and a stack trace.
     */
    private void checkDenseSize(String source, int rows, int cols, long maxIndexLine) {
        long cells = (long) rows * cols;
        long bytes = cells * Float.BYTES;
        long heap = Runtime.getRuntime().maxMemory();
        if (cells <= Integer.MAX_VALUE - 8 && bytes <= heap / 2) {
            return;
        }
        String size = rows + " rows x " + cols + " columns, " + gigabytes(bytes) + " of floats, more than "
                + (cells > Integer.MAX_VALUE - 8 ? "one Java array holds (2^31 values)"
                        : "half the JVM's maximum heap (" + gigabytes(heap) + ")")
                + "; LIBSVM data is loaded dense";
        if (featureCount > 0) {
            throw DatasetException.of(source, "the given feature count " + cols + " makes a dense matrix of " + size);
        }
        throw DatasetException.atLine(source, maxIndexLine, "feature index " + cols + " makes a dense matrix of "
                + size + ": renumber the features 1..n, or raise -Xmx");
    }

    private static String gigabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f GB", bytes / 1e9);
    }

    /**
     * LIBSVM would keep the last of a repeated index; a repeat is almost always a bug in the
     * program that wrote the file, so it is an error naming the line and the index.
     */
    private static void requireDistinct(int[] indices, int from, int to, String source, long line) {
        boolean ascending = true;
        for (int e = from + 1; e < to && ascending; e++) {
            ascending = indices[e] > indices[e - 1];
        }
        if (ascending) {
            return;
        }
        int[] sorted = Arrays.copyOfRange(indices, from, to);
        Arrays.sort(sorted);
        for (int e = 1; e < sorted.length; e++) {
            if (sorted[e] == sorted[e - 1]) {
                throw DatasetException.atLine(source, line, "feature index " + sorted[e] + " appears twice on this line");
            }
        }
    }

    private static int index(String token, String source, long line) {
        int colon = token.indexOf(':');
        if (colon <= 0) {
            throw DatasetException.atLine(source, line, "bad LIBSVM token " + Excerpt.quote(token) + ", expected index:value");
        }
        int index;
        try {
            index = Integer.parseInt(token.substring(0, colon));
        } catch (NumberFormatException e) {
            throw DatasetException.atLine(source, line, "bad LIBSVM token " + Excerpt.quote(token)
                    + ", the index before ':' must be an integer");
        }
        if (index < 1) {
            throw DatasetException.atLine(source, line, "bad LIBSVM token " + Excerpt.quote(token) + ", indices start at 1");
        }
        return index;
    }

    private static float value(String token, String source, long line) {
        String text = token.substring(token.indexOf(':') + 1);
        float value;
        try {
            value = Float.parseFloat(text);
        } catch (NumberFormatException e) {
            throw DatasetException.atLine(source, line, "bad LIBSVM token " + Excerpt.quote(token)
                    + ", the value after ':' must be a number");
        }
        if (!Float.isFinite(value)) {
            throw DatasetException.atLine(source, line, "non-finite value in LIBSVM token " + Excerpt.quote(token));
        }
        return value;
    }

    private static float finite(String text, String source, long line, String what) {
        float value;
        try {
            value = Float.parseFloat(text);
        } catch (NumberFormatException e) {
            throw DatasetException.atLine(source, line, "bad LIBSVM " + what + " " + Excerpt.quote(text) + ", not a number");
        }
        if (!Float.isFinite(value)) {
            throw DatasetException.atLine(source, line, "non-finite " + what + " " + Excerpt.quote(text));
        }
        return value;
    }
}
