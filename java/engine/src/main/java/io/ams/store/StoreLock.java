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
import java.util.concurrent.locks.ReentrantLock;

/**
 * One writer at a time per store, readers beside it, and a record of whether the last writer
 * closed the store cleanly.
 *
 * <p>The writer holds two locks, because each alone has a hole:
 * <ul>
 * <li>{@code <store>.lock} holds the state ("open pid=..." or "closed") and OS locks on three
 *     one-byte ranges of it (see below). Its writer lock covers the moments when the map file is
 *     not open, but the file can be deleted, and a second process then locks a new one.</li>
 * <li>the <em>map guard</em>: an exclusive OS lock on the map file itself, so deleting
 *     {@code .lock} lets no second writer in. It locks only the byte range that starts at
 *     {@code Long.MAX_VALUE} (length 0: "to the end"), because Chronicle Map itself holds a
 *     shared lock on {@code [0, Long.MAX_VALUE)} of the file while it is mapped, and the JVM
 *     refuses overlapping locks inside one process. At the OS level Chronicle's shared lock
 *     also covers the guard's range (POSIX: "to the end"), so while a map is open in one
 *     process another process's guard fails, and a map another process has mapped is never
 *     recovered or replaced.</li>
 * </ul>
 *
 * <p>The ranges of {@code .lock}:
 * <ul>
 * <li>{@code WRITER} (byte 0): exclusive, held by the one writer for as long as it has the store.</li>
 * <li>{@code GATE} (byte 1): the writer holds it exclusively while it changes or reads the map
 *     (the whole of create and open, recovery included, then each put, get and the close);
 *     a reader ({@link Snapshot}) holds it shared while it copies the map file. So a reader's
 *     copy is always taken between two operations of the writer: every record in it is whole,
 *     no segment lock is held in it, and no put is half done. Readers never take the writer
 *     lock, so a run can start or resume while they read (it waits at most for one copy).</li>
 * <li>{@code LIVE} (byte 2): taken by a writer once its open is finished, under the gate, and
 *     held until it closes. A reader holding the gate that finds {@code LIVE} held knows its
 *     copy comes from a running writer between operations (no recovery needed); finding it
 *     free with the state "open", it knows the last writer died and recovers its copy.</li>
 * </ul>
 * POSIX locks belong to the process and die with any close of any descriptor of the file in
 * that process: so this JVM never opens the map file of a store it holds except through the
 * guard's channel ({@link #OPEN_HERE} refuses a second open, reader or writer, before any
 * descriptor is made), and reads and copies the map through that channel.
 *
 * <p>The OS drops every lock when the process dies, so a killed run leaves no stale lock; what
 * it leaves is "open" in {@code .lock}, which is how the next open knows it must recover.
 */
