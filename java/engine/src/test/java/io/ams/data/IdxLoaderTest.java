package io.ams.data;

import static io.ams.data.CsvLoaderTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxLoaderTest {
    @TempDir
    Path dir;

    /** Three 2x2 images; pixel values chosen so the scaling to [0, 1] is checkable. */
    private static final int[][] PIXELS = {{0, 255, 51, 102}, {255, 255, 0, 0}, {1, 2, 3, 4}};
    private static final int[] LABELS = {3, 0, 1};

    @Test
    void plainPairRoundTrip() throws IOException {
        Path images = write("imgs", images(IdxLoader.IMAGES_MAGIC, PIXELS.length, PIXELS), false);
        Path labels = write("lbls", labels(IdxLoader.LABELS_MAGIC, LABELS.length, LABELS), false);

        Dataset data = IdxLoader.load(images, labels);

        assertEquals(3, data.rows());
        assertEquals(4, data.cols());
        assertArrayEquals(new float[] {
            0, 1, 0.2f, 0.4f,
            1, 1, 0, 0,
            1 / 255f, 2 / 255f, 3 / 255f, 4 / 255f}, data.features(), 1e-7f);
        assertArrayEquals(LABELS, data.labels());
        assertEquals(4, data.classes(), "0..max label, 2 included");
    }

    @Test
    void gzippedPairIsDetectedFromItsBytes() throws IOException {
        // no .gz suffix: detection must not rely on the name
        Path images = write("imgs", images(IdxLoader.IMAGES_MAGIC, PIXELS.length, PIXELS), true);
        Path labels = write("lbls", labels(IdxLoader.LABELS_MAGIC, LABELS.length, LABELS), true);

        Dataset data = IdxLoader.load(images, labels, "tiny", List.of("a", "b", "c", "d", "e", "f", "g", "h"));

        assertEquals("tiny", data.name());
        assertEquals(1f, data.feature(0, 1));
        assertEquals("d", data.classNames().get(data.label(0)));
    }

    @Test
    void directoryWithTrainAndTestFiles() throws IOException {
        Path mnist = Files.createDirectory(dir.resolve("mnist"));
        Files.write(mnist.resolve("train-images-idx3-ubyte.gz"), gzip(images(IdxLoader.IMAGES_MAGIC, 3, PIXELS)));
        Files.write(mnist.resolve("train-labels-idx1-ubyte.gz"), gzip(labels(IdxLoader.LABELS_MAGIC, 3, LABELS)));
        Files.write(mnist.resolve("t10k-images-idx3-ubyte"), images(IdxLoader.IMAGES_MAGIC, 1, new int[][] {PIXELS[2]}));
        Files.write(mnist.resolve("t10k-labels-idx1-ubyte"), labels(IdxLoader.LABELS_MAGIC, 1, new int[] {4}));

        TrainTest both = IdxLoader.loadDirectory(mnist);

        assertEquals("mnist", both.train().name());
        assertEquals("mnist[test]", both.test().name());
        assertEquals(3, both.train().rows());
        assertEquals(1, both.test().rows());
        assertEquals(5, both.train().classes(), "class count spans train and test labels");
        assertEquals(5, both.test().classes());
        assertArrayEquals(both.train().row(2), both.test().row(0));
    }

    @Test
    void directoryMissingAFileNamesIt() throws IOException {
        Path mnist = Files.createDirectory(dir.resolve("partial"));
        Files.write(mnist.resolve("train-images-idx3-ubyte"), images(IdxLoader.IMAGES_MAGIC, 3, PIXELS));

        assertMessage(assertThrows(DatasetException.class, () -> IdxLoader.loadDirectory(mnist)),
                "partial", "no train-labels-idx1-ubyte[.gz]");
    }

    @Test
    void wrongMagic() throws IOException {
        Path images = write("imgs", labels(IdxLoader.LABELS_MAGIC, 3, LABELS), false);
        Path labels = write("lbls", labels(IdxLoader.LABELS_MAGIC, 3, LABELS), false);

        assertMessage(assertThrows(DatasetException.class, () -> IdxLoader.load(images, labels)),
                "imgs", "bad IDX magic number 0x00000801", "label file", "0x00000803");
    }

    @Test
    void truncatedImagesNameTheRecord() throws IOException {
        byte[] whole = images(IdxLoader.IMAGES_MAGIC, 3, PIXELS);
        // header (16 bytes) + image 1 + half of image 2
        Path images = write("imgs.gz", Arrays.copyOf(whole, 16 + 4 + 2), true);
        Path labels = write("lbls", labels(IdxLoader.LABELS_MAGIC, 3, LABELS), false);

        assertMessage(assertThrows(DatasetException.class, () -> IdxLoader.load(images, labels)),
                "imgs.gz", "record 2", "truncated", "6 of 12 pixel bytes");
    }

    @Test
    void truncatedLabelsAndHeader() throws IOException {
        Path images = write("imgs", images(IdxLoader.IMAGES_MAGIC, 3, PIXELS), false);
        Path labels = write("lbls", Arrays.copyOf(labels(IdxLoader.LABELS_MAGIC, 3, LABELS), 9), false);
        assertMessage(assertThrows(DatasetException.class, () -> IdxLoader.load(images, labels)),
                "lbls", "record 2", "truncated");

        Path stub = write("stub", new byte[] {0, 0, 8, 3, 0, 0}, false);
        assertMessage(assertThrows(DatasetException.class, () -> IdxLoader.load(stub, labels)),
                "stub", "truncated IDX header");
    }

    @Test
    void imageAndLabelCountMismatch() throws IOException {
        Path images = write("imgs", images(IdxLoader.IMAGES_MAGIC, 3, PIXELS), false);
        Path labels = write("lbls", labels(IdxLoader.LABELS_MAGIC, 2, new int[] {1, 2}), false);

        assertMessage(assertThrows(DatasetException.class, () -> IdxLoader.load(images, labels)),
                "imgs", "lbls", "count mismatch", "3 images but 2 labels");
    }

    @Test
    void dataBeyondTheDeclaredCount() throws IOException {
        Path images = write("imgs", images(IdxLoader.IMAGES_MAGIC, 2, PIXELS), false);
        Path labels = write("lbls", labels(IdxLoader.LABELS_MAGIC, 2, new int[] {1, 2}), false);

        assertMessage(assertThrows(DatasetException.class, () -> IdxLoader.load(images, labels)),
                "imgs", "more data than the 2 images");
    }

    @Test
    void aStrayLabelThatWouldLeaveMostClassesEmptyNamesTheFileAndLabel() throws IOException {
        // labels 0..9 and one 255: numbered classes 0..255 would make a 256-class network
        int[] labels = new int[12];
        int[][] pixels = new int[12][];
        for (int i = 0; i < 12; i++) {
            labels[i] = i % 10;
            pixels[i] = PIXELS[i % 3];
        }
        labels[7] = 255;
        Path images = write("imgs", images(IdxLoader.IMAGES_MAGIC, 12, pixels), false);
        Path stray = write("stray", labels(IdxLoader.LABELS_MAGIC, 12, labels), false);
        assertMessage(assertThrows(DatasetException.class, () -> IdxLoader.load(images, stray)),
                "stray", "record 8", "label 255", "256 classes", "only 10 of them");

        // with class names given the count is theirs, and a label beyond them is the error
        assertMessage(assertThrows(DatasetException.class, () -> IdxLoader.load(images, stray, "x", numbered(10))),
                "stray", "record 8", "label 255 has no class name");

        // across train and test: the test file's stray label is named
        Path mnist = Files.createDirectory(dir.resolve("mnist"));
        labels[7] = 7;
        Files.write(mnist.resolve("train-images-idx3-ubyte"), images(IdxLoader.IMAGES_MAGIC, 12, pixels));
        Files.write(mnist.resolve("train-labels-idx1-ubyte"), labels(IdxLoader.LABELS_MAGIC, 12, labels));
        Files.write(mnist.resolve("t10k-images-idx3-ubyte"), images(IdxLoader.IMAGES_MAGIC, 2, new int[][] {PIXELS[0], PIXELS[1]}));
        Files.write(mnist.resolve("t10k-labels-idx1-ubyte"), labels(IdxLoader.LABELS_MAGIC, 2, new int[] {1, 200}));
        assertMessage(assertThrows(DatasetException.class, () -> IdxLoader.loadDirectory(mnist)),
                "t10k-labels-idx1-ubyte", "record 2", "label 200", "201 classes");
    }

    @Test
    void aFewEmptyClassesAreAllowed() throws IOException {
        // EMNIST letters number its classes 1..26: class 0 never occurs, and that is fine
        int[] labels = {1, 2, 3, 5};
        int[][] pixels = {PIXELS[0], PIXELS[1], PIXELS[2], PIXELS[0]};
        Dataset data = IdxLoader.load(write("imgs", images(IdxLoader.IMAGES_MAGIC, 4, pixels), false),
                write("lbls", labels(IdxLoader.LABELS_MAGIC, 4, labels), false));
        assertEquals(6, data.classes());
    }

    private static List<String> numbered(int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(Integer::toString).toList();
    }

    /** An images file declaring {@code count} 2x2 images, followed by the given pixels. */
    static byte[] images(int magic, int count, int[][] pixels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(count);
        out.writeInt(2);
        out.writeInt(2);
        for (int[] image : pixels) {
            for (int pixel : image) {
                out.writeByte(pixel);
            }
        }
        return bytes.toByteArray();
    }

    static byte[] labels(int magic, int count, int[] labels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(count);
        for (int label : labels) {
            out.writeByte(label);
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(plain);
        }
        return bytes.toByteArray();
    }

    private Path write(String name, byte[] content, boolean gzipped) throws IOException {
        return Files.write(dir.resolve(name), gzipped ? gzip(content) : content);
    }
}
