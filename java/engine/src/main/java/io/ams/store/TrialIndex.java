package io.ams.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * The in-memory answers both stores give without touching storage: the dedup lookup
 * (completed trials by configuration and fidelity) and the highest id.
 *
 * <p>Callers serialise updates of one id (each store locks per id); updates of different ids
 * and all reads may run concurrently.
 */
final class TrialIndex {

    /** Identical configuration at the same fidelity: the unit of "not trained twice". */
    private record DedupKey(String config, double fidelity) {
    }

    private final Map<DedupKey, ConcurrentSkipListSet<Long>> completed = new ConcurrentHashMap<>();
    private final Map<Long, DedupKey> keyOfCompleted = new ConcurrentHashMap<>();
    private final AtomicLong maxId = new AtomicLong(-1);

    /** Records that trial {@code r.id()} now looks like {@code r}. */
    void update(TrialRecord r) {
        noteId(r.id());
        DedupKey previous = keyOfCompleted.remove(r.id());
        if (previous != null) {
            completed.computeIfPresent(previous, (k, ids) -> {
                ids.remove(r.id());
                return ids.isEmpty() ? null : ids;
            });
        }
        if (r.state() == TrialState.COMPLETE) {
            DedupKey key = new DedupKey(r.config(), r.fidelity());
            keyOfCompleted.put(r.id(), key);
            // compute() is atomic per key, so a concurrent removal of the last id cannot drop this one
            completed.compute(key, (k, ids) -> {
                ConcurrentSkipListSet<Long> set = ids == null ? new ConcurrentSkipListSet<>() : ids;
                set.add(r.id());
                return set;
            });
        }
    }

    /** Counts an id as used without indexing a record (a damaged record that was skipped). */
    void noteId(long id) {
        maxId.accumulateAndGet(id, Math::max);
    }

    /** Completed trial ids for this configuration and fidelity, smallest first (a live view). */
    Iterable<Long> completedIds(String config, double fidelity) {
        ConcurrentSkipListSet<Long> ids = completed.get(new DedupKey(config, fidelity + 0.0));
        return ids == null ? List.of() : ids;
    }

    /**
     * The dedup lookup for both stores: the first id whose record, read now, still matches
     * (a concurrent put may have replaced it since the index was read).
     */
    Optional<TrialRecord> findCompleted(String config, double fidelity,
                                        LongFunction<Optional<TrialRecord>> read) {
        for (long id : completedIds(config, fidelity)) {
            Optional<TrialRecord> r = read.apply(id).filter(t -> t.state() == TrialState.COMPLETE
                    && t.config().equals(config) && Double.compare(t.fidelity(), fidelity + 0.0) == 0);
            if (r.isPresent()) {
                return r;
            }
        }
        return Optional.empty();
    }

    long nextId() {
        return maxId.get() + 1;
    }
}
