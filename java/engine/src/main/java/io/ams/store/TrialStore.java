package io.ams.store;

import java.util.List;
import java.util.Optional;

/**
 * Where a study's trials live. The store records what the engine tells it and knows nothing
 * of search spaces or strategies: everything a strategy needs to rebuild its state after a
 * restart is in the records returned by {@link #all()}.
 *
 * <p>Implementations are safe for concurrent use: evaluator threads may {@link #put} at the
 * same time, and readers never see half of a record.
 *
 * @see InMemoryTrialStore when no file is wanted
 * @see ChronicleTrialStore for a file that survives a killed process
 */
public interface TrialStore extends AutoCloseable {

    /**
     * Inserts the record, or replaces the one with the same id. A trial is put when it starts
     * ({@link TrialState#RUNNING}) and again when it ends. When this returns, the record is
     * durable as far as the implementation promises (see {@link ChronicleTrialStore}).
     *
     * @throws StoreException if the store cannot take the record (full, closed, I/O failure);
     *                        what was stored before is unaffected
     */
    void put(TrialRecord record);

    /** The record with this id, if any. */
    Optional<TrialRecord> get(long id);

    /** Every record, sorted by id. */
    List<TrialRecord> all();

    /**
     * The smallest id above every id ever stored (0 for an empty store). Safe across restarts:
     * ids handed out after a resume never collide with stored ones.
     */
    long nextId();

    /**
     * A {@link TrialState#COMPLETE} trial with exactly this configuration (canonical JSON) at
     * exactly this fidelity, if one exists; the one with the smallest id when several do. This
     * is how identical configurations are not trained twice. Answered from an in-memory index.
     */
    Optional<TrialRecord> findCompleted(String config, double fidelity);

    /** The number of trials stored. */
    int size();

    /** The study this store belongs to. */
    StudyMeta meta();

    /** Releases the store; later calls fail. Closing twice is harmless. */
    @Override
    void close();
}
