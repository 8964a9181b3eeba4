package io.ams.store;

import io.ams.store.TrialCodec.CorruptValueException;
import io.ams.store.TrialCodec.Decoded;
import net.openhft.chronicle.hash.ChronicleHashCorruption;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A trial store persisted to a Chronicle Map file the user chooses, next to a small
 * {@code .meta.json} ({@link StudyMeta}) and a {@code .lock} file.
 *
 * <h2>What survives what</h2>
 * The map file is memory-mapped: when {@link #put} returns, the record is in the OS page
 * cache. That survives the death of the process at any moment ({@code kill -9}, an
 * out-of-memory kill, a JVM crash): re-opening gives every record whose {@code put} returned.
 * It does not survive a power loss or a kernel crash before the OS writes the pages back;
 * nothing here calls {@code msync}, because a trial costs seconds to hours while a sync per
 * put would cost milliseconds and still not cover the meta file's neighbours.
 *
 * <h2>How a put cannot destroy the previous version</h2>
 * Each trial has two slots (keys {@code 2*id} and {@code 2*id+1}). A put writes the new
 * version, tagged with a rising generation number, into the slot not in use, and only then
 * removes the old slot. A crash in the middle leaves the old version, or both (the newer
 * generation wins on open), never neither. Updating in place would not be safe: Chronicle
 * rewrites an entry of the same size in place, and a kill half-way would leave a torn entry
 * that recovery drops, taking the trial's previous, acknowledged version with it.
 *
 * <h2>Opening after a crash</h2>
 * After a crash a segment lock of the dead process may still be set, and the next access
 * would wait 60 s and fail; so when the lock file says the last run did not close the store,
 * {@link #open} runs Chronicle's {@code recoverPersistedTo(file, true, listener)}, never on the
 * store's map itself but on a private copy: recovery rewrites the file it works on, and a kill
 * half-way through used to leave a map whose header says "not ready", which no open could get
 * past again. The finished copy is synced and renamed over the map in one step, so a kill at any
 * moment leaves the old map (recovered again next time) or the recovered one. Before that, the
 * copy is opened normally once, because recovery itself does not check the file length: it
 * "recovers" a truncated file into a smaller map without a word. What recovery repaired is
 * listed in {@link #recoveryNotes()}. It drops entries whose Chronicle checksum fails, which
 * after a crash are the writes that were in flight (their put never returned); a trial left with
 * no record at all is kept as a damaged placeholder, listed on every open until it is stored
 * again, and the map from before recovery is kept next to the store
 * ({@code FILE.before-recovery-TIME}) with the dropped bytes.
 *
 * <p>{@link #openForReading} (what {@code ams show} and {@code ams export} use) never changes the
 * store: it reads (and, after a crash, recovers) a private copy, also while a writer runs.
 *
 * <h2>One writer at a time, readers beside it</h2>
 * {@link StoreLock}: OS locks on {@code FILE.lock}, which also records "open" or "closed" (one
 * writer; a gate that lets readers copy the map only between two of the writer's operations),
 * and one on the map file itself, so that deleting {@code FILE.lock} under a live run lets no
 * second writer in.
 * The store's files are created owner-only (0600), never through a symbolic link, and its
 * temporary files get unguessable names.
 *
 * <h2>Damaged records</h2>
 * Every value carries a CRC ({@link TrialCodec}), checked on open and on every read.
 * {@link #open} refuses a store with damaged records, with a {@link StoreException} naming the
 * file and the trial ids; {@link #openSkippingCorrupt} reads the rest, lists the damaged ones
 * in {@link #recoveryNotes()}, leaves their bytes in the file, and keeps {@link #nextId()}
 * above them. A damaged record found by a later {@link #get} throws the same way. Data is
 * never returned wrong and never dropped without a note.
 *
 * <p>Needs the JVM flags of {@code chronicle.jvm.flags} in the root {@code pom.xml} (the runnable
 * jar's manifest carries them) and a full JDK: Chronicle compiles code at run time.
 * {@link #create} and {@link #open} check both first ({@link JvmAccess}) and, without them,
 * throw a StoreException naming the missing flags before touching the disk.
 */
public final class ChronicleTrialStore implements TrialStore {

    /**
     * The entry count a new store is sized for at least (two per trial: see the slots below).
     * With typical records (about 650 bytes) that is a 1 MB file, preallocated, which grows by
     * extra tiers as trials come, up to {@link #MAX_BLOAT_FACTOR} times its sized capacity.
     * (A sparse file would hide the size, but Chronicle then lays out every possible tier at
     * once, gigabytes of apparent size that copies and backups may expand.)
     */
    static final long MIN_ENTRIES = 1024;
    /**
     * How far past its sized capacity the map may grow (in extra tiers) before it is full:
     * Chronicle's largest. A store sized for its budget then holds a resume with a budget 500
     * times larger (at least 500 000 trials), or records 1000 times the typical size; lookups slow
     * down as tiers chain, but only for a study run far past the budget it was created with.
     */
    static final double MAX_BLOAT_FACTOR = 1000;
    /** The key of the marker entry that says "this map is an Ams trial store" and which one. */
    static final long MARKER_KEY = -1L;

    private static final int AVERAGE_VALUE_SIZE = TrialCodec.typicalEncodedSize();
    private static final int MAX_HEADER_SIZE = 16 * 1024;
    private static final int SIZE_MASK = (1 << 30) - 1;
    private static final int MAX_LISTED = 10;

    /**
     * Called by {@link #create} after each of its steps ("folder", "lock", "meta", "map",
     * "marker") with the step's name; tests throw from it to fail create at that step.
     */
    static volatile Consumer<String> afterCreateStep = step -> { };

    private final Path file;
    private final StudyMeta meta;
    private final ChronicleMap<Long, byte[]> map;
    private final StoreLock lock;
    /** id -> the slot (0 or 1) holding its current version. */
    private final ConcurrentSkipListMap<Long, Integer> slots = new ConcurrentSkipListMap<>();
    /** id -> a slot holding a damaged copy, for stores opened with {@link #openSkippingCorrupt}. */
    private final Map<Long, Integer> damaged = new ConcurrentHashMap<>();
    private final TrialIndex index = new TrialIndex();
    private final IdLocks locks = new IdLocks();
    private final AtomicLong generation = new AtomicLong();
    /** Puts and reads share it; close takes it alone, so nothing touches an unmapped file. */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final List<String> recoveryNotes;
    private final boolean recovered;
    /** For a store opened with {@link #openForReading}: its private copy of the map, deleted on close; else null. */
    private final Path readCopy;
    /** For a read copy: every record, decoded once by the open (the copy never changes). */
    private final Map<Long, TrialRecord> readRecords = new ConcurrentHashMap<>();
    /** For a read copy: whether a writer had the store open when it was copied. */
    private final boolean writerRunning;
    private boolean closed;

    private ChronicleTrialStore(Path file, StudyMeta meta, ChronicleMap<Long, byte[]> map, StoreLock lock,
                                List<String> recoveryNotes, boolean recovered, Path readCopy, boolean writerRunning) {
        this.file = file;
        this.meta = meta;
        this.map = map;
        this.lock = lock;
        this.recoveryNotes = recoveryNotes;
        this.recovered = recovered;
        this.readCopy = readCopy;
        this.writerRunning = writerRunning;
    }

    /** Runs an operation on the map; a writer's runs with readers held off ({@link StoreLock#gated}). */
    private <T> T onMap(java.util.function.Supplier<T> operation) {
        return lock == null ? operation.get() : lock.gated(operation);
    }

    /** Indexes a record found by the open; a read copy also keeps it, to answer without decoding again. */
    private void loaded(TrialRecord r) {
        index.update(r);
        if (readCopy != null) {
            readRecords.put(r.id(), r);
        }
    }

    /**
     * Creates a new store at {@code file} (and {@code file.meta.json}, {@code file.lock}).
     *
     * @param expectedTrials how many trials the study should run; the map is sized for
     *                       {@code max(2 * expectedTrials, 1024)} typical records and may
     *                       grow a thousandfold past that (larger records use more of that room)
     * @throws StoreException if the file or its meta file exists, or cannot be created, or this
     *                        JVM lacks the flags Chronicle needs (then nothing is written)
     */
    public static ChronicleTrialStore create(Path file, StudyMeta meta, int expectedTrials) {
        if (expectedTrials < 0) {
            throw new IllegalArgumentException("expectedTrials must be >= 0, got " + expectedTrials);
        }
        return create(file, meta, Math.max(2L * expectedTrials, MIN_ENTRIES), MAX_BLOAT_FACTOR);
    }

    /** {@link #create(Path, StudyMeta, int)} with the map's sizing spelled out (tests fill small maps). */
    static ChronicleTrialStore create(Path file, StudyMeta meta, long entries, double maxBloatFactor) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(meta, "meta");
        // before anything is written: without the flags Chronicle fails half-way through
        JvmAccess.check(file);
        Path metaFile = MetaFile.pathFor(file);
        // What this call makes, so that a failure at any step removes exactly that: a half-made
        // store would make the path unusable ("already exists"), and what was there before
        // (a lock file of an earlier run, a folder, a file that happens to have a temp file's
        // name) is someone else's.
        List<Path> madeFolders = new ArrayList<>();
        List<Path> madeFiles = new ArrayList<>();
        StoreLock lock = null;
        ChronicleMap<Long, byte[]> map = null;
        try {
            Path parent = file.toAbsolutePath().getParent();
            for (Path p = parent; p != null && absent(p); p = p.getParent()) {
                madeFolders.add(p); // innermost first, the order to remove them in
            }
            try {
                if (parent != null) {
                    Files.createDirectories(parent);
                }
            } catch (IOException e) {
                throw new StoreException(file, "cannot create its folder: " + e, e);
            }
            afterCreateStep.accept("folder");
            lock = StoreLock.acquire(file);
            // checked under the lock, so two processes creating the same store cannot both succeed
            if (Files.exists(file) || Files.exists(metaFile)) {
                throw new StoreException(file, "already exists (" + (Files.exists(file) ? file : metaFile)
                        + "); open it to resume that study, or choose another file");
            }
            afterCreateStep.accept("lock");
            lock.markOpen();
            UUID storeId = UUID.randomUUID();
            noteIfAbsent(metaFile, madeFiles);
            MetaFile.write(metaFile, storeId, meta);
            afterCreateStep.accept("meta");
            noteIfAbsent(file, madeFiles);
            lock.createMap();
            map = builder(entries, maxBloatFactor).createPersistedTo(file.toFile());
            afterCreateStep.accept("map");
            map.put(MARKER_KEY, TrialCodec.encodeMarker(storeId));
            afterCreateStep.accept("marker");
            lock.opened();
            return new ChronicleTrialStore(file, meta, map, lock, List.of(), false, null, false);
        } catch (IOException | RuntimeException | Error e) {
            // Errors too: Chronicle fails with ExceptionInInitializerError or AssertionError
            if (map != null) {
                try {
                    map.close();
                } catch (RuntimeException | Error closing) {
                    e.addSuppressed(closing);
                }
            }
            madeFiles.forEach(ChronicleTrialStore::deleteQuietly);
            if (lock != null) {
                lock.release(lock.madeFile());
            }
            // a folder someone has put a file into meanwhile is not empty and stays
            madeFolders.forEach(ChronicleTrialStore::deleteQuietly);
            throw e instanceof StoreException se ? se
                    : new StoreException(file, "cannot create the store: " + e, e);
        }
    }

    /** Not there, not even as a dangling link: a path this call may then count as its own. */
    private static boolean absent(Path p) {
        return Files.notExists(p, LinkOption.NOFOLLOW_LINKS);
    }

    private static void noteIfAbsent(Path p, List<Path> made) {
        if (absent(p)) {
            made.add(p);
        }
    }

    /**
     * Opens an existing store to resume its study, recovering it first if the last run did
     * not close it. Refuses a store with damaged records.
     *
     * @throws StoreException naming the file and what is wrong: missing, not a trial store,
     *                        truncated, meta file missing or from another store, damaged
     *                        records (with their ids), in use by another process
     */
    public static ChronicleTrialStore open(Path file) {
        return open(file, false);
    }

    /**
     * Like {@link #open(Path)}, but damaged records are skipped and listed in
     * {@link #recoveryNotes()} instead of refusing the whole store: for getting a study's
     * surviving trials out of a damaged file.
     */
    public static ChronicleTrialStore openSkippingCorrupt(Path file) {
        return open(file, true);
    }

    /**
     * Opens the store only to read it ({@code ams show}, {@code ams export}), also while a run
     * writes it: the store's files are left exactly as they are, even after a crash. The map is
     * copied into a private temporary file next to it, which is recovered if its last writer
     * died, read, and deleted on {@link #close}. The copy is taken between two operations of a
     * running writer ({@link StoreLock}'s gate), so it holds every trial stored up to then, each
     * whole; the writer waits only for the copy, never for the reading, and never loses a
     * write. A clean store is read from a copy too: Chronicle takes segment locks inside the
     * mapped file while reading, and a reader killed holding one would leave a store that the
     * next open waits on. Damaged records are skipped and listed, as with
     * {@link #openSkippingCorrupt}; {@link #put} is refused; {@link #writerRunning()} says
     * whether a run was writing.
     */
    public static ChronicleTrialStore openForReading(Path file) {
        return open(file, true, true);
    }

    private static ChronicleTrialStore open(Path file, boolean skipDamaged) {
        return open(file, skipDamaged, false);
    }

    private static ChronicleTrialStore open(Path file, boolean skipDamaged, boolean readOnly) {
        Objects.requireNonNull(file, "file");
        JvmAccess.check(file);
        if (Files.notExists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new StoreException(file, "no such file");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new StoreException(file, Files.isSymbolicLink(file) ? "a symbolic link; open the store where it points"
                    : "not a regular file");
        }
        // Not while this JVM holds it: closing a descriptor of it would drop that store's locks.
        StoreLock.refuseIfOpenHere(file);
        if (readOnly) {
            return openCopy(file);
        }
        // The map is judged before anything is created next to it (a foreign file gets no .lock).
        MetaFile.Contents contents = checkStoreFiles(file);
        return openToWrite(file, contents, skipDamaged);
    }

    /** The map file's header and the meta file, checked before Chronicle is given the file. */
    private static MetaFile.Contents checkStoreFiles(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            checkLooksLikeTrialMap(file, ch);
        } catch (IOException e) {
            throw new StoreException(file, "cannot read: " + e, e);
        }
        return MetaFile.read(MetaFile.pathFor(file));
    }

    private static ChronicleTrialStore openToWrite(Path file, MetaFile.Contents contents, boolean skipDamaged) {
        StoreLock lock = StoreLock.acquire(file);
        boolean clean = lock.wasClean();
        ChronicleMap<Long, byte[]> map = null;
        Path copy = null;
        try {
            lock.guardMap();
            List<String> notes = Collections.synchronizedList(new ArrayList<>());
            lock.removeStaleTempFiles();
            if (!clean) {
                lock.markOpen();
                copy = lock.copyMap("recovering");
                recoverCopy(file, copy, notes, lock);
                lock.replaceMap(copy);
                copy = null;
            }
            // a plain open checks the header checksum and the file length, which recovery does not
            map = openMap(file, file);
            ChronicleTrialStore store = new ChronicleTrialStore(file, contents.meta(), map, lock, notes, !clean, null, false);
            store.load(contents.storeId(), !clean, skipDamaged);
            if (clean) {
                lock.markOpen();
            }
            lock.opened();
            return store;
        } catch (RuntimeException | Error e) {
            if (map != null) {
                map.close();
            }
            // A refused clean store stays marked clean (markOpen comes last): a needless
            // recovery next time would drop damaged entries the user may still want to inspect.
            lock.close();
            if (copy != null) {
                StoreLock.deleteQuietly(copy);
            }
            if (e instanceof StoreException) {
                throw e;
            }
            throw new StoreException(file, "cannot open the store: " + e, e);
        }
    }

    /**
     * A reader's open: copies the map between two operations of its writer, if one runs (then
     * the copy is consistent as it is), or as the last writer left it (recovered if it died).
     */
    private static ChronicleTrialStore openCopy(Path file) {
        Path copy;
        boolean running;
        boolean clean;
        MetaFile.Contents contents;
        try (StoreLock.Snapshot snapshot = StoreLock.Snapshot.take(file)) {
            // checked under the snapshot: a store being created is judged once its writer has made it
            contents = checkStoreFiles(file);
            running = snapshot.writerRunning();
            clean = snapshot.wasClean();
            copy = snapshot.copyMap("reading");
        }
        boolean crashed = !running && !clean;
        ChronicleMap<Long, byte[]> map = null;
        try {
            List<String> notes = Collections.synchronizedList(new ArrayList<>());
            if (crashed) {
                recoverCopy(file, copy, notes, null);
            }
            map = openMap(file, copy);
            ChronicleTrialStore store = new ChronicleTrialStore(file, contents.meta(), map, null, notes, crashed, copy, running);
            store.load(contents.storeId(), crashed, true);
            return store;
        } catch (RuntimeException | Error e) {
            if (map != null) {
                map.close();
            }
            StoreLock.deleteQuietly(copy);
            if (e instanceof StoreException) {
                throw e;
            }
            throw new StoreException(file, "cannot open the store: " + e, e);
        }
    }

    /**
     * Runs Chronicle's recovery on {@code copy}, a private copy of the store's map: recovery
     * rewrites the file it works on, and a kill half-way left a map whose header says "not
     * ready", which every later open waited 60 s on and gave up. On a copy a kill costs only
     * the copy; the store itself is replaced by the finished copy in one rename.
     *
     * <p>Recovery drops entries whose Chronicle checksum fails. After a crash those are normally
     * the writes in flight, and a trial keeps its other, older copy. A trial left with no copy at
     * all is either a first write in flight or an acknowledged record that was damaged; the two
     * cannot be told apart, so such a trial never vanishes quietly: it gets a placeholder record
     * that every later open lists as damaged, and (for a writer) the map file as it was before
     * recovery is kept next to the store, holding the dropped bytes.
     *
     * @param lock the writer's lock, to keep the original map; null for a reader (whose
     *             original is never changed, so the bytes stay in the store file itself)
     */
    private static void recoverCopy(Path file, Path copy, List<String> notes, StoreLock lock) {
        // the plain open first: recovery itself does not check the file length
        openMap(file, copy).close();
        List<Long> dropped = Collections.synchronizedList(new ArrayList<>());
        ChronicleMap<Long, byte[]> recovered = recoverMap(file, copy, notes, dropped);
        try {
            List<Long> lost = new ArrayList<>();
            boolean markerLost = false;
            for (long key : dropped) {
                if (key == MARKER_KEY) {
                    markerLost = true;
                } else if (key >= 0 && !recovered.containsKey(key(key >> 1, 0))
                        && !recovered.containsKey(key(key >> 1, 1)) && !lost.contains(key >> 1)) {
                    lost.add(key >> 1);
                }
            }
            if (lost.isEmpty() && !markerLost) {
                return;
            }
            String where = lock == null ? file + " (a reader leaves the store unchanged)"
                    : lock.keepMapAs("before-recovery").toString();
            for (long id : lost) {
                // slot 0: a later put of this trial writes slot 1 and then removes this placeholder
                recovered.put(key(id, 0), TrialCodec.encodeLost("recovery dropped its only record, whose"
                        + " Chronicle checksum did not match: a first write in flight when the process died,"
                        + " or damage to the file; the bytes from before recovery are in " + where));
            }
            if (markerLost) {
                notes.add("recovery dropped the store marker; the map file from before recovery is " + where);
            }
        } finally {
            recovered.close();
        }
    }

    /**
     * Looks at the first bytes before Chronicle does, so that a foreign file gives a clear
     * message instead of an allocation of a "header" of random size or a map of the wrong types.
     * Layout: 8-byte header checksum, 4-byte little-endian size word, then the header as text.
     */
    private static void checkLooksLikeTrialMap(Path file, FileChannel channel) {
        byte[] head;
        long length;
        try {
            // through the guarded channel: opening and closing another descriptor of the file
            // would drop this process's locks on it (POSIX)
            length = channel.size();
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(length, 12 + MAX_HEADER_SIZE));
            while (buf.hasRemaining() && channel.read(buf, buf.position()) > 0) {
                // read on
            }
            head = java.util.Arrays.copyOf(buf.array(), buf.position());
        } catch (IOException e) {
            throw new StoreException(file, "cannot read: " + e, e);
        }
        if (length == 0) {
            throw new StoreException(file, "empty file, not a trial store");
        }
        if (head.length < 12) {
            throw new StoreException(file, "not a trial store: only " + length + " bytes, too short for"
                    + " a Chronicle Map header (truncated?)");
        }
        int headerSize = ByteBuffer.wrap(head, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & SIZE_MASK;
        if (headerSize < 10 || headerSize > MAX_HEADER_SIZE || 12 + headerSize > head.length) {
            throw new StoreException(file, "not a trial store: no Chronicle Map header at the start of"
                    + " the file (another kind of file, or truncated)");
        }
        String header = new String(head, 12, headerSize, StandardCharsets.ISO_8859_1);
        if (!header.startsWith("!net.openhft.chronicle.map.VanillaChronicleMap")) {
            throw new StoreException(file, "not a trial store: not a Chronicle Map file");
        }
        if (!header.contains("keyClass: !type long") || !header.contains("valueClass: !type byte[]")) {
            throw new StoreException(file, "not a trial store: a Chronicle Map with other key or value"
                    + " types (a trial store maps long ids to byte[] records)");
        }
    }

    private static ChronicleMapBuilder<Long, byte[]> builder(long entries, double maxBloatFactor) {
        // before Chronicle looks for its header class: saves compiling it with javac in this JVM
        ChronicleClasses.definePrebuilt();
        return ChronicleMapBuilder.of(Long.class, byte[].class)
                .name("ams-trials")
                .entries(entries)
                .averageValueSize(AVERAGE_VALUE_SIZE)
                .maxBloatFactor(maxBloatFactor)
                .checksumEntries(true)
                // the old value is never needed: don't copy it out on every put and remove
                .putReturnsNull(true)
                .removeReturnsNull(true);
    }

    /** Opens {@code mapFile} (the store's map, or a copy of it); messages name the store {@code file}. */
    private static ChronicleMap<Long, byte[]> openMap(Path file, Path mapFile) {
        try {
            // on an existing file Chronicle takes the sizing from the file's header
            return builder(MIN_ENTRIES, MAX_BLOAT_FACTOR).createPersistedTo(mapFile.toFile());
        } catch (IOException | RuntimeException e) {
            throw new StoreException(file, "damaged or truncated map file: " + firstLine(e.getMessage()), e);
        }
    }

    private static ChronicleMap<Long, byte[]> recoverMap(Path file, Path copy, List<String> notes, List<Long> dropped) {
        try {
            // sameLibraryVersion = true: the file was written by this code with this Chronicle,
            // so its stored header is trusted (rather than our builder's sizing, which may differ)
            return builder(MIN_ENTRIES, MAX_BLOAT_FACTOR).recoverPersistedTo(copy.toFile(), true, c -> {
                notes.add(describe(c));
                Long key = droppedKey(c);
                if (key != null) {
                    dropped.add(key);
                }
            });
        } catch (IOException | RuntimeException e) {
            throw new StoreException(file, "recovery after an unclean shutdown failed: " + firstLine(e.getMessage()), e);
        }
    }

    /** The key of an entry recovery removes: one whose checksum, size or place is wrong. */
    private static Long droppedKey(ChronicleHashCorruption c) {
        String message = String.valueOf(c.message());
        Matcher m = KEY.matcher(message);
        boolean removes = message.startsWith("Checksum doesn't match") || message.startsWith("Wrong value size")
                || message.startsWith("Overlapping entry") || message.startsWith("Exception while reading entry value size");
        return removes && m.find() ? Long.parseLong(m.group(1)) : null;
    }

    private static final Pattern KEY = Pattern.compile("key: (-?\\d+)");

    private static String describe(ChronicleHashCorruption c) {
        String message = String.valueOf(c.message());
        Matcher m = KEY.matcher(message);
        if (message.startsWith("Checksum doesn't match") && m.find()) {
            long key = Long.parseLong(m.group(1));
            String which = key == MARKER_KEY ? "the store marker" : "a copy of trial " + (key >> 1);
            return "recovery dropped " + which + ": its Chronicle checksum did not match (a write in"
                    + " flight when the process died, or damage to the file)";
        }
        int cut = message.indexOf(", value: ");
        return "recovery, segment " + c.segmentIndex() + ": " + (cut < 0 ? message : message.substring(0, cut));
    }

    private record Damage(long id, int slot, String reason) {
    }

    /**
     * Reads every entry once: checks the marker, validates each record, resolves trials left
     * with two copies by an interrupted put, and builds the in-memory index.
     */
    private void load(UUID storeId, boolean afterCrash, boolean skipDamaged) {
        UUID marker = null;
        List<Long> twoCopies = new ArrayList<>();
        List<Damage> damages = new ArrayList<>();
        Map<Long, Damage> placeholders = new java.util.TreeMap<>();
        long maxGeneration = 0;
        try {
            for (Map.Entry<Long, byte[]> e : map.entrySet()) {
                long key = e.getKey();
                if (key == MARKER_KEY) {
                    try {
                        marker = TrialCodec.decodeMarker(e.getValue());
                    } catch (CorruptValueException x) {
                        throw new StoreException(file, "the store marker is damaged: " + x.getMessage());
                    }
                    continue;
                }
                if (key < 0) {
                    throw new StoreException(file, "not a trial store: it holds key " + key
                            + ", which no trial store writes");
                }
                long id = key >> 1;
                int slot = (int) (key & 1);
                String lost = TrialCodec.decodeLost(e.getValue());
                if (lost != null) {
                    placeholders.put(id, new Damage(id, slot, lost));
                    continue;
                }
                Decoded d;
                try {
                    d = decodeChecked(id, e.getValue());
                } catch (CorruptValueException x) {
                    damages.add(new Damage(id, slot, x.getMessage()));
                    continue;
                }
                maxGeneration = Math.max(maxGeneration, d.generation());
                if (slots.putIfAbsent(id, slot) != null) {
                    twoCopies.add(id);
                } else {
                    loaded(d.record());
                }
            }
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreException(file, "cannot read the map (damaged file?): " + e, e);
        }
        if (marker == null) {
            throw new StoreException(file, "not a trial store: a Chronicle Map of long to byte[] without"
                    + " the Ams store marker");
        }
        if (!marker.equals(storeId)) {
            throw new StoreException(file, "its meta file " + MetaFile.pathFor(file) + " belongs to another"
                    + " store (store id " + storeId + ", the map says " + marker + ")");
        }
        generation.set(maxGeneration);
        for (long id : twoCopies) {
            keepNewerCopy(id);
        }
        for (Damage p : placeholders.values()) {
            if (slots.containsKey(p.id())) {
                // stored again, and the put that replaced the placeholder was cut short
                map.remove(key(p.id(), p.slot()));
            } else {
                // a trial a recovery could not keep: listed on every open until it is stored again
                damaged.put(p.id(), p.slot());
                index.noteId(p.id());
                recoveryNotes.add("trial " + p.id() + ": damaged, " + p.reason());
            }
        }
        List<Damage> unrecoverable = new ArrayList<>();
        for (Damage d : damages) {
            Integer good = slots.get(d.id());
            if (afterCrash && good != null && good != d.slot()) {
                // the new copy of an interrupted put; the old copy is intact and current
                map.remove(key(d.id(), d.slot()));
                recoveryNotes.add("trial " + d.id() + ": removed an unfinished write (" + d.reason()
                        + "); kept the previous version");
            } else {
                unrecoverable.add(d);
            }
        }
        if (unrecoverable.isEmpty()) {
            return;
        }
        if (!skipDamaged) {
            StringBuilder list = new StringBuilder();
            for (int i = 0; i < Math.min(MAX_LISTED, unrecoverable.size()); i++) {
                Damage d = unrecoverable.get(i);
                list.append(i == 0 ? "" : "; ").append("trial ").append(d.id()).append(": ").append(d.reason());
            }
            if (unrecoverable.size() > MAX_LISTED) {
                list.append("; and ").append(unrecoverable.size() - MAX_LISTED).append(" more");
            }
            throw new StoreException(file, unrecoverable.size() + " damaged record(s) (" + list
                    + "); ChronicleTrialStore.openSkippingCorrupt reads the others");
        }
        for (Damage d : unrecoverable) {
            if (!slots.containsKey(d.id())) {
                damaged.put(d.id(), d.slot());
                index.noteId(d.id());
                recoveryNotes.add("trial " + d.id() + ": damaged record skipped (" + d.reason() + ")");
            } else {
                recoveryNotes.add("trial " + d.id() + ": a damaged second copy was ignored (" + d.reason() + ")");
            }
        }
    }

    /** Finishes a put that was interrupted between writing the new copy and removing the old one. */
    private void keepNewerCopy(long id) {
        try {
            Decoded a = decodeChecked(id, map.get(key(id, 0)));
            Decoded b = decodeChecked(id, map.get(key(id, 1)));
            int newer = a.generation() >= b.generation() ? 0 : 1;
            slots.put(id, newer);
            loaded((newer == 0 ? a : b).record());
            map.remove(key(id, 1 - newer));
            recoveryNotes.add("trial " + id + ": finished an interrupted update (kept generation "
                    + Math.max(a.generation(), b.generation()) + ")");
        } catch (CorruptValueException e) {
            throw new StoreException(file, "trial " + id + ": a copy changed while opening: " + e.getMessage());
        }
    }

    @Override
    public void put(TrialRecord record) {
        Objects.requireNonNull(record, "record");
        if (readCopy != null) {
            throw new StoreException(file, "opened for reading (openForReading): trials cannot be stored");
        }
        lifecycle.readLock().lock();
        try {
            checkOpen();
            long id = record.id();
            synchronized (locks.of(id)) {
                Integer current = slots.get(id);
                Integer bad = current == null ? damaged.get(id) : null;
                int old = current != null ? current : bad != null ? bad : -1;
                int next = old == 0 ? 1 : 0;
                byte[] bytes = TrialCodec.encode(record, generation.incrementAndGet());
                // one gated operation: a reader's copy holds the old version or the new one, never both
                onMap(() -> {
                    try {
                        map.put(key(id, next), bytes);
                    } catch (RuntimeException e) {
                        throw new StoreException(file, "cannot store trial " + id + " (" + bytes.length
                                + " bytes)" + (isFull(e) ? ": the map is full; every trial stored before"
                                + " is intact, continue the study in a new store sized for more trials" : "")
                                + ": " + firstLine(e.getMessage()), e);
                    }
                    slots.put(id, next);
                    if (bad != null) {
                        damaged.remove(id);
                    }
                    index.update(record);
                    if (old >= 0) {
                        map.remove(key(id, old));
                    }
                    return null;
                });
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Chronicle says "full" as "Attempt to allocate #n extra segment tier, m is maximum". */
    private static boolean isFull(RuntimeException e) {
        String m = String.valueOf(e.getMessage());
        return e instanceof IllegalStateException && (m.contains("extra segment tier") || m.contains("full"));
    }

    /** Chronicle appends a page of possible reasons; the first line is the one that says what happened. */
    private static String firstLine(String message) {
        String m = String.valueOf(message);
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    public Optional<TrialRecord> get(long id) {
        lifecycle.readLock().lock();
        try {
            checkOpen();
            byte[] bytes;
            synchronized (locks.of(id)) {
                Integer slot = slots.get(id);
                if (slot == null) {
                    return Optional.empty();
                }
                if (readCopy != null) {
                    return Optional.of(readRecords.get(id));
                }
                bytes = onMap(() -> map.get(key(id, slot)));
            }
            if (bytes == null) {
                throw new StoreException(file, "trial " + id + " is indexed but missing from the map"
                        + " (was the file changed by another program?)");
            }
            return Optional.of(decodeChecked(id, bytes).record());
        } catch (CorruptValueException e) {
            throw new StoreException(file, "trial " + id + " is damaged: " + e.getMessage());
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private static Decoded decodeChecked(long id, byte[] bytes) throws CorruptValueException {
        Decoded d = TrialCodec.decode(bytes);
        if (d.record().id() != id) {
            throw new CorruptValueException("record of trial " + d.record().id() + " stored under trial " + id);
        }
        return d;
    }

    @Override
    public List<TrialRecord> all() {
        checkOpenNow();
        List<TrialRecord> out = new ArrayList<>(slots.size());
        for (long id : slots.keySet()) {
            get(id).ifPresent(out::add);
        }
        return out;
    }

    @Override
    public long nextId() {
        checkOpenNow();
        return index.nextId();
    }

    @Override
    public Optional<TrialRecord> findCompleted(String config, double fidelity) {
        checkOpenNow();
        return index.findCompleted(config, fidelity, this::get);
    }

    @Override
    public int size() {
        checkOpenNow();
        return slots.size();
    }

    @Override
    public StudyMeta meta() {
        return meta;
    }

    /** The store's map file. */
    public Path path() {
        return file;
    }

    /**
     * For a store opened with {@link #openForReading}: whether a run had it open to write when it
     * was read (the trials are then those stored up to that moment). False for a writer.
     */
    public boolean writerRunning() {
        return writerRunning;
    }

    /** True when this open found the store not closed by its last user and recovered it. */
    public boolean wasRecovered() {
        return recovered;
    }

    /**
     * What opening had to repair or skip, one line each: Chronicle's recovery findings,
     * interrupted updates finished, damaged records skipped. Empty after a clean open.
     */
    public List<String> recoveryNotes() {
        return List.copyOf(recoveryNotes);
    }

    /** Closes the map and marks the store closed cleanly; the next open needs no recovery. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (readCopy != null) {
                try {
                    map.close();
                } finally {
                    StoreLock.deleteQuietly(readCopy);
                }
                return;
            }
            try {
                lock.gated(() -> {
                    map.close();
                    lock.markClosed();
                    return null;
                });
            } finally {
                lock.close();
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreException(file, "the store is closed");
        }
    }

    private void checkOpenNow() {
        lifecycle.readLock().lock();
        try {
            checkOpen();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private static long key(long id, int slot) {
        return (id << 1) | slot;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort clean-up of a store that failed to come into being; one leftover
            // (or a folder no longer empty) must not keep the rest from being removed
        }
    }
}
