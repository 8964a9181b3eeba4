package io.ams.data;

import static io.ams.data.CsvLoaderTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
    @TempDir
    Path dir;

    @Test
    void digitsIsBundledWithItsKnownShapeAndClassCounts() {
        ResolvedData resolved = Datasets.resolve("digits");
        Dataset digits = resolved.data();

        assertFalse(resolved.hasOwnTestSet());
        assertEquals("digits", digits.name());
        assertEquals(1797, digits.rows());
        assertEquals(64, digits.cols());
        assertEquals(10, digits.classes());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), digits.classNames());
        // counted from the file: zcat digits.csv.gz | awk -F, '{c[$NF]++} END {for (k in c) print k, c[k]}'
        assertArrayEquals(new int[] {178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, digits.classCounts());
        // the file's first line
        assertArrayEquals(new float[] {
            0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0, 0, 3, 15, 2, 0, 11, 8, 0, 0, 4, 12, 0, 0, 8, 8, 0,
            0, 5, 8, 0, 0, 9, 8, 0, 0, 4, 11, 0, 1, 12, 7, 0, 0, 2, 14, 5, 10, 12, 0, 0, 0, 0, 6, 13, 10, 0, 0, 0},
                digits.row(0));
        assertEquals(0, digits.label(0));
    }

    @Test
    void sklearnLayoutBundles() {
        Dataset iris = Datasets.resolve("iris").data();
        assertEquals(150, iris.rows());
        assertEquals(4, iris.cols());
        assertEquals(List.of("setosa", "versicolor", "virginica"), iris.classNames());
        assertArrayEquals(new int[] {50, 50, 50}, iris.classCounts());
        // last line: 5.9,3.0,5.1,1.8,2
        assertArrayEquals(new float[] {5.9f, 3.0f, 5.1f, 1.8f}, iris.row(149));
        assertEquals(2, iris.label(149));

        Dataset wine = Datasets.resolve("wine").data();
        assertEquals(13, wine.cols());
        assertArrayEquals(new int[] {59, 71, 48}, wine.classCounts());

        Dataset cancer = Datasets.resolve("breast_cancer").data();
        assertEquals(30, cancer.cols());
        assertEquals(List.of("malignant", "benign"), cancer.classNames());
        assertArrayEquals(new int[] {212, 357}, cancer.classCounts());
    }

    @Test
    void everyAdvertisedBundledNameResolves() {
        for (String name : Datasets.bundledNames()) {
            assertEquals(name, Datasets.resolve(name).data().name());
        }
    }

    @Test
    void unknownNameListsTheBundledOnes() {
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.resolve("mnist-ish"));

        assertMessage(e, "mnist-ish", "unknown dataset", "digits, iris, wine, breast_cancer",
                "fashion-mnist", "csv:PATH", "libsvm:PATH", "idx:DIR");
    }

    @Test
    void csvPrefixWithOptions() throws IOException {
        Path file = Files.writeString(dir.resolve("house.csv"), "price,rooms\n100,2\n250,5\n");

        Dataset byName = Datasets.resolve("csv:" + file,
                LoadOptions.DEFAULTS.withLabelColumn("price").withRegression(true)).data();
        Dataset byIndex = Datasets.resolve("csv:" + file,
                LoadOptions.DEFAULTS.withLabelColumn("0").withRegression(true)).data();
        Dataset plain = Datasets.resolve("csv:" + file).data();

        assertArrayEquals(new float[] {100, 250}, byName.targets());
        assertArrayEquals(byName.targets(), byIndex.targets());
        assertEquals(List.of("2", "5"), plain.classNames(), "default: classes from the last column");
    }

    @Test
    void libsvmPrefix() throws IOException {
        Path file = Files.writeString(dir.resolve("a.svm"), "1 2:3\n0 1:1\n");

        Dataset data = Datasets.resolve("libsvm:" + file).data();

        assertArrayEquals(new float[] {0, 3, 1, 0}, data.features());
        assertMessage(assertThrows(DatasetException.class,
                        () -> Datasets.resolve("libsvm:" + file, LoadOptions.DEFAULTS.withLabelColumn("1"))),
                "a.svm", "label column cannot be chosen");
    }

    @Test
    void idxPrefixHasItsOwnTestSet() throws IOException {
        Path mnist = mnistFolder(dir.resolve("tiny"));

        ResolvedData resolved = Datasets.resolve("idx:" + mnist);

        assertTrue(resolved.hasOwnTestSet());
        assertEquals(4, resolved.data().rows());
        assertEquals(2, resolved.ownTest().orElseThrow().rows());
    }

    @Test
    void fashionMnistFromADirectoryNamesItsClasses() throws IOException {
        Path folder = mnistFolder(dir.resolve("fashion"));

        ResolvedData resolved = Datasets.resolve("fashion-mnist", LoadOptions.DEFAULTS, folder);

        assertTrue(resolved.hasOwnTestSet());
        assertEquals("fashion-mnist", resolved.data().name());
        assertEquals(Datasets.FASHION_MNIST_CLASSES, resolved.data().classNames());
    }

    @Test
    void fashionMnistMissingSaysHowToInstallIt() {
        Path absent = dir.resolve("no-such-dir");

        DatasetException e = assertThrows(DatasetException.class,
                () -> Datasets.resolve("fashion-mnist", LoadOptions.DEFAULTS, absent));

        assertMessage(e, "fashion-mnist", absent.toString(), "apt-get install dataset-fashion-mnist", "idx:DIR");
    }

    @Test
    void optionsOnAFixedDatasetAreRejected() {
        assertMessage(assertThrows(DatasetException.class,
                        () -> Datasets.resolve("iris", LoadOptions.DEFAULTS.withRegression(true))),
                "iris", "only to csv: and libsvm:");
    }

    @Test
    void prepareSplitsAndStandardisesOnTrainOnly() {
        PreparedData prepared = Datasets.prepare("iris", 0.2, 0.2, 11);

        assertEquals(30, prepared.validation().rows());
        assertEquals(30, prepared.test().rows());
        assertEquals(90, prepared.train().rows());
        Dataset iris = prepared.source().data();
        double[] mean = prepared.standardizer().mean();
        double[] std = prepared.standardizer().std();
        int row = prepared.split().testRows()[0];
        for (int c = 0; c < iris.cols(); c++) {
            assertEquals((iris.feature(row, c) - mean[c]) / std[c], prepared.test().feature(0, c), 1e-5);
        }
        // the statistics are the training part's, not the whole dataset's
        assertEquals(mean[0], average(iris, prepared.split().trainRows()), 1e-9);
    }

    @Test
    void prepareWithOwnTestSetKeepsIt() throws IOException {
        ResolvedData resolved = Datasets.resolve("idx:" + mnistFolder(dir.resolve("m")));

        PreparedData prepared = Datasets.prepare(resolved, 0.25, 0.9, 1);

        assertEquals(2, prepared.test().rows(), "own test set, test fraction unused");
        assertEquals(1, prepared.validation().rows());
        assertEquals(3, prepared.train().rows());
        assertSame(resolved, prepared.source());
    }

    private static double average(Dataset data, int[] rows) {
        double sum = 0;
        for (int row : rows) {
            sum += data.feature(row, 0);
        }
        return sum / rows.length;
    }

    /** A folder of 4 training and 2 test 2x2 images, labels 0..3. */
    private static Path mnistFolder(Path folder) throws IOException {
        Files.createDirectory(folder);
        int[][] pixels = {{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9, 10, 11}, {12, 13, 14, 15}};
        Files.write(folder.resolve("train-images-idx3-ubyte.gz"),
                IdxLoaderTest.gzip(IdxLoaderTest.images(IdxLoader.IMAGES_MAGIC, 4, pixels)));
        Files.write(folder.resolve("train-labels-idx1-ubyte.gz"),
                IdxLoaderTest.gzip(IdxLoaderTest.labels(IdxLoader.LABELS_MAGIC, 4, new int[] {0, 1, 2, 3})));
        Files.write(folder.resolve("t10k-images-idx3-ubyte"),
                IdxLoaderTest.images(IdxLoader.IMAGES_MAGIC, 2, new int[][] {pixels[0], pixels[3]}));
        Files.write(folder.resolve("t10k-labels-idx1-ubyte"),
                IdxLoaderTest.labels(IdxLoader.LABELS_MAGIC, 2, new int[] {0, 3}));
        return folder;
    }
}
