package io.ams.engine;

import io.ams.store.TrialState;

import java.util.List;
import java.util.Optional;

/** The outcome of {@link Study#optimize()}: the best trial (if any completed), every trial, and why it stopped. */
public record StudyResult(Optional<Trial> best, List<Trial> trials, String stopReason, double seconds) {
    public StudyResult {
        trials = List.copyOf(trials);
    }

    public long count(TrialState state) {
        return trials.stream().filter(t -> t.state() == state).count();
    }
}
