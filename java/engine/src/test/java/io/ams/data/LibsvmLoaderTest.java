package io.ams.data;

import static io.ams.data.CsvLoaderTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibsvmLoaderTest {
    @TempDir
    Path dir;

    @Test
    void sparseRowsBecomeDense() throws IOException {
        Path file = write("small.svm", """
                +1 1:0.5 3:2
                -1 2:1.5   # a comment
                # a whole-line comment

                +1 4:-1 1:7
                """);

        Dataset data = LibsvmLoader.defaults().load(file);

        assertEquals("small", data.name());
        assertEquals(3, data.rows());
        assertEquals(4, data.cols(), "max index");
        assertArrayEquals(new float[] {
            0.5f, 0, 2, 0,
            0, 1.5f, 0, 0,
            7, 0, 0, -1}, data.features());
        assertEquals(List.of("-1", "+1"), data.classNames());
        assertArrayEquals(new int[] {1, 0, 1}, data.labels());
    }

    @Test
    void givenFeatureCountPadsColumns() throws IOException {
        Dataset data = LibsvmLoader.defaults().withFeatureCount(5).load(write("a.svm", "0 2:1\n1 1:3\n"));

        assertEquals(5, data.cols());
        assertArrayEquals(new float[] {0, 1, 0, 0, 0, 3, 0, 0, 0, 0}, data.features());
    }

    @Test
    void regressionTargets() throws IOException {
        Dataset data = LibsvmLoader.defaults().withRegression(true).load(write("r.svm", "2.5 1:1\n-0.25 1:2\n"));

        assertFalse(data.isClassification());
        assertArrayEquals(new float[] {2.5f, -0.25f}, data.targets());
    }

    @Test
    void badTokenNamesFileAndLine() throws IOException {
        Path file = write("bad.svm", "1 1:2\n0 1:1 oops\n");
        assertMessage(assertThrows(DatasetException.class, () -> LibsvmLoader.defaults().load(file)),
                "bad.svm", "line 2", "bad LIBSVM token 'oops'");
    }

    @Test
    void zeroIndexIsRejected() throws IOException {
        Path file = write("bad.svm", "1 0:2\n");
        assertMessage(assertThrows(DatasetException.class, () -> LibsvmLoader.defaults().load(file)),
                "bad.svm", "line 1", "'0:2'", "start at 1");
    }

    @Test
    void nonNumericValueAndLabel() throws IOException {
        Path value = write("bad.svm", "1 1:2\n\n1 3:x\n");
        assertMessage(assertThrows(DatasetException.class, () -> LibsvmLoader.defaults().load(value)),
                "bad.svm", "line 3", "'3:x'");
        Path label = write("label.svm", "yes 1:2\n");
        assertMessage(assertThrows(DatasetException.class, () -> LibsvmLoader.defaults().load(label)),
                "label.svm", "line 1", "label 'yes'");
    }

    @Test
    void nanValue() throws IOException {
        Path file = write("bad.svm", "1 1:2\n1 2:NaN\n");
        assertMessage(assertThrows(DatasetException.class, () -> LibsvmLoader.defaults().load(file)),
                "bad.svm", "line 2", "non-finite");
    }

    @Test
    void indexBeyondGivenFeatureCount() throws IOException {
        Path file = write("bad.svm", "1 9:2\n");
        assertMessage(assertThrows(DatasetException.class,
                        () -> LibsvmLoader.defaults().withFeatureCount(4).load(file)),
                "bad.svm", "index 9", "feature count 4");
    }

    @Test
    void emptyFile() throws IOException {
        Path file = write("bad.svm", "# only a comment\n");
        assertMessage(assertThrows(DatasetException.class, () -> LibsvmLoader.defaults().load(file)),
                "bad.svm", "no data rows");
    }

    @Test
    void repeatedIndexOnALineNamesTheLineAndIndex() throws IOException {
        // LIBSVM keeps the last value; a repeat is almost always a bug in whatever wrote the file
        Path file = write("dup.svm", "1 1:2 3:1\n0 2:1 5:1 2:3\n");
        assertMessage(assertThrows(DatasetException.class, () -> LibsvmLoader.defaults().load(file)),
                "dup.svm", "line 2", "index 2 appears twice");
        Path sorted = write("sorted.svm", "1 1:2 3:1 3:4\n");
        assertMessage(assertThrows(DatasetException.class, () -> LibsvmLoader.defaults().load(sorted)),
                "sorted.svm", "line 1", "index 3 appears twice");
    }

    @Test
    void anIndexTooLargeForADenseMatrixIsRefusedBeforeAllocating() throws IOException {
        // index 5e6: each dense row takes 20 MB; enough rows to need more than the whole heap
        int index = 5_000_000;
        long rows = Runtime.getRuntime().maxMemory() / (4L * index) + 2;
        assumeTrue(rows * index < Integer.MAX_VALUE - 8, "a heap this large fails on the array size instead");
        StringBuilder text = new StringBuilder("1 1:1\n0 " + index + ":1\n");
        for (long r = 2; r < rows; r++) text.append(r % 2).append(" 3:1\n");
        Path file = write("huge.svm", text.toString());
        assertMessage(assertThrows(DatasetException.class, () -> LibsvmLoader.defaults().load(file)),
                "huge.svm", "line 2", "feature index 5000000", rows + " rows", "heap");
    }

    @Test
    void longTokensAreQuotedInPart() throws IOException {
        String digits = "9".repeat(100_000);
        Path value = write("value.svm", "1 1:" + digits + "x\n");
        DatasetException e = assertThrows(DatasetException.class, () -> LibsvmLoader.defaults().load(value));
        assertMessage(e, "value.svm", "line 1", "'1:" + "9".repeat(38) + "...' (100003 characters)");
        assertTrue(e.getMessage().length() < 300, e.getMessage());
        Path label = write("label.svm", digits + "x 1:1\n");
        e = assertThrows(DatasetException.class, () -> LibsvmLoader.defaults().load(label));
        assertMessage(e, "label.svm", "line 1", "(100001 characters)");
        assertTrue(e.getMessage().length() < 300, e.getMessage());
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
