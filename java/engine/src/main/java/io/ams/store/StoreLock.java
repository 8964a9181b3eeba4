package io.ams.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One process at a time per store, and a record of whether the last one closed it cleanly.
 *
 * <p>Two locks, because each alone has a hole:
 * <ul>
 * <li>{@code <store>.lock} holds the state ("open pid=..." or "closed") and an OS lock on it.
 *     Its OS lock covers the moments when the map file is not open, but the file can be
 *     deleted, and a second process then locks a new one.</li>
 * <li>the <em>map guard</em>: an exclusive OS lock on the map file itself, so deleting
 *     {@code .lock} lets nobody in. It locks only the byte range that starts at
 *     {@code Long.MAX_VALUE} (length 0: "to the end"), because Chronicle Map itself holds a
 *     shared lock on {@code [0, Long.MAX_VALUE)} of the file while it is mapped, and the JVM
 *     refuses overlapping locks inside one process. At the OS level Chronicle's shared lock
 *     also covers the guard's range (POSIX: "to the end"), so while a map is open in one
 *     process another process's guard fails, and a map another process has mapped is never
 *     recovered or replaced.</li>
 * </ul>
 * POSIX locks belong to the process and die with any close of any descriptor of the file in
 * that process: so this JVM never opens the map file of a store it holds except through the
 * guard's channel ({@link #OPEN_HERE} refuses a second open before any descriptor is made),
 * and reads and copies the map through that channel.
 *
 * <p>The OS drops both locks when the process dies, so a killed run leaves no stale lock; what
 * it leaves is "open" in {@code .lock}, which is how the next open knows it must recover.
 */
final class StoreLock implements AutoCloseable {
    private static final String CLOSED = "closed";
    /** The guard's range: past anything Chronicle locks inside the JVM, see the class comment. */
    private static final long GUARD_POSITION = Long.MAX_VALUE;
    /** Store files are the user's data: only the owner reads them (umask may say otherwise). */
    static final FileAttribute<?> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    /** The suffix of every temporary file next to a store; see {@link #tempFile}. */
    static final String TEMP_SUFFIX = ".ams-tmp";
    /** Map files held by stores of this JVM, so that a second open fails before touching them. */
    private static final Set<Path> OPEN_HERE = ConcurrentHashMap.newKeySet();
    /** Temporary files in use in this JVM: the stale-file sweep must not open them (see above). */
    static final Set<Path> TEMPS_HERE = ConcurrentHashMap.newKeySet();

    private final Path store;
    private final Path file;
    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean wasClean;
    private final boolean madeFile;
    private FileChannel mapChannel;
    private FileLock mapGuard;
    private boolean closed;

    private StoreLock(Path store, Path file, Path key, FileChannel channel, FileLock lock, boolean wasClean,
                      boolean madeFile) {
        this.store = store;
        this.file = file;
        this.key = key;
        this.channel = channel;
        this.lock = lock;
        this.wasClean = wasClean;
        this.madeFile = madeFile;
    }

    static Path pathFor(Path store) {
        return store.resolveSibling(store.getFileName() + ".lock");
    }

