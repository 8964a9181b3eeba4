package io.ams.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the IDX format of MNIST and Fashion-MNIST: an unsigned-byte image file (magic
 * {@code 0x00000803}, dimensions {@code n x rows x cols}) with its label file (magic
 * {@code 0x00000801}), plain or gzipped (detected from the bytes, not the name). Pixels
 * {@code 0..255} become features in {@code [0, 1]}, one row per image.
 */
public final class IdxLoader {
    /** Magic number of an unsigned-byte, 3-dimensional IDX file (the images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an unsigned-byte, 1-dimensional IDX file (the labels). */
    public static final int LABELS_MAGIC = 0x00000801;

    // The four files of an MNIST-format folder, each possibly with a .gz suffix.
    /** Training images of an MNIST-format folder. */
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    /** Training labels of an MNIST-format folder. */
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    /** Test images of an MNIST-format folder. */
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    /** Test labels of an MNIST-format folder. */
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    private IdxLoader() {
    }

    /**
     * One image/label pair; classes are {@code 0..max label}, named by their numbers. A few may
     * have no sample (EMNIST letters number theirs 1..26), but labels that leave more classes
     * empty than they fill are refused: a stray 255 among 0..9 would make a 256-class network.
     */
    public static Dataset load(Path images, Path labels) {
        return load(images, labels, Sources.baseName(images.toString()), List.of());
    }

    /**
     * One image/label pair as dataset {@code name}.
     *
     * @param classNames the name of each label value, or empty for {@code "0".."max label"}
     */
    public static Dataset load(Path images, Path labels, String name, List<String> classNames) {
        Images x = readImages(images);
        int[] y = readLabels(labels);
        if (classNames.isEmpty()) {
            requireFilledClasses(new int[][] {y}, new Path[] {labels});
        }
        return dataset(x, y, images, labels, name, classNames.isEmpty() ? numbered(max(y) + 1) : classNames);
    }

    /**
     * An MNIST-format folder ({@value #TRAIN_IMAGES}, {@value #TRAIN_LABELS},
     * {@value #TEST_IMAGES}, {@value #TEST_LABELS}, each optionally {@code .gz}); the datasets
     * are named after the folder, the test part with a {@code [test]} suffix.
     */
    public static TrainTest loadDirectory(Path dir) {
        return loadDirectory(dir, dir.toAbsolutePath().normalize().getFileName().toString(), List.of());
    }

    /**
     * As {@link #loadDirectory(Path)} under dataset {@code name}.
     *
     * @param classNames the name of each label value, or empty for {@code "0".."max label"}
     *                   over train and test together, so both parts share one class count
     *                   (checked as in {@link #load(Path, Path)})
     */
    public static TrainTest loadDirectory(Path dir, String name, List<String> classNames) {
        if (!Files.isDirectory(dir)) {
            throw DatasetException.of(dir.toString(), Files.exists(dir)
                    ? "is not a directory; idx: expects a folder of MNIST-format IDX files"
                    : "directory not found");
        }
        Path trainImages = find(dir, TRAIN_IMAGES);
        Path trainLabels = find(dir, TRAIN_LABELS);
        Path testImages = find(dir, TEST_IMAGES);
        Path testLabels = find(dir, TEST_LABELS);
        Images trainX = readImages(trainImages);
        int[] trainY = readLabels(trainLabels);
        Images testX = readImages(testImages);
        int[] testY = readLabels(testLabels);
        if (trainX.rows != testX.rows || trainX.cols != testX.cols) {
            throw DatasetException.of(dir.toString(), "training images are " + trainX.rows + " x " + trainX.cols
                    + " pixels but test images " + testX.rows + " x " + testX.cols);
        }
        if (classNames.isEmpty()) {
            requireFilledClasses(new int[][] {trainY, testY}, new Path[] {trainLabels, testLabels});
        }
        List<String> names = classNames.isEmpty() ? numbered(Math.max(max(trainY), max(testY)) + 1) : classNames;
        return new TrainTest(
                dataset(trainX, trainY, trainImages, trainLabels, name, names),
                dataset(testX, testY, testImages, testLabels, name + "[test]", names));
    }

