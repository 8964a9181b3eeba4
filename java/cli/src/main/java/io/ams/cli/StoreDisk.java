package io.ams.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The disk a store takes: its map file with {@code FILE.meta.json} and {@code FILE.lock}, and
 * its checkpoints folder {@code FILE.checkpoints} (which can outgrow the map many times, see
 * keep_checkpoints). Sizes are the files' lengths; links are not followed, so a planted link
 * cannot make {@code show} walk elsewhere.
 */
record StoreDisk(long storeBytes, long checkpointBytes, int checkpointFiles) {
    static StoreDisk of(Path store) {
        long own = 0;
        for (String suffix : new String[] {"", ".meta.json", ".lock"}) {
            own += sizeOf(store.resolveSibling(store.getFileName() + suffix));
        }
        Path folder = store.resolveSibling(store.getFileName() + ".checkpoints");
        long checkpoints = 0;
        int files = 0;
        if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> all = Files.list(folder)) {
                for (Path f : (Iterable<Path>) all::iterator) {
                    if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) continue;
                    checkpoints += sizeOf(f);
                    files++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + folder, e);
            }
        }
        return new StoreDisk(own, checkpoints, files);
    }

    private static long sizeOf(Path file) {
        try {
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0; // gone between the look and the size: it takes nothing
        }
    }

    /**
     * {@code disk: 41.9 MB (store 41.2 MB, checkpoints 0.7 MB in 12 files)}; {@code disk: 1.1 MB}
     * for a study that keeps no checkpoints.
     */
    String line() {
        if (checkpointFiles == 0 && checkpointBytes == 0) return "disk: " + human(storeBytes);
        return "disk: " + human(storeBytes + checkpointBytes) + " (store " + human(storeBytes) + ", checkpoints "
                + human(checkpointBytes) + " in " + checkpointFiles + (checkpointFiles == 1 ? " file)" : " files)");
    }

    /** Decimal units, one decimal: 950 B, 12.3 kB, 41.9 MB, 1.2 GB. */
    static String human(long bytes) {
        if (bytes < 1000) return bytes + " B";
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