    /** Takes the lock file's lock or says who holds it; the map guard comes with {@link #guardMap}. */
    static StoreLock acquire(Path store) {
        Path file = pathFor(store);
        Path key = keyOf(store);
        if (!OPEN_HERE.add(key)) {
            throw new StoreException(store, "already open in this JVM; close that store first");
        }
        FileChannel channel = null;
        try {
            boolean made = false;
            for (int attempt = 0; channel == null; attempt++) {
                try {
                    channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                            StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), OWNER_ONLY);
                    made = true;
                } catch (FileAlreadyExistsException e) {
                    refuseLink(store, file);
                    try {
                        // NOFOLLOW: a link planted at this name must not make us write to its target
                        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                                LinkOption.NOFOLLOW_LINKS);
                    } catch (NoSuchFileException gone) {
                        if (attempt > 2) {
                            throw gone;
                        }
                    }
                }
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
            return new StoreLock(store, file, key, channel, lock, state.equals(CLOSED), made);
        } catch (IOException e) {
            closeQuietly(channel);
            OPEN_HERE.remove(key);
            throw new StoreException(store, "cannot lock " + file + ": " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            OPEN_HERE.remove(key);
            throw e;
        }
    }

    /** Refuses, before any descriptor of the map is opened, a store this JVM has open. */
    static void refuseIfOpenHere(Path store) {
        if (OPEN_HERE.contains(keyOf(store))) {
            throw new StoreException(store, "already open in this JVM; close that store first");
        }
    }

    /** The same key for every spelling of the path (relative, through links in the folder part). */
    private static Path keyOf(Path store) {
        Path abs = store.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        try {
            return parent == null ? abs : parent.toRealPath().resolve(abs.getFileName());
        } catch (IOException e) {
            return abs; // the folder does not exist yet (create makes it)
        }
    }

    private static void refuseLink(Path store, Path p) {
        if (Files.isSymbolicLink(p)) {
            throw new StoreException(store, p + " is a symbolic link; a store's files are never opened through"
                    + " one (remove it, or open the store where the link points)");
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

    /**
     * Creates the map file (new, owner-only, never through a link) and guards it; Chronicle then
     * finds an empty file and lays out a new map in it.
     */
    void createMap() {
        try {
            mapChannel = FileChannel.open(store, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), OWNER_ONLY);
        } catch (FileAlreadyExistsException e) {
            throw new StoreException(store, "already exists; open it to resume that study, or choose another file");
        } catch (IOException e) {
            throw new StoreException(store, "cannot create the map file: " + e, e);
        }
        mapGuard = guard(mapChannel, true);
        if (mapGuard == null) {
            throw new StoreException(store, "in use by another process (it has the map file open)");
        }
    }

    /**
     * Guards the existing map file: refuses if another process has it open (its Chronicle map
     * or its guard), whether or not the {@code .lock} file is still there.
     *
     * @param readOnly a reader may lack write permission; it then takes a shared guard, which a
     *                 writer's exclusive one still excludes
     */
    void guardMap(boolean readOnly) {
        refuseLink(store, store);
        Object before = fileKey(store);
        boolean writable = true;
        try {
            try {
                mapChannel = FileChannel.open(store, StandardOpenOption.READ, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS);
            } catch (AccessDeniedException e) {
                if (!readOnly) {
                    throw e;
                }
                mapChannel = FileChannel.open(store, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                writable = false;
            }
        } catch (IOException e) {
            throw new StoreException(store, "cannot open the map file: " + e, e);
        }
        mapGuard = guard(mapChannel, writable);
        if (mapGuard == null) {
            throw new StoreException(store, "in use by another process (it has the map file open)");
        }
        // A process that recovered the map renames a new file over the path: the guard must be
        // on the file the path names now, not on one unlinked since.
        if (!Objects.equals(before, fileKey(store))) {
            throw new StoreException(store, "the map file was replaced while opening it (another process"
                    + " recovered it?); try again");
        }
    }

    private FileLock guard(FileChannel ch, boolean exclusive) {
        try {
            return ch.tryLock(GUARD_POSITION, 0, !exclusive);
        } catch (OverlappingFileLockException e) {
            throw new StoreException(store, "already open in this JVM; close that store first");
        } catch (IOException e) {
            throw new StoreException(store, "cannot lock the map file: " + e, e);
        }
    }

    private Object fileKey(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            throw new StoreException(store, "cannot read the map file's attributes: " + e, e);
        }
    }

    /** The guarded map file's channel: the only way this JVM reads the file before Chronicle maps it. */
    FileChannel mapChannel() {
        return mapChannel;
    }

    /**
     * A new, empty file next to the store with a name nobody can guess, created owner-only and
     * never through a link ({@link Files#createTempFile} creates with O_EXCL).
     */
    static Path tempFile(Path store, String what) throws IOException {
        Path dir = store.toAbsolutePath().getParent();
        Path p = Files.createTempFile(dir, "." + store.getFileName() + "." + what + "-", TEMP_SUFFIX);
        TEMPS_HERE.add(p.toAbsolutePath());
        return p;
    }

    /** Copies the guarded map file into a new temporary file and syncs it; returns the copy. */
    Path copyMap(String what) {
        Path copy = null;
        try {
            copy = tempFile(store, what);
            try (FileChannel out = FileChannel.open(copy, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                long size = mapChannel.size();
                for (long done = 0; done < size; ) {
                    done += mapChannel.transferTo(done, size - done, out);
                }
                out.force(true);
            }
            return copy;
        } catch (IOException | RuntimeException e) {
            if (copy != null) {
                deleteQuietly(copy);
            }
            throw new StoreException(store, "cannot copy the map file: " + e, e);
        }
    }

    /**
     * Keeps the map file as it is now under a new name next to it (a hard link: no copy), for the
     * bytes recovery is about to drop. Returns the name.
     */
    Path keepMapAs(String what) {
        for (int i = 0; ; i++) {
            Path keep = store.resolveSibling(store.getFileName() + "." + what + "-"
                    + System.currentTimeMillis() + (i == 0 ? "" : "-" + i));
            try {
                return Files.createLink(keep, store);
            } catch (FileAlreadyExistsException e) {
                if (i > 100) {
                    throw new StoreException(store, "cannot keep the map file as " + keep + ": " + e, e);
                }
            } catch (IOException | UnsupportedOperationException e) {
                throw new StoreException(store, "cannot keep the map file as " + keep + ": " + e, e);
            }
        }
    }

    /**
     * Puts {@code recovered} in place of the map file: synced, guarded, then renamed over it in
     * one step, so a kill leaves the old file or the new one, never a half-written map.
     */
    void replaceMap(Path recovered) {
        FileChannel next = null;
        try {
            next = FileChannel.open(recovered, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
            next.force(true);
            FileLock nextGuard = guard(next, true);
            if (nextGuard == null) {
                throw new StoreException(store, "the recovered copy " + recovered + " is in use by another process");
            }
            try {
                Files.move(recovered, store, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new StoreException(store, "cannot replace the map file atomically: " + e, e);
            }
            MetaFile.fsyncFolder(store.toAbsolutePath().getParent());
            // the old file is unlinked now; its channel (and the guard on it) can go
            closeQuietly(mapChannel);
            mapChannel = next;
            mapGuard = nextGuard;
        } catch (IOException e) {
            closeQuietly(next);
            throw new StoreException(store, "cannot replace the map file with its recovered copy: " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(next);
            throw e;
        }
    }

    /**
     * Removes temporary files of this store left by killed processes: a file whose guard can be
     * taken has no live owner (owners keep theirs guarded or mapped).
     */
    void removeStaleTempFiles() {
        Path dir = store.toAbsolutePath().getParent();
        String prefix = "." + store.getFileName() + ".";
        try (var entries = Files.newDirectoryStream(dir, e -> {
            String n = e.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(TEMP_SUFFIX);
        })) {
            for (Path p : entries) {
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || TEMPS_HERE.contains(p.toAbsolutePath())) {
                    continue;
                }
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS)) {
                    FileLock l = ch.tryLock(GUARD_POSITION, 0, false);
                    if (l != null) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException | OverlappingFileLockException e) {
                    // in use here or unreadable: leave it
                }
            }
        } catch (IOException ignored) {
            // clean-up only: a leftover temp file costs disk space, nothing else
        }
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

    /**
     * Releases everything. Closing the map's Chronicle before this already dropped the guard at
     * the OS level (see the class comment); the lock file's lock still holds until here.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        releaseQuietly(mapGuard);
        closeQuietly(mapChannel);
        releaseQuietly(lock);
        closeQuietly(channel);
        OPEN_HERE.remove(key);
    }

    private static void releaseQuietly(FileLock l) {
        if (l != null) {
            try {
                l.release();
            } catch (IOException ignored) {
                // closing the channel releases it too
            }
        }
    }

    static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to do with it
            }
        }
    }

    static void deleteQuietly(Path p) {
        TEMPS_HERE.remove(p.toAbsolutePath());
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a leftover temp file is removed by the next writer's open
        }
    }
}
