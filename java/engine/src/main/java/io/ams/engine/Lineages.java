package io.ams.engine;

import io.ams.store.TrialRecord;
import io.ams.store.TrialStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Continuations: the chain of trials a trial continues (its parent, recursively), and from it
 * what the trial's result depends on besides its seed; which also decides when an earlier
 * trial of the same configuration is the same model (dedup).
 */
final class Lineages {
    private final TrialStore store;

    Lineages(TrialStore store) {
        this.store = store;
    }

    /** The trial and the trials it continues, the first segment first. */
    List<TrialRecord> chain(TrialRecord last) {
        List<TrialRecord> chain = new ArrayList<>();
        for (TrialRecord r = last; r != null; ) {
            chain.add(0, r);
            if (r.parent().isEmpty()) break;
            long parent = r.parent().getAsLong();
            r = store.get(parent)
                    .orElseThrow(() -> new IllegalStateException("the parent trial " + parent + " is not in the store"));
        }
        return chain;
    }

    /**
     * What a trial's result depends on, besides its seed: its lineage's (configuration, fidelity)
     * steps, consecutive ones of one configuration merged (as {@link Lineage#schedule()}). A
     * promotion of one configuration thus has the history of that configuration trained
     * straight; a continuation under a changed configuration (population-based training) has its own.
     */
    List<String> history(TrialRecord last) {
        List<String> steps = new ArrayList<>();
        String previous = null;
        for (TrialRecord r : chain(last)) {
            String step = r.config() + "@" + r.fidelity();
            if (r.config().equals(previous)) steps.set(steps.size() - 1, step);
            else steps.add(step);
            previous = r.config();
        }
        return steps;
    }

    /**
     * A completed trial that trained the very model {@code candidate} is about to train (same
     * configuration, same fidelity, same schedule), whose result it may reuse; empty when there is none.
     */
    Optional<TrialRecord> trainedBefore(TrialRecord candidate) {
        Optional<TrialRecord> done = store.findCompleted(candidate.config(), candidate.fidelity());
        // The same configuration at the same fidelity is the same model only after the same schedule.
        if (done.isPresent() && (candidate.parent().isPresent() || done.get().parent().isPresent())
                && !history(done.get()).equals(history(candidate))) {
            return Optional.empty();
        }
        return done;
    }
}
