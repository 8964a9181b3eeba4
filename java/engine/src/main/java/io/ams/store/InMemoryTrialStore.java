package io.ams.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A store that lives and dies with the JVM: for studies where the user picks no file. Same
 * contract as the persisted store, minus durability.
 */
public final class InMemoryTrialStore implements TrialStore {
    private final StudyMeta meta;
    private final ConcurrentSkipListMap<Long, TrialRecord> records = new ConcurrentSkipListMap<>();
    private final TrialIndex index = new TrialIndex();
    private final IdLocks locks = new IdLocks();
    private volatile boolean closed;

    /** An empty store for this study. */
    public InMemoryTrialStore(StudyMeta meta) {
        this.meta = Objects.requireNonNull(meta, "meta");
    }

    @Override
    public void put(TrialRecord record) {
        Objects.requireNonNull(record, "record");
        checkOpen();
        // the record and the index change together, so findCompleted never sees one without the other
        synchronized (locks.of(record.id())) {
            records.put(record.id(), record);
            index.update(record);
        }
    }

    @Override
    public Optional<TrialRecord> get(long id) {
        checkOpen();
        return Optional.ofNullable(records.get(id));
    }

    @Override
    public List<TrialRecord> all() {
        checkOpen();
        return List.copyOf(records.values());
    }

    @Override
    public long nextId() {
        checkOpen();
        return index.nextId();
    }

    @Override
    public Optional<TrialRecord> findCompleted(String config, double fidelity) {
        checkOpen();
        return index.findCompleted(config, fidelity, this::get);
    }

    @Override
    public int size() {
        checkOpen();
        return records.size();
    }

    @Override
    public StudyMeta meta() {
        return meta;
    }

    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreException(null, "the store is closed");
        }
    }
}
