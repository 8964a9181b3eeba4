package io.ams.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code <store>.lock}: one process at a time per store, and a record of whether the last
 * one closed the store cleanly.
 *
 * <p>Exclusive use matters because Chronicle Map's recovery must not run while anyone else
 * has the file mapped. The OS drops the lock when its process dies, so a killed run leaves
 * no stale lock; what it leaves is the word "open" in the file, which is how the next open
 * knows it must recover.
 */
final class StoreLock implements AutoCloseable {
    private static final String CLOSED = "closed";

    private final Path store;
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean wasClean;
    private final boolean madeFile;

    private StoreLock(Path store, Path file, FileChannel channel, FileLock lock, boolean wasClean,
                      boolean madeFile) {
        this.store = store;
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.wasClean = wasClean;
        this.madeFile = madeFile;
    }

    static Path pathFor(Path store) {
        return store.resolveSibling(store.getFileName() + ".lock");
    }

    /** Takes the lock or says who holds it. */
    static StoreLock acquire(Path store) {
        Path file = pathFor(store);
        FileChannel channel = null;
        try {
            boolean made;
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                made = true;
            } catch (FileAlreadyExistsException e) {
                // CREATE: it may have been removed since; then a lock file we made is counted as
                // not ours and stays, which is harmless
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                made = false;
            }
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                throw new StoreException(store, "already open in this JVM; close that store first");
            }
            if (lock == null) {
                throw new StoreException(store, "in use by another process (it holds " + file + ")");
            }
            ByteBuffer buf = ByteBuffer.allocate(64);
            channel.read(buf, 0);
            String state = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
            return new StoreLock(store, file, channel, lock, state.equals(CLOSED), made);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StoreException(store, "cannot lock " + file + ": " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** Whether the previous user of the store closed it (false for a new or a crashed store). */
    boolean wasClean() {
        return wasClean;
    }

    /** Whether this lock created the lock file (a failed create removes only a file it made). */
    boolean madeFile() {
        return madeFile;
    }

    /** Written before the first change to the map: a crash from here on forces a recovery. */
    void markOpen() {
        write("open pid=" + ProcessHandle.current().pid());
    }

    /** Written after the map is closed. */
    void markClosed() {
        write(CLOSED);
    }

    private void write(String state) {
        try {
            channel.truncate(0);
            ByteBuffer buf = ByteBuffer.wrap((state + "\n").getBytes(StandardCharsets.US_ASCII));
            while (buf.hasRemaining()) {
                channel.write(buf, buf.position());
            }
            channel.force(true);
        } catch (IOException e) {
            throw new StoreException(store, "cannot write " + file + ": " + e, e);
        }
    }

    /** Releases the lock and, for a store that never came to be, removes the lock file. */
    void release(boolean deleteFile) {
        try {
            if (deleteFile) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // a leftover lock file is harmless: it only makes the next open recover
        }
        close();
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to do with it
            }
        }
    }
}
