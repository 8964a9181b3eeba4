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
import java.util.Objects;

/**
 * Loads delimited text (CSV) with numeric feature columns and one label or target column,
 * plain or gzipped.
 *
 * <p>Immutable: each {@code with...} method returns a changed copy, so one configured loader
 * can be shared. Defaults: comma delimiter, header detected automatically, label in the last
 * column, classification.
 *
 * <p>Classification labels may be integers or strings; either way the sorted distinct values
 * become classes {@code 0..k-1} (numbers sorted numerically) and keep their spelling as class
 * names. The scikit-learn layout, whose first line is {@code n_samples,n_features,class
 * names...}, is recognised too: its labels are indices into those class names.
 */
public final class CsvLoader {

    /** How the first line is treated. */
    public enum Header {
        /**
         * Decide from the first two lines: an sklearn line if it starts with two integers, the
         * second equal to the next line's feature count, and is shorter than that line or has
         * text after them; column names if some field is text where the next line has a number;
         * data otherwise.
         */
        AUTO,
        /** The first line holds column names. */
        PRESENT,
        /** Every line is data. */
        ABSENT,
        /** The first line is {@code n_samples,n_features[,class names...]}. */
        SKLEARN
    }

    private final char delimiter;
    private final Header header;
    private final String labelName;
    private final int labelIndex;
    private final boolean regression;

    private CsvLoader(char delimiter, Header header, String labelName, int labelIndex, boolean regression) {
        this.delimiter = delimiter;
        this.header = header;
        this.labelName = labelName;
        this.labelIndex = labelIndex;
        this.regression = regression;
    }

    /** Comma-separated, header detected, label last, classification. */
    public static CsvLoader defaults() {
        return new CsvLoader(',', Header.AUTO, null, -1, false);
    }