final class StoreLock implements AutoCloseable {
    private static final String CLOSED = "closed";
    /** The guard's range: past anything Chronicle locks inside the JVM, see the class comment. */
    private static final long GUARD_POSITION = Long.MAX_VALUE;
    /** The ranges of {@code .lock}, see the class comment. */
    private static final long WRITER = 0;
    private static final long GATE = 1;
    private static final long LIVE = 2;
    /**
     * How long a writer's operation waits for a reader's copy, and a reader for a writer's open
     * (which includes recovering a crashed store). A copy takes milliseconds; a process stopped
     * in the middle of one gets an error that says so instead of a hang.
     */
    static final long GATE_WAIT_MILLIS = 60_000;
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
    /** Serialises this JVM's holds of the gate (the OS lock is per process); reentrant for open's nested puts. */
    private final ReentrantLock gateOwner = new ReentrantLock();
    private FileLock gate;
    private FileLock live;
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
                lock = channel.tryLock(WRITER, 1, false);
            } catch (OverlappingFileLockException e) {
                throw new StoreException(store, "already open in this JVM; close that store first");
            }
            if (lock == null) {
                throw new StoreException(store, "in use by another process (it holds " + file + ")");
            }
            // the gate before the state is read: a reader may be copying, and from here to
            // opened() no reader looks at the map or the state (a failure closes the channel
            // below, which releases both locks)
            FileLock gate = waitFor(store, channel, GATE, false, "a reader (ams show, ams export) copying the store");
            StoreLock held = new StoreLock(store, file, key, channel, lock, readState(channel).equals(CLOSED), made);
            held.gateOwner.lock();
            held.gate = gate;
            return held;
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

    private static String readState(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64);
        channel.read(buf, 0);
        return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
    }

    /**
     * Takes range {@code position} of {@code channel}, waiting (polling, never a blocking lock: an
     * interrupt during {@link FileChannel#lock} closes the channel, which would drop every lock
     * this process holds on the file) up to {@link #GATE_WAIT_MILLIS}.
     */
    private static FileLock waitFor(Path store, FileChannel channel, long position, boolean shared, String holder) {
        long deadline = System.nanoTime() + GATE_WAIT_MILLIS * 1_000_000;
        boolean interrupted = false;
        try {
            for (long pause = 1; ; pause = Math.min(10, pause * 2)) {
                FileLock l = channel.tryLock(position, 1, shared);
                if (l != null) {
                    return l;
                }
                if (System.nanoTime() > deadline) {
                    throw new StoreException(store, "waited " + GATE_WAIT_MILLIS / 1000 + " s for " + holder
                            + " (a process stopped while holding " + pathFor(store) + "?); try again");
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    // finish the wait: giving up half-way would lose the operation's result
                    interrupted = true;
                }
            }
        } catch (IOException e) {
            throw new StoreException(store, "cannot lock " + pathFor(store) + ": " + e, e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Ends the writer's open (or create): the map is ready and consistent between operations, so
     * readers may copy it from now on, and they can tell (by {@code LIVE}) that its writer runs.
     */
    void opened() {
        try {
            live = channel.tryLock(LIVE, 1, false);
        } catch (IOException e) {
            throw new StoreException(store, "cannot lock " + file + ": " + e, e);
        }
        if (live == null) {
            // only a holder of the writer lock takes LIVE
            throw new StoreException(store, "in use by another process (it holds " + file + ")");
        }
        releaseGate();
    }

    /** Runs a writer's operation on the map with readers held off, see the class comment. */
    <T> T gated(java.util.function.Supplier<T> operation) {
        gateOwner.lock();
        try {
            boolean outermost = gateOwner.getHoldCount() == 1;
            if (outermost) {
                gate = waitFor(store, channel, GATE, false, "a reader (ams show, ams export) copying the store");
            }
            try {
                return operation.get();
            } finally {
                if (outermost) {
                    releaseQuietly(gate);
                    gate = null;
                }
            }
        } finally {
            gateOwner.unlock();
        }
    }

    private void releaseGate() {
        if (gateOwner.isHeldByCurrentThread()) {
            releaseQuietly(gate);
            gate = null;
            while (gateOwner.isHeldByCurrentThread()) {
                gateOwner.unlock();
            }
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
     */
    void guardMap() {
        refuseLink(store, store);
        Object before = fileKey(store);
        try {
            mapChannel = FileChannel.open(store, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new StoreException(store, "cannot open the map file: " + e, e);
        }
        mapGuard = guard(mapChannel, true);
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

    /** Copies {@code from} into a new temporary file next to the store and returns the copy. */
    private static Path copy(Path store, FileChannel from, String what, boolean sync) {
        Path copy = null;
        try {
            copy = tempFile(store, what);
            try (FileChannel out = FileChannel.open(copy, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                long size = from.size();
                for (long done = 0; done < size; ) {
                    done += from.transferTo(done, size - done, out);
                }
                if (sync) {
                    out.force(true);
                }
            }
            return copy;
        } catch (IOException | RuntimeException e) {
            if (copy != null) {
                deleteQuietly(copy);
            }
            throw new StoreException(store, "cannot copy the map file: " + e, e);
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
        return copy(store, mapChannel, what, true);
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
        releaseGate();
        releaseQuietly(live);
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

    /**
     * A reader's hold on a store, taken between two operations of its writer if one runs (the
     * gate, shared) and kept only while the reader copies the map; see the class comment.
     * Readers of one store in this JVM take turns, because the OS lock belongs to the process;
     * and none starts while this JVM has the store open to write (closing the reader's
     * descriptors would drop the writer's locks).
     */
    static final class Snapshot implements AutoCloseable {
        private static final java.util.Map<Path, ReentrantLock> TURNS = new ConcurrentHashMap<>();

        private final Path store;
        private final Path key;
        private final ReentrantLock turn;
        private final FileChannel channel;
        private final FileLock gate;
        private final boolean writerRunning;
        private final String state;

        private Snapshot(Path store, Path key, ReentrantLock turn, FileChannel channel, FileLock gate,
                         boolean writerRunning, String state) {
            this.store = store;
            this.key = key;
            this.turn = turn;
            this.channel = channel;
            this.gate = gate;
            this.writerRunning = writerRunning;
            this.state = state;
        }

        /** Waits until the store's writer, if any, is between operations (or done opening) and holds it there. */
        static Snapshot take(Path store) {
            Path key = keyOf(store);
            ReentrantLock turn = TURNS.computeIfAbsent(key, k -> new ReentrantLock());
            turn.lock();
            FileChannel channel = null;
            boolean added = false;
            try {
                if (!OPEN_HERE.add(key)) {
                    throw new StoreException(store, "already open in this JVM; close that store first");
                }
                added = true;
                Path file = pathFor(store);
                refuseLink(store, file);
                try {
                    channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    // No lock file: no writer has it (one that lost its lock file is found below), and
                    // no record of a clean close either, so the copy is recovered. A reader makes no file.
                    refuseIfMapped(store);
                    return new Snapshot(store, key, turn, null, null, false, "");
                }
                FileLock gate = waitFor(store, channel, GATE, true,
                        "the store's writer to finish opening it (recovering a large store takes a while)");
                FileLock probe = channel.tryLock(LIVE, 1, true);
                boolean running = probe == null;
                if (probe != null) {
                    probe.release();
                    refuseIfMapped(store);
                }
                return new Snapshot(store, key, turn, channel, gate, running, readState(channel));
            } catch (IOException e) {
                closeQuietly(channel);
                release(added, key, turn);
                throw new StoreException(store, "cannot lock " + pathFor(store) + ": " + e, e);
            } catch (RuntimeException e) {
                closeQuietly(channel);
                release(added, key, turn);
                throw e;
            }
        }

        /**
         * With no writer in the lock file, a process that has the map open anyway (its lock file
         * was deleted under it) is writing where the gate cannot hold it: refused, as for a writer.
         */
        private static void refuseIfMapped(Path store) throws IOException {
            FileChannel map;
            try {
                // exclusive, so writable: a process with the map open holds only a shared lock on it
                // (Chronicle's shared lock replaces the guard's exclusive one inside that process)
                map = FileChannel.open(store, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            } catch (AccessDeniedException e) {
                return; // a reader without write permission cannot ask; the lock file has answered
            }
            try (map) {
                FileLock probe = map.tryLock(GUARD_POSITION, 0, false);
                if (probe == null) {
                    throw new StoreException(store, "in use by another process (it has the map file open, and "
                            + pathFor(store) + " does not say so: was it deleted?)");
                }
                probe.release();
            }
        }

        private static void release(boolean added, Path key, ReentrantLock turn) {
            if (added) {
                OPEN_HERE.remove(key);
            }
            turn.unlock();
        }

        /** Whether a writer has the store open now (its copy then needs no recovery). */
        boolean writerRunning() {
            return writerRunning;
        }

        /** Whether the last writer closed the store (false while one runs, or after a crash). */
        boolean wasClean() {
            return state.equals(CLOSED);
        }

        /** Copies the map file, as it is between the writer's operations, into a new temporary file. */
        Path copyMap(String what) {
            // a descriptor of our own: this process holds no lock on the map file to lose by closing it
            try (FileChannel map = FileChannel.open(store, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                return copy(store, map, what, false);
            } catch (IOException e) {
                throw new StoreException(store, "cannot read the map file: " + e, e);
            }
        }

        @Override
        public void close() {
            releaseQuietly(gate);
            closeQuietly(channel);
            release(true, key, turn);
        }
    }
}
