package io.ams.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files written whole or not at all, and never through a link someone else planted: the
 * store's metadata and the trials' checkpoints.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /**
     * Writes {@code bytes} to {@code file} atomically: a temporary file, fsync, rename over the
     * target, fsync of the folder. A crash leaves the old file or the new one, never half of one.
     * The temporary file has a fresh name nobody can guess ({@code .NAME-<random>SUFFIX}), is
     * created owner-only with O_EXCL and written without following links: a link planted at a
     * predictable name ({@code NAME.tmp}) would have made the write truncate the link's target.
     */
    public static void write(Path file, byte[] bytes, String tempSuffix) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(folder, "." + file.getFileName() + "-", tempSuffix);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            fsyncFolder(folder);
        } finally {
            if (tmp != null) Files.deleteIfExists(tmp);
        }
    }

    /**
     * Creates {@code dir} and its missing parents, the new ones owner-only where the file system
     * has POSIX permissions; refuses a {@code dir} that is a link, which would send what is
     * written inside to wherever it points.
     */
    public static Path privateDirectories(Path dir) throws IOException {
        if (Files.isSymbolicLink(dir)) throw new IOException(dir + " is a symbolic link; refusing to write through it");
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return dir;
        boolean posix = dir.toAbsolutePath().getRoot().getFileSystem().supportedFileAttributeViews().contains("posix");
        return posix ? Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                : Files.createDirectories(dir);
    }

    /** Makes a rename durable; some platforms cannot open a folder, which is fine there. */
    public static void fsyncFolder(Path folder) {
        if (folder == null) return;
        try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort: the data itself was forced before the rename
        }
    }
}
