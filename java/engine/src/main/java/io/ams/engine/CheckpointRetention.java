package io.ams.engine;

import io.ams.store.TrialRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Deletes the checkpoints that no trial can continue any more ({@link KeepCheckpoints}). The
 * strategy says which of its proposals may still be continued ({@link Strategy#stillContinuable(long)});
 * this class maps that onto files. Trial T's file is used by T and by every duplicate of T (a
 * duplicate trains nothing and is continued from T's file, {@link Checkpoints#savedBy}); it is
 * deleted once T is final and neither T nor any of its duplicates is continuable. A trial not
 * yet final, a file of a trial the store does not know and a trial without a proposal sequence
 * (an older store) are always kept: when in doubt, keep.
 *
 * <p>The study calls {@link #trialEnded} after the trial's final record is written:
 * a process killed in between leaves an extra file, never a missing one, and the next open
 * sweeps it ({@link #sweep()}).
 */
final class CheckpointRetention {
    /**
     * The attribute of a trial that left a checkpoint. A continuation whose parent has it but whose
     * file is gone fails, and a repeat of it is trained again rather than reused: without the
     * attribute the study could not tell a deleted checkpoint from one the objective never saved
     * (a test function saves none), and would train the continuation from scratch without a word.
     */
    static final String SAVED_ATTR = "saved_checkpoint";
    private static final long UNKNOWN = Long.MIN_VALUE;

    private final KeepCheckpoints keep;
    private final Checkpoints checkpoints;
    private final Strategy strategy;
    /** False when retention is off: keep all, or a resume whose replay diverged from the store. */
    private final boolean deleting;
    /** Trial ids whose file is on disk, as far as this study knows. */
    private final Set<Long> onDisk = new TreeSet<>();
    /** Trial id -> the proposal sequences that continue from its file: its own and its duplicates'. */
    private final Map<Long, List<Long>> users = new HashMap<>();
    /** Trials in a final state that trained (not duplicates): only their files may be deleted. */
    private final Set<Long> finished = new HashSet<>();
    /** Under {@link KeepCheckpoints#BEST}: the trial whose file holds the best trial's state; else -1. */
    private long bestSaver = -1;

    CheckpointRetention(KeepCheckpoints keep, Checkpoints checkpoints, Strategy strategy,
                        List<TrialRecord> stored, Optional<Trial> best, boolean replayMatched, Consumer<String> note) {
        this.keep = keep;
        this.checkpoints = checkpoints;
        this.strategy = strategy;
        this.deleting = keep != KeepCheckpoints.ALL && replayMatched;
        if (keep != KeepCheckpoints.ALL && !replayMatched) {
            note.accept("keep_checkpoints " + keep.id() + ": the strategy does not know every stored trial, so every "
                    + "checkpoint is kept this run");
        }
        if (keep == KeepCheckpoints.BEST) bestSaver = best.map(t -> t.record().duplicateOf().orElse(t.id())).orElse(-1L);
        for (TrialRecord r : stored) if (r.state().isFinal()) addUser(r);
        sweep();
    }

    /**
     * After trial {@code r}'s final record is in the store: deletes what is no longer continuable.
     * {@code best} is the best trial so far: under {@link KeepCheckpoints#BEST} its checkpoint
     * stays even when nothing can continue it (a trial at the top fidelity), since it may be the
     * one kept at the end; the previous best's goes once it is neither best nor continuable.
     */
    void trialEnded(TrialRecord r, Trial best) {
        if (keep == KeepCheckpoints.BEST && best != null) bestSaver = best.record().duplicateOf().orElse(best.id());
        addUser(r);
        if (r.attrs().containsKey(SAVED_ATTR)) onDisk.add(r.id());
        prune();
    }

    /** Looks at every file in the folder (those of a killed run included) and deletes what is no longer continuable. */
    void sweep() {
        onDisk.addAll(checkpoints.saved());
        prune();
    }

    /**
     * When the search ends: under {@link KeepCheckpoints#BEST} only the best trial's checkpoint
     * stays (its own file, or for a duplicate the one it repeats); else a last {@link #sweep()}.
     */
    void searchEnded(Optional<Trial> best) {
        if (keep != KeepCheckpoints.BEST) {
            sweep();
            return;
        }
        long keepId = best.map(t -> t.record().duplicateOf().orElse(t.id())).orElse(-1L);
        for (long id : checkpoints.saved()) if (id != keepId) checkpoints.delete(id);
        onDisk.retainAll(Set.of(keepId));
    }

    private void addUser(TrialRecord r) {
        long saver = r.duplicateOf().orElse(r.id());
        users.computeIfAbsent(saver, k -> new ArrayList<>(1)).add(r.sequence().orElse(UNKNOWN));
        if (r.duplicateOf().isEmpty()) finished.add(r.id());
    }

    private void prune() {
        if (!deleting) return;
        for (var it = onDisk.iterator(); it.hasNext(); ) {
            long id = it.next();
            if (needed(id)) continue;
            checkpoints.delete(id);
            it.remove();
        }
    }

    private boolean needed(long id) {
        // Not final yet (running, or to run again on resume) or unknown to the store: not ours to judge.
        if (!finished.contains(id) || id == bestSaver) return true;
        for (long sequence : users.get(id)) {
            if (sequence == UNKNOWN || strategy.stillContinuable(sequence)) return true;
        }
        return false;
    }
}
