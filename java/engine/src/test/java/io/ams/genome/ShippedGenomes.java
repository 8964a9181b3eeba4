package io.ams.genome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The repository's genomes/ files that the engine alone can read: all but the LCBench plug-in's (lcbench*.yaml, read in java/lcbench's tests). */
public final class ShippedGenomes {
    private ShippedGenomes() {}

    /** The top-level genomes/ folder; tests run in java/engine/, but look upwards to be safe. */
    public static Path folder() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("genomes"))) return dir.resolve("genomes");
        }
        throw new IllegalStateException("no genomes/ folder above " + Path.of("").toAbsolutePath());
    }

    public static List<Path> ofBuiltInObjectives() throws IOException {
        try (Stream<Path> s = Files.list(folder())) {
            return s.filter(p -> p.toString().endsWith(".yaml") && !p.getFileName().toString().startsWith("lcbench")).sorted().toList();
        }
    }
}
