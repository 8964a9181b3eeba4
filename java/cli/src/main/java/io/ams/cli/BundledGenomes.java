package io.ams.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The genomes of the top-level genomes/ folder, copied into the jar at build time (java/cli/pom.xml)
 * so that {@code ams run NAME} works from any directory, with no hand-kept copies to drift.
 */
final class BundledGenomes {
    /** Where the build puts them, relative to the classpath root. */
    static final String FOLDER = "io/ams/cli/genomes/";
    private static final String SUFFIX = ".yaml";

    private BundledGenomes() {
    }

    /** The names (file names without .yaml), sorted. */
    static List<String> names() {
        // A classpath folder cannot be listed through getResource, so look at where this class came from:
        // target/classes in a build, ams.jar (or a library jar) otherwise.
        TreeSet<String> names = new TreeSet<>();
        try {
            Path origin = Path.of(BundledGenomes.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(origin)) {
                Path folder = origin.resolve(FOLDER);
                if (Files.isDirectory(folder)) {
                    try (Stream<Path> files = Files.list(folder)) {
                        files.map(f -> f.getFileName().toString()).forEach(n -> add(names, n));
                    }
                }
            } else {
                try (JarFile jar = new JarFile(origin.toFile())) {
                    jar.stream().map(e -> e.getName())
                            .filter(n -> n.startsWith(FOLDER) && n.indexOf('/', FOLDER.length()) < 0)
                            .forEach(n -> add(names, n.substring(FOLDER.length())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the bundled genomes: " + e.getMessage(), e);
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot list the bundled genomes: " + e.getMessage(), e);
        }
        return List.copyOf(names);
    }

    private static void add(TreeSet<String> names, String fileName) {
        if (fileName.endsWith(SUFFIX) && fileName.length() > SUFFIX.length()) {
            names.add(fileName.substring(0, fileName.length() - SUFFIX.length()));
        }
    }

    /** The text of the bundled genome NAME (with or without .yaml), if there is one. */
    static Optional<String> text(String name) {
        String file = fileName(name);
        // Only a plain name: never a path that reaches elsewhere on the classpath.
        if (file.contains("/") || file.contains("\\") || file.startsWith(".")) return Optional.empty();
        try (InputStream in = BundledGenomes.class.getClassLoader().getResourceAsStream(FOLDER + file)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled genome " + file + ": " + e.getMessage(), e);
        }
    }

    /** NAME's file name: NAME.yaml, or NAME when it ends in .yaml already. */
    static String fileName(String name) {
        return name.endsWith(SUFFIX) ? name : name + SUFFIX;
    }

    /** The first line of the genome's text, without its '#': each shipped genome starts with a one-line comment saying what it is. */
    static String description(String text) {
        String first = text.lines().findFirst().orElse("").strip();
        return first.startsWith("#") ? first.substring(1).strip() : "";
    }
}
