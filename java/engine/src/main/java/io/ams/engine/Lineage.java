package io.ams.engine;

import io.ams.eval.ScheduleStep;

import java.util.ArrayList;
import java.util.List;

/**
 * A trial and the trials it continues, first segment first: what was trained, in which
 * configuration, up to which fidelity. For population-based training this is the trial's
 * hyperparameter schedule; for successive halving a chain of one configuration.
 */
public record Lineage(List<Trial> trials) {
    public Lineage {
        if (trials.isEmpty()) throw new IllegalArgumentException("a lineage has at least one trial");
        trials = List.copyOf(trials);
    }

    /** The trial whose lineage this is (the last). */
    public Trial last() {
        return trials.get(trials.size() - 1);
    }

    /**
     * The schedule: consecutive trials of one configuration merged into one step up to the
     * last one's fidelity, so that a chain that never changed its configuration is one step.
     */
    public List<ScheduleStep> schedule() {
        List<ScheduleStep> steps = new ArrayList<>();
        String previous = null;
        for (Trial t : trials) {
            String key = t.record().config();
            ScheduleStep step = new ScheduleStep(t.config(), t.record().fidelity());
            if (key.equals(previous)) steps.set(steps.size() - 1, step);
            else steps.add(step);
            previous = key;
        }
        return List.copyOf(steps);
    }
}