    /** Fields separated by {@code delimiter} (e.g. {@code ';'} or {@code '\t'}). */
    public CsvLoader withDelimiter(char delimiter) {
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("unusable CSV delimiter: " + delimiter);
        }
        return new CsvLoader(delimiter, header, labelName, labelIndex, regression);
    }

    /** How to treat the first line. */
    public CsvLoader withHeader(Header header) {
        return new CsvLoader(delimiter, Objects.requireNonNull(header), labelName, labelIndex, regression);
    }

    /** The label (or target) is the column with this header name; needs a header row. */
    public CsvLoader withLabelColumn(String name) {
        return new CsvLoader(delimiter, header, Objects.requireNonNull(name), 0, regression);
    }

    /** The label (or target) is the column at this 0-based index; negative counts from the end, -1 = last. */
    public CsvLoader withLabelColumn(int index) {
        return new CsvLoader(delimiter, header, null, index, regression);
    }

    /** True: the label column is a numeric regression target rather than a class. */
    public CsvLoader withRegression(boolean regression) {
        return new CsvLoader(delimiter, header, labelName, labelIndex, regression);
    }

    /** Loads a file; the dataset is named after the file (without directories and suffixes). */
    public Dataset load(Path file) {
        try (InputStream in = Sources.open(file)) {
            return load(in, file.toString());
        } catch (IOException e) {
            throw DatasetException.of(file.toString(), "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Loads from a stream (gzip is detected), which stays open. {@code source} names it in
     * error messages and, without directories and suffixes, becomes the dataset name.
     */
    public Dataset load(InputStream in, String source) {
        BufferedReader reader;
        try {
            reader = new BufferedReader(
                    new InputStreamReader(Sources.decompressed(in, source), StandardCharsets.UTF_8), 1 << 16);
        } catch (IOException e) {
            throw DatasetException.of(source, "cannot read: " + e.getMessage(), e);
        }
        Parse parse = new Parse(source, reader);
        try {
            return parse.run();
        } catch (IOException e) {
            // e.g. a truncated .gz: say how far the readable part went
            throw DatasetException.of(source, "cannot read past line " + parse.lineNumber + ": " + e.getMessage(), e);
        }
    }

    /** The state of one load; the loader itself stays immutable. */
    private final class Parse {
        private final String source;
        private final BufferedReader reader;
        private long lineNumber;

        private float[] features = new float[1024];
        private int featureCount;
        private float[] targets = new float[256];
        private final List<String> rawLabels = new ArrayList<>();
        private int rows;
        /** Line of each row's label, for pointing at a label the sklearn class names lack. */
        private long[] labelLines = new long[256];

        Parse(String source, BufferedReader reader) {
            this.source = source;
            this.reader = reader;
        }

        Dataset run() throws IOException {
            String first = nextLine();
            if (first == null) {
                throw DatasetException.of(source, "empty file, no data rows");
            }
            long firstLine = lineNumber;
            List<String> firstFields = split(first);
            String second = nextLine();
            long secondLine = lineNumber;
            List<String> secondFields = second == null ? null : split(second);

            Header kind = header == Header.AUTO ? detect(firstFields, secondFields) : header;
            List<String> columnNames = List.of();
            List<String> sklearnClassNames = List.of();
            long declaredRows = -1;
            List<String> firstRow;
            long firstRowLine;
            switch (kind) {
                case ABSENT -> {
                    firstRow = firstFields;
                    firstRowLine = firstLine;
                }
                case PRESENT -> {
                    columnNames = firstFields;
                    firstRow = secondFields;
                    firstRowLine = secondLine;
                }
                case SKLEARN -> {
                    declaredRows = sklearnCount(firstFields, 0, firstLine, "n_samples");
                    sklearnCount(firstFields, 1, firstLine, "n_features");
                    sklearnClassNames = firstFields.subList(2, firstFields.size());
                    firstRow = secondFields;
                    firstRowLine = secondLine;
                }
                default -> throw new AssertionError(kind);
            }
            if (firstRow == null) {
                throw DatasetException.of(source, "no data rows after the header on line " + firstLine);
            }
            int columns = firstRow.size();
            if (kind == Header.PRESENT && columnNames.size() != columns) {
                throw DatasetException.atLine(source, firstRowLine, "expected " + columnNames.size()
                        + " columns as named in the header on line " + firstLine + ", found " + columns);
            }
            if (kind == Header.SKLEARN && Long.parseLong(firstFields.get(1)) != columns - 1) {
                throw DatasetException.atLine(source, firstLine, "declares n_features " + firstFields.get(1)
                        + " but line " + firstRowLine + " has " + (columns - 1) + " features and a label");
            }
            if (columns < 2) {
                throw DatasetException.atLine(source, firstRowLine,
                        "found " + columns + " column; need at least one feature and a label");
            }
            int label = labelColumn(columnNames, columns, firstLine, firstRowLine);

            addRow(firstRow, firstRowLine, columns, label, columnNames);
            if (kind == Header.ABSENT && second != null) {
                addRow(secondFields, secondLine, columns, label, columnNames);
            }
            for (String line = nextLine(); line != null; line = nextLine()) {
                addRow(split(line), lineNumber, columns, label, columnNames);
            }
            if (declaredRows >= 0 && declaredRows != rows) {
                throw DatasetException.atLine(source, firstLine, "declares n_samples " + declaredRows
                        + " but the file has " + rows + " data rows");
            }
            return build(columnNames, label, columns, sklearnClassNames, firstLine);
        }

        private Header detect(List<String> first, List<String> second) {
            if (second == null) {
                return anyText(first) ? Header.PRESENT : Header.ABSENT;
            }
            // A data row could start with two integers too, but not also be shorter than the
            // next row or carry class names in place of numbers.
            if (first.size() >= 2 && isInteger(first.get(0)) && isInteger(first.get(1))
                    && Long.parseLong(first.get(1)) == second.size() - 1
                    && (first.size() < second.size() || anyText(first.subList(2, first.size())))) {
                return Header.SKLEARN;
            }
            for (int i = 0; i < Math.min(first.size(), second.size()); i++) {
                if (!isNumber(first.get(i)) && isNumber(second.get(i))) {
                    return Header.PRESENT;
                }
            }
            return Header.ABSENT;
        }

        private long sklearnCount(List<String> fields, int index, long line, String what) {
            if (fields.size() <= index || !isInteger(fields.get(index)) || Long.parseLong(fields.get(index)) < 0) {
                throw DatasetException.atLine(source, line,
                        "expected an sklearn header n_samples,n_features[,class names...] but "
                                + what + " is " + (fields.size() <= index ? "missing" : Excerpt.quote(fields.get(index))));
            }
            return Long.parseLong(fields.get(index));
        }

        private int labelColumn(List<String> columnNames, int columns, long headerLine, long firstRowLine) {
            if (labelName != null) {
                if (columnNames.isEmpty()) {
                    throw DatasetException.of(source, "label column " + Excerpt.quote(labelName)
                            + " is given by name, but the file has no header row of column names");
                }
                int index = columnNames.indexOf(labelName);
                if (index < 0) {
                    throw DatasetException.atLine(source, headerLine, "no label column named " + Excerpt.quote(labelName)
                            + "; the columns are " + listed(columnNames));
                }
                return index;
            }
            int index = labelIndex < 0 ? columns + labelIndex : labelIndex;
            if (index < 0 || index >= columns) {
                throw DatasetException.atLine(source, firstRowLine, "label column index " + labelIndex
                        + " is out of range for " + columns + " columns (valid: " + -columns + ".." + (columns - 1) + ")");
            }
            return index;
        }

        private void addRow(List<String> fields, long line, int columns, int label, List<String> columnNames) {
            if (fields.size() != columns) {
                throw DatasetException.atLine(source, line,
                        "expected " + columns + " columns, found " + fields.size());
            }
            ensureCapacity(columns - 1);
            for (int c = 0; c < columns; c++) {
                if (c != label) {
                    features[featureCount++] = number(fields.get(c), line, c, columnNames, "feature");
                }
            }
            if (regression) {
                targets[rows] = number(fields.get(label), line, label, columnNames, "target");
            } else {
                String value = fields.get(label);
                if (value.isEmpty()) {
                    throw DatasetException.atLine(source, line, "missing label in column " + describe(label, columnNames));
                }
                rawLabels.add(value);
            }
            labelLines[rows] = line;
            rows++;
        }

        private void ensureCapacity(int rowFeatures) {
            if (featureCount + rowFeatures > features.length) {
                long grown = Math.max((long) features.length * 2, (long) featureCount + rowFeatures);
                if (grown > Integer.MAX_VALUE - 8) {
                    throw DatasetException.atLine(source, lineNumber, "too many values for one Java array");
                }
                features = Arrays.copyOf(features, (int) grown);
            }
            if (rows == labelLines.length) {
                labelLines = Arrays.copyOf(labelLines, rows * 2);
                if (regression) {
                    targets = Arrays.copyOf(targets, rows * 2);
                }
            }
        }

        private float number(String field, long line, int column, List<String> columnNames, String what) {
            if (field.isEmpty()) {
                throw DatasetException.atLine(source, line,
                        "missing " + what + " value in column " + describe(column, columnNames));
            }
            float value;
            try {
                value = Float.parseFloat(field);
            } catch (NumberFormatException e) {
                throw DatasetException.atLine(source, line, "non-numeric " + what + " value " + Excerpt.quote(field)
                        + " in column " + describe(column, columnNames) + "; " + what + "s must be numbers");
            }
            if (!Float.isFinite(value)) {
                throw DatasetException.atLine(source, line, "non-finite " + what + " value " + Excerpt.quote(field)
                        + " in column " + describe(column, columnNames));
            }
            return value;
        }

        private Dataset build(List<String> columnNames, int label, int columns,
                              List<String> sklearnClassNames, long headerLine) {
            String name = Sources.baseName(source);
            float[] x = featureCount == features.length ? features : Arrays.copyOf(features, featureCount);
            List<String> featureNames = new ArrayList<>(columnNames);
            if (!featureNames.isEmpty()) {
                featureNames.remove(label);
            }
            if (regression) {
                return Dataset.regression(name, x, rows, columns - 1, featureNames, Arrays.copyOf(targets, rows), 1);
            }
            if (!sklearnClassNames.isEmpty()) {
                return Dataset.classification(name, x, rows, columns - 1, featureNames,
                        sklearnLabels(sklearnClassNames, headerLine), sklearnClassNames);
            }
            ClassEncoding encoding = ClassEncoding.of(rawLabels);
            return Dataset.classification(name, x, rows, columns - 1, featureNames,
                    encoding.labels(), encoding.classNames());
        }

        /** In the sklearn layout labels are indices into the class names of the first line. */
        private int[] sklearnLabels(List<String> classNames, long headerLine) {
            int[] labels = new int[rows];
            for (int r = 0; r < rows; r++) {
                String raw = rawLabels.get(r);
                long index = isInteger(raw) ? Long.parseLong(raw) : -1;
                if (index < 0 || index >= classNames.size()) {
                    throw DatasetException.atLine(source, labelLines[r], "label " + Excerpt.quote(raw) + " is not a class index 0.."
                            + (classNames.size() - 1) + " into the class names on line " + headerLine);
                }
                labels[r] = (int) index;
            }
            return labels;
        }

        /** The next line that is not blank, or null at the end. */
        private String nextLine() throws IOException {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (!line.isBlank()) {
                    return line;
                }
            }
            return null;
        }

        /**
         * Splits one line into trimmed fields. Double quotes may enclose a field (with {@code ""}
         * for a quote) so header names can contain the delimiter; fields spanning lines are not
         * supported.
         */
        private List<String> split(String line) {
            List<String> fields = new ArrayList<>();
            if (line.indexOf('"') < 0) {
                int start = 0;
                for (int end = line.indexOf(delimiter); end >= 0; end = line.indexOf(delimiter, start)) {
                    fields.add(line.substring(start, end).trim());
                    start = end + 1;
                }
                fields.add(line.substring(start).trim());
                return fields;
            }
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char ch = line.charAt(i);
                if (quoted) {
                    if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (ch == '"') {
                        quoted = false;
                    } else {
                        field.append(ch);
                    }
                } else if (ch == '"') {
                    quoted = true;
                } else if (ch == delimiter) {
                    fields.add(field.toString().trim());
                    field.setLength(0);
                } else {
                    field.append(ch);
                }
            }
            if (quoted) {
                throw DatasetException.atLine(source, lineNumber, "unterminated double quote");
            }
            fields.add(field.toString().trim());
            return fields;
        }
    }

    private static String describe(int column, List<String> columnNames) {
        return (column + 1) + (columnNames.isEmpty() ? "" : " (" + Excerpt.quote(columnNames.get(column)) + ")");
    }

    /** The column names for an error: a long one quoted in part, and only the first 20 of a wide file. */
    private static String listed(List<String> columnNames) {
        int shown = Math.min(columnNames.size(), 20);
        StringBuilder out = new StringBuilder();
        for (int c = 0; c < shown; c++) {
            String name = columnNames.get(c);
            out.append(c == 0 ? "" : ", ").append(name.length() > Excerpt.MAX_CHARS ? Excerpt.quote(name) : name);
        }
        return shown < columnNames.size() ? out + ", ... (" + columnNames.size() + " in all)" : out.toString();
    }

    private static boolean anyText(List<String> fields) {
        for (String field : fields) {
            if (!isNumber(field)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNumber(String field) {
        try {
            Double.parseDouble(field);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isInteger(String field) {
        try {
            Long.parseLong(field);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