    /** The path of {@code base} or {@code base.gz} in {@code dir}, preferring the uncompressed one. */
    private static Path find(Path dir, String base) {
        for (String candidate : new String[] {base, base + ".gz"}) {
            Path file = dir.resolve(candidate);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw DatasetException.of(dir.toString(), "no " + base + "[.gz]; an MNIST-format folder holds "
                + TRAIN_IMAGES + ", " + TRAIN_LABELS + ", " + TEST_IMAGES + " and " + TEST_LABELS
                + ", each optionally gzipped");
    }

    /** Decoded images: {@code count} rows of {@code rows * cols} pixels scaled to [0, 1]. */
    private record Images(float[] pixels, int count, int rows, int cols) {
    }

    private static Images readImages(Path file) {
        String source = file.toString();
        try (DataInputStream in = open(file)) {
            int magic = header(in, source, "magic number");
            if (magic != IMAGES_MAGIC) {
                throw badMagic(source, magic, IMAGES_MAGIC, "images",
                        magic == LABELS_MAGIC ? " (this is a label file)" : "");
            }
            int count = dimension(in, source, "image count");
            int rows = dimension(in, source, "image height");
            int cols = dimension(in, source, "image width");
            long pixelsPerImage = (long) rows * cols;
            if (pixelsPerImage == 0) {
                throw DatasetException.of(source, "corrupt IDX header: images of " + rows + " x " + cols + " pixels");
            }
            long total = pixelsPerImage * count;
            if (total > Integer.MAX_VALUE - 8) {
                throw DatasetException.of(source, count + " images of " + rows + " x " + cols
                        + " pixels are too many for one Java array");
            }
            // readNBytes grows its buffer as data arrives, so a corrupt header claiming
            // gigabytes fails as "truncated" instead of allocating them up front.
            byte[] bytes = in.readNBytes((int) total);
            if (bytes.length < total) {
                throw DatasetException.atRecord(source, bytes.length / pixelsPerImage + 1, "truncated: the file ends"
                        + " inside image " + (bytes.length / pixelsPerImage + 1) + " of the " + count
                        + " its header declares (" + bytes.length + " of " + total + " pixel bytes)");
            }
            requireEnd(in, source, count + " images");
            float[] pixels = new float[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                pixels[i] = (bytes[i] & 0xff) / 255f;
            }
            return new Images(pixels, count, rows, cols);
        } catch (IOException e) {
            throw DatasetException.of(source, "cannot read: " + e.getMessage(), e);
        }
    }

    private static int[] readLabels(Path file) {
        String source = file.toString();
        try (DataInputStream in = open(file)) {
            int magic = header(in, source, "magic number");
            if (magic != LABELS_MAGIC) {
                throw badMagic(source, magic, LABELS_MAGIC, "labels",
                        magic == IMAGES_MAGIC ? " (this is an image file)" : "");
            }
            int count = dimension(in, source, "label count");
            byte[] bytes = in.readNBytes(count);
            if (bytes.length < count) {
                throw DatasetException.atRecord(source, bytes.length + 1, "truncated: the file ends after "
                        + bytes.length + " of the " + count + " labels its header declares");
            }
            requireEnd(in, source, count + " labels");
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = bytes[i] & 0xff;
            }
            return labels;
        } catch (IOException e) {
            throw DatasetException.of(source, "cannot read: " + e.getMessage(), e);
        }
    }

    private static Dataset dataset(Images x, int[] y, Path images, Path labels, String name, List<String> classNames) {
        if (x.count != y.length) {
            throw DatasetException.of(images + " and " + labels, "count mismatch: " + x.count
                    + " images but " + y.length + " labels");
        }
        if (x.count == 0) {
            throw DatasetException.of(images.toString(), "holds no images, no data rows");
        }
        for (int i = 0; i < y.length; i++) {
            if (y[i] >= classNames.size()) {
                throw DatasetException.atRecord(labels.toString(), i + 1, "label " + y[i]
                        + " has no class name; there are " + classNames.size() + " classes");
            }
        }
        return Dataset.classification(name, x.pixels, x.count, x.rows * x.cols, List.of(), y, classNames);
    }

    /**
     * Numbered classes are {@code 0..max label}; at least half of them must occur in the label
     * files together, else the largest label, at its first record, is named.
     */
    private static void requireFilledClasses(int[][] labelSets, Path[] files) {
        boolean[] seen = new boolean[256];
        int max = -1;
        int maxSet = 0;
        for (int s = 0; s < labelSets.length; s++) {
            for (int label : labelSets[s]) {
                seen[label] = true;
                if (label > max) {
                    max = label;
                    maxSet = s;
                }
            }
        }
        int filled = 0;
        for (boolean b : seen) {
            filled += b ? 1 : 0;
        }
        int classes = max + 1;
        if (classes - filled <= filled) {
            return;
        }
        int[] labels = labelSets[maxSet];
        int record = 0;
        while (labels[record] != max) {
            record++;
        }
        throw DatasetException.atRecord(files[maxSet].toString(), record + 1, "label " + max + " makes "
                + classes + " classes 0.." + max + ", but only " + filled + " of them occur: a stray label?"
                + " Numbered IDX labels must fill at least half of 0..max label; fix the label or give class names");
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = Sources.open(file);
        try {
            return new DataInputStream(Sources.decompressed(raw, file.toString()));
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    private static int header(DataInputStream in, String source, String field) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw DatasetException.of(source, "truncated IDX header: the file ends before the " + field);
        }
    }

    private static int dimension(DataInputStream in, String source, String field) throws IOException {
        int value = header(in, source, field);
        if (value < 0) {
            throw DatasetException.of(source, "corrupt IDX header: " + field + " " + (value & 0xffffffffL));
        }
        return value;
    }

    private static DatasetException badMagic(String source, int found, int expected, String kind, String hint) {
        return DatasetException.of(source, String.format("bad IDX magic number 0x%08x%s; IDX %s files start"
                + " with 0x%08x", found, hint, kind, expected));
    }

    /** Extra bytes mean the header's count is wrong, which would silently drop data. */
    private static void requireEnd(InputStream in, String source, String declared) throws IOException {
        if (in.read() != -1) {
            throw DatasetException.of(source, "count mismatch: the file holds more data than the "
                    + declared + " its header declares");
        }
    }

    private static int max(int[] values) {
        int max = -1;
        for (int value : values) {
            max = Math.max(max, value);
        }
        return max;
    }

    private static List<String> numbered(int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(Integer.toString(i));
        }
        return names;
    }
}
