package io.ams.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a dataset spec, as a user types it, into data:
 * <ul>
 *   <li>a bundled name - {@code digits} (1797 x 64, 10 classes), {@code iris}, {@code wine},
 *       {@code breast_cancer} - read from the jar, so it works offline;</li>
 *   <li>{@code fashion-mnist}: the IDX files of the Debian package
 *       {@code dataset-fashion-mnist} in {@value #FASHION_MNIST_DIR}, with its own test set;</li>
 *   <li>{@code csv:PATH}, {@code libsvm:PATH} (gzipped or not);</li>
 *   <li>{@code idx:DIR}: any MNIST-format folder, with its own test set.</li>
 * </ul>
 * {@link #prepare} goes on to split (seeded, stratified) and standardise on the training part.
 */
public final class Datasets {
    /** Where the Debian package {@code dataset-fashion-mnist} installs its IDX files. */
    public static final String FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";
    /** The spec naming Fashion-MNIST. */
    public static final String FASHION_MNIST = "fashion-mnist";
    /** Fashion-MNIST's label names, by label value. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover",
            "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private static final String CSV = "csv:";
    private static final String LIBSVM = "libsvm:";
    private static final String IDX = "idx:";

    /** Bundled name to resource file and how its first line reads. */
    private record Bundled(String resource, CsvLoader.Header header) {
    }

    private static final Map<String, Bundled> BUNDLED = Map.of(
            "digits", new Bundled("digits.csv.gz", CsvLoader.Header.ABSENT),
            "iris", new Bundled("iris.csv", CsvLoader.Header.SKLEARN),
            "wine", new Bundled("wine.csv", CsvLoader.Header.SKLEARN),
            "breast_cancer", new Bundled("breast_cancer.csv", CsvLoader.Header.SKLEARN));

    private static final List<String> BUNDLED_NAMES = List.of("digits", "iris", "wine", "breast_cancer");

    private Datasets() {
    }

    /** The names of the datasets inside the jar. */
    public static List<String> bundledNames() {
        return BUNDLED_NAMES;
    }

    /** Resolves {@code spec} with default load options. */
    public static ResolvedData resolve(String spec) {
        return resolve(spec, LoadOptions.DEFAULTS);
    }

    /** Resolves {@code spec}; {@code options} apply to {@code csv:} and {@code libsvm:} sources. */
    public static ResolvedData resolve(String spec, LoadOptions options) {
        return resolve(spec, options, Path.of(FASHION_MNIST_DIR));
    }

    /** As {@link #resolve(String, LoadOptions)}, looking for Fashion-MNIST in {@code fashionMnistDir}. */
    static ResolvedData resolve(String spec, LoadOptions options, Path fashionMnistDir) {
        if (spec.startsWith(CSV)) {
            return new ResolvedData(spec, csv(path(spec, CSV), options), Optional.empty());
        }
        if (spec.startsWith(LIBSVM)) {
            return new ResolvedData(spec, libsvm(path(spec, LIBSVM), options), Optional.empty());
        }
        if (spec.startsWith(IDX)) {
            requireDefaults(spec, options);
            return withOwnTest(spec, IdxLoader.loadDirectory(Path.of(path(spec, IDX))));
        }
        if (spec.equals(FASHION_MNIST)) {
            requireDefaults(spec, options);
            return withOwnTest(spec, fashionMnist(fashionMnistDir));
        }
        Bundled bundled = BUNDLED.get(spec);
        if (bundled == null) {
            throw DatasetException.of(spec, "unknown dataset; bundled datasets are " + String.join(", ", BUNDLED_NAMES)
                    + "; also " + FASHION_MNIST + " (Debian package dataset-fashion-mnist), csv:PATH, libsvm:PATH"
                    + " and idx:DIR (a folder of MNIST-format IDX files)");
        }
        requireDefaults(spec, options);
        return new ResolvedData(spec, bundled(spec, bundled), Optional.empty());
    }

    /**
     * Resolves {@code spec} (default load options), splits it seeded and stratified, and
     * standardises all parts with the training part's statistics.
     *
     * @param testFraction unused when the source has its own test set (see {@link ResolvedData#split})
     */
    public static PreparedData prepare(String spec, double validationFraction, double testFraction, long seed) {
        return prepare(resolve(spec), validationFraction, testFraction, seed);
    }

    /** As {@link #prepare(String, double, double, long)} for an already resolved source. */
    public static PreparedData prepare(ResolvedData source, double validationFraction, double testFraction,
                                       long seed) {
        Split raw = source.split(validationFraction, testFraction, seed);
        Standardizer standardizer = Standardizer.fit(raw.train());
        return new PreparedData(source, standardizer.apply(raw), standardizer);
    }

    private static Dataset csv(String path, LoadOptions options) {
        CsvLoader loader = CsvLoader.defaults().withRegression(options.regression());
        if (options.labelColumn().isPresent()) {
            String column = options.labelColumn().get();
            loader = isInteger(column) ? loader.withLabelColumn(Integer.parseInt(column)) : loader.withLabelColumn(column);
        }
        return loader.load(Path.of(path));
    }

    private static Dataset libsvm(String path, LoadOptions options) {
        if (options.labelColumn().isPresent()) {
            throw DatasetException.of(path, "a LIBSVM file has its label first on every line;"
                    + " a label column cannot be chosen");
        }
        return LibsvmLoader.defaults().withRegression(options.regression()).load(Path.of(path));
    }

    private static TrainTest fashionMnist(Path dir) {
        for (String file : List.of(IdxLoader.TRAIN_IMAGES, IdxLoader.TRAIN_LABELS,
                IdxLoader.TEST_IMAGES, IdxLoader.TEST_LABELS)) {
            if (!Files.isRegularFile(dir.resolve(file)) && !Files.isRegularFile(dir.resolve(file + ".gz"))) {
                throw DatasetException.of(FASHION_MNIST, "not installed: no " + file + "[.gz] in " + dir
                        + ". Install it with `apt-get install dataset-fashion-mnist`, or use idx:DIR"
                        + " for any folder of MNIST-format IDX files");
            }
        }
        return IdxLoader.loadDirectory(dir, FASHION_MNIST, FASHION_MNIST_CLASSES);
    }

    private static Dataset bundled(String name, Bundled bundled) {
        String source = "bundled dataset " + name;
        try (InputStream in = Datasets.class.getResourceAsStream(bundled.resource())) {
            if (in == null) {
                throw DatasetException.of(source, "resource " + bundled.resource() + " is missing from the class path");
            }
            return CsvLoader.defaults().withHeader(bundled.header()).load(in, "bundled:" + bundled.resource())
                    .withName(name);
        } catch (IOException e) {
            throw DatasetException.of(source, "cannot read: " + e.getMessage(), e);
        }
    }

    private static ResolvedData withOwnTest(String spec, TrainTest parts) {
        return new ResolvedData(spec, parts.train(), Optional.of(parts.test()));
    }

    private static String path(String spec, String prefix) {
        String path = spec.substring(prefix.length());
        if (path.isBlank()) {
            throw DatasetException.of(spec, "no path after " + prefix);
        }
        return path;
    }

    /** Bundled and IDX data have a fixed label and task, so options would be silently ignored. */
    private static void requireDefaults(String spec, LoadOptions options) {
        if (!options.isDefault()) {
            throw DatasetException.of(spec, "is a classification dataset with a fixed label;"
                    + " a label column or regression applies only to csv: and libsvm: sources");
        }
    }

    private static boolean isInteger(String text) {
        try {
            Integer.parseInt(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
