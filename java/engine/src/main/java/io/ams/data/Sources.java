package io.ams.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opening files for the loaders: one place for gzip detection and "cannot read" messages. */
final class Sources {
    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    private Sources() {
    }

    /** Opens {@code file} as it is on disk; pass the stream through {@link #decompressed}. */
    static InputStream open(Path file) {
        String source = file.toString();
        if (Files.isDirectory(file)) {
            throw DatasetException.of(source, "is a directory, expected a file");
        }
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw DatasetException.of(source, "file not found", e);
        } catch (AccessDeniedException e) {
            throw DatasetException.of(source, "permission denied", e);
        } catch (IOException e) {
            throw DatasetException.of(source, "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Wraps {@code in} so gzip data comes out decompressed. Sniffing the magic bytes rather than
     * trusting a {@code .gz} suffix also covers class-path resources and misnamed downloads.
     */
    static InputStream decompressed(InputStream in, String source) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        if (first == GZIP_MAGIC_1 && second == GZIP_MAGIC_2) {
            return new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16);
        }
        return buffered;
    }

    /** The dataset name a file suggests: its name without directories, {@code .gz} or format suffix. */
    static String baseName(String source) {
        String name = source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
