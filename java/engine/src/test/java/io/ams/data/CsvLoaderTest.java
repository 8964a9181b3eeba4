package io.ams.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvLoaderTest {
    @TempDir
    Path dir;

    private static final String ANIMALS = """
            weight,kind,height
            1.5,cat,20
            30,dog,60
            2.5,cat,25
            """;

    @Test
    void headerWithLabelByName() throws IOException {
        Dataset data = CsvLoader.defaults().withLabelColumn("kind").load(write("animals.csv", ANIMALS));

        assertEquals("animals", data.name());
        assertEquals(3, data.rows());
        assertEquals(2, data.cols());
        assertEquals(List.of("weight", "height"), data.featureNames());
        assertArrayEquals(new float[] {1.5f, 20, 30, 60, 2.5f, 25}, data.features());
        assertEquals(List.of("cat", "dog"), data.classNames());
        assertArrayEquals(new int[] {0, 1, 0}, data.labels());
    }

    @Test
    void labelByIndexAndFromTheEnd() throws IOException {
        Path file = write("animals.csv", ANIMALS);

        Dataset byIndex = CsvLoader.defaults().withLabelColumn(1).load(file);
        Dataset fromEnd = CsvLoader.defaults().withLabelColumn(-2).load(file);

        assertEquals(List.of("weight", "height"), byIndex.featureNames());
        assertArrayEquals(new float[] {1.5f, 20, 30, 60, 2.5f, 25}, byIndex.features());
        assertArrayEquals(new int[] {0, 1, 0}, byIndex.labels());
        assertArrayEquals(byIndex.features(), fromEnd.features());
        assertArrayEquals(byIndex.labels(), fromEnd.labels());
        assertEquals(byIndex.classNames(), fromEnd.classNames());
    }

    @Test
    void labelDefaultsToTheLastColumn() throws IOException {
        Dataset data = CsvLoader.defaults().load(write("last.csv", "a,b,c\n1,2,3\n4,5,6\n"));

        assertEquals(List.of("a", "b"), data.featureNames());
        assertArrayEquals(new float[] {1, 2, 4, 5}, data.features());
        assertEquals(List.of("3", "6"), data.classNames());
    }

    @Test
    void integerLabelsMapToSortedDistinctIndices() throws IOException {
        Path file = write("ints.csv", "0.1,10\n0.2,3\n0.3,10\n0.4,7\n");

        Dataset data = CsvLoader.defaults().load(file);

        assertTrue(data.featureNames().isEmpty(), "no header detected");
        assertEquals(List.of("3", "7", "10"), data.classNames());
        assertArrayEquals(new int[] {2, 0, 2, 1}, data.labels());
    }

    @Test
    void regressionTarget() throws IOException {
        Path file = write("house.csv", "rooms;area;price\n3;70.5;210.25\n5;120;400\n");

        Dataset data = CsvLoader.defaults().withDelimiter(';').withRegression(true)
                .withLabelColumn("price").load(file);

        assertFalse(data.isClassification());
        assertEquals(1, data.targetDim());
        assertArrayEquals(new float[] {210.25f, 400f}, data.targets());
        assertArrayEquals(new float[] {3, 70.5f, 5, 120}, data.features());
    }

    @Test
    void gzippedFileIsReadTransparently() throws IOException {
        Path file = dir.resolve("animals.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(ANIMALS.getBytes(StandardCharsets.UTF_8));
        }

        Dataset data = CsvLoader.defaults().withLabelColumn("kind").load(file);

        assertEquals("animals", data.name());
        assertArrayEquals(new int[] {0, 1, 0}, data.labels());
    }

    @Test
    void sklearnHeaderGivesClassNamesAndIsNotData() throws IOException {
        Path file = write("flowers.csv", "3,2,small,large\n1.0,2.0,0\n3.0,4.0,1\n5.0,6.0,1\n");

        Dataset data = CsvLoader.defaults().load(file);

        assertEquals(3, data.rows());
        assertEquals(2, data.cols());
        assertEquals(List.of("small", "large"), data.classNames());
        assertArrayEquals(new int[] {0, 1, 1}, data.labels());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, data.features());
    }

    @Test
    void sklearnHeaderAsLongAsTheDataIsDetected() throws IOException {
        // iris: "150,4,setosa,versicolor,virginica" has as many fields as its data rows
        Dataset iris;
        try (InputStream in = CsvLoaderTest.class.getResourceAsStream("/io/ams/data/iris.csv")) {
            iris = CsvLoader.defaults().load(in, "iris.csv");
        }

        assertEquals(150, iris.rows());
        assertEquals(4, iris.cols());
        assertEquals(List.of("setosa", "versicolor", "virginica"), iris.classNames());
        assertArrayEquals(new float[] {5.1f, 3.5f, 1.4f, 0.2f}, iris.row(0));
    }

    @Test
    void sklearnHeaderKeepsClassesAbsentFromTheData() throws IOException {
        Path file = write("part.csv", "2,1,a,b,c\n1.0,0\n2.0,2\n");

        Dataset data = CsvLoader.defaults().load(file);

        assertEquals(3, data.classes());
        assertArrayEquals(new int[] {0, 2}, data.labels());
    }

    @Test
    void sklearnHeaderWithWrongSampleCountNamesLineOne() throws IOException {
        Path file = write("short.csv", "4,2,a,b\n1,2,0\n3,4,1\n");

        DatasetException e = assertThrows(DatasetException.class, () -> CsvLoader.defaults().load(file));

        assertMessage(e, "short.csv", "line 1", "n_samples 4", "2 data rows");
    }

    @Test
    void quotedHeaderNames() throws IOException {
        Path file = write("quoted.csv", "\"width, cm\",\"say \"\"hi\"\"\",label\n1,2,x\n");

        Dataset data = CsvLoader.defaults().withHeader(CsvLoader.Header.PRESENT).load(file);

        assertEquals(List.of("width, cm", "say \"hi\""), data.featureNames());
    }

    @Test
    void blankLinesAreSkippedButCounted() throws IOException {
        Path file = write("gaps.csv", "a,b\n\n1,0\n\n2,oops,3\n");

        DatasetException e = assertThrows(DatasetException.class, () -> CsvLoader.defaults().load(file));

        assertMessage(e, "gaps.csv", "line 5", "expected 2 columns, found 3");
    }

    // --- errors: each names the file and, where known, the line ---

    @Test
    void nanValue() throws IOException {
        Path file = write("bad.csv", "a,b,y\n1,2,0\n3,NaN,1\n");
        assertMessage(assertThrows(DatasetException.class, () -> CsvLoader.defaults().load(file)),
                "bad.csv", "line 3", "non-finite", "'NaN'", "column 2 ('b')");
    }

    @Test
    void infiniteValue() throws IOException {
        Path file = write("bad.csv", "1,2,0\n3,4,1\n-Infinity,5,0\n");
        assertMessage(assertThrows(DatasetException.class, () -> CsvLoader.defaults().load(file)),
                "bad.csv", "line 3", "non-finite");
    }

    @Test
    void overflowingValueIsNonFinite() throws IOException {
        Path file = write("bad.csv", "1,2,0\n1e300,4,1\n");
        assertMessage(assertThrows(DatasetException.class, () -> CsvLoader.defaults().load(file)),
                "bad.csv", "line 2", "non-finite", "'1e300'");
    }

    @Test
    void raggedRow() throws IOException {
        Path file = write("bad.csv", "a,b,y\n1,2,0\n3,1\n");
        assertMessage(assertThrows(DatasetException.class, () -> CsvLoader.defaults().load(file)),
                "bad.csv", "line 3", "expected 3 columns, found 2");
    }

    @Test
    void nonNumericFeature() throws IOException {
        Path file = write("bad.csv", "a,b,y\n1,2,0\n3,red,1\n");
        assertMessage(assertThrows(DatasetException.class, () -> CsvLoader.defaults().load(file)),
                "bad.csv", "line 3", "non-numeric", "'red'", "column 2 ('b')");
    }

    @Test
    void missingFeatureValue() throws IOException {
        Path file = write("bad.csv", "1,2,0\n3,,1\n");
        assertMessage(assertThrows(DatasetException.class, () -> CsvLoader.defaults().load(file)),
                "bad.csv", "line 2", "missing feature value in column 2");
    }

    @Test
    void nonNumericRegressionTarget() throws IOException {
        Path file = write("bad.csv", "1,2,0.5\n3,4,high\n");
        assertMessage(assertThrows(DatasetException.class,
                        () -> CsvLoader.defaults().withRegression(true).load(file)),
                "bad.csv", "line 2", "non-numeric target value 'high'");
    }

    @Test
    void unknownLabelName() throws IOException {
        Path file = write("bad.csv", "a,b,y\n1,2,0\n");
        assertMessage(assertThrows(DatasetException.class,
                        () -> CsvLoader.defaults().withLabelColumn("class").load(file)),
                "bad.csv", "line 1", "no label column named 'class'", "a, b, y");
    }

    @Test
    void labelNameWithoutHeader() throws IOException {
        Path file = write("bad.csv", "1,2,0\n3,4,1\n");
        assertMessage(assertThrows(DatasetException.class,
                        () -> CsvLoader.defaults().withLabelColumn("y").load(file)),
                "bad.csv", "'y'", "no header row");
    }

    @Test
    void labelIndexOutOfRange() throws IOException {
        Path file = write("bad.csv", "a,b,y\n1,2,0\n");
        assertMessage(assertThrows(DatasetException.class,
                        () -> CsvLoader.defaults().withLabelColumn(3).load(file)),
                "bad.csv", "line 2", "label column index 3 is out of range for 3 columns");
        assertMessage(assertThrows(DatasetException.class,
                        () -> CsvLoader.defaults().withLabelColumn(-4).load(file)),
                "bad.csv", "line 2", "index -4");
    }

    @Test
    void emptyFile() throws IOException {
        Path file = write("bad.csv", "\n  \n");
        assertMessage(assertThrows(DatasetException.class, () -> CsvLoader.defaults().load(file)),
                "bad.csv", "empty file");
    }

    @Test
    void headerOnly() throws IOException {
        Path file = write("bad.csv", "a,b,y\n");
        assertMessage(assertThrows(DatasetException.class, () -> CsvLoader.defaults().load(file)),
                "bad.csv", "no data rows", "line 1");
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("absent.csv");
        assertMessage(assertThrows(DatasetException.class, () -> CsvLoader.defaults().load(file)),
                "absent.csv", "not found");
    }

    @Test
    void directoryInsteadOfFile() {
        assertMessage(assertThrows(DatasetException.class, () -> CsvLoader.defaults().load(dir)),
                dir.toString(), "is a directory");
    }

    @Test
    void truncatedGzipSaysHowFarItGot() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            text.append(i).append(',').append(i % 3).append('\n');
        }
        byte[] gz = gzip(text.toString());
        Path file = dir.resolve("cut.csv.gz");
        Files.write(file, Arrays.copyOf(gz, gz.length / 2));

        assertMessage(assertThrows(DatasetException.class, () -> CsvLoader.defaults().load(file)),
                "cut.csv.gz", "cannot read past line");
    }

    @Test
    void longFieldsAreQuotedInPart() throws IOException {
        // a 100000-character field must not come back whole in the message (nor on stderr)
        String field = "x".repeat(100_000);
        Path feature = write("long.csv", "1,2,a\n3," + field + ",b\n");
        DatasetException e = assertThrows(DatasetException.class, () -> CsvLoader.defaults().load(feature));
        assertMessage(e, "long.csv", "line 2", "'" + "x".repeat(40) + "...' (100000 characters)", "column 2");
        assertTrue(e.getMessage().length() < 300, e.getMessage());

        Path header = write("header.csv", "a," + field + ",label\n1,2,x\n");
        e = assertThrows(DatasetException.class,
                () -> CsvLoader.defaults().withLabelColumn("nope").load(header));
        assertMessage(e, "header.csv", "no label column named 'nope'", "(100000 characters)");
        assertTrue(e.getMessage().length() < 300, e.getMessage());

        Path sklearn = write("sk.csv", "2,1,a,b\n1," + field + "\n2,0\n");
        e = assertThrows(DatasetException.class,
                () -> CsvLoader.defaults().withHeader(CsvLoader.Header.SKLEARN).load(sklearn));
        assertMessage(e, "sk.csv", "line 2", "(100000 characters)");
        assertTrue(e.getMessage().length() < 300, e.getMessage());
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    static void assertMessage(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "message lacks '" + part + "': " + e.getMessage());
        }
    }
}
