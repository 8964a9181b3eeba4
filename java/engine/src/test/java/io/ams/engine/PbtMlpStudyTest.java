package io.ams.engine;

import io.ams.genome.GenomeStudy;
import io.ams.eval.ScheduleStep;
import io.ams.genome.Genome;
import io.ams.store.TrialState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Population-based training of the built-in MLP: continued trials under changed settings, and the schedule's replay. */
class PbtMlpStudyTest {
    static final String MLP_PBT = """
            objective: {mlp: {dataset: digits}}
            split: {validation: 0.2, test: 0.2, seed: 1}
            space:
              training:
                lr: {log_real: [1.0e-3, 1.0e-1]}
                momentum: {real: [0.5, 0.95]}
                optimizer: {choice: [adam, momentum]}
                schedule: cosine
                batch: 64
              architecture:
                layers: {min: 1, max: 1, units: {int: [8, 24]}, dropout: {real: [0, 0.3]}}
            strategy: {name: pbt, seed: 2, population: 4, interval: 1, max_fidelity: 4}
            budget: {trials: 16}
            """;

    @Test
    void theFinalReportReplaysTheBestLineagesScheduleAndEqualsTheSearchedModel() {
        Genome g = Genome.parse(MLP_PBT, "mlp-pbt.yaml");
        try (GenomeStudy gs = GenomeStudy.open(g, MLP_PBT, new GenomeStudy.Overrides(null, null, null, null, 2, null, null), List.of())) {
            StudyResult r = gs.study().optimize();
            assertEquals(16, r.count(TrialState.COMPLETE));
            int replayed = 0;
            for (Trial t : r.trials()) {
                if (t.record().fidelity() != 4) continue;
                List<ScheduleStep> schedule = gs.study().lineage(t).schedule();
                if (schedule.size() < 2) continue;
                replayed++;
                assertEquals(4, (int) t.record().fidelity());
                assertEquals(t.value(), gs.finalReport(t, 1).orElseThrow().validationMetric(),
                        "trial " + t.id() + ": the replayed schedule " + schedule + " is the model the search scored");
            }
            assertTrue(replayed > 0, "no final member changed its configuration");
            Trial best = r.best().orElseThrow();
            assertEquals(4.0, best.record().fidelity());
            assertTrue(best.value() > 0.5, "best " + best.value());
            assertEquals(best.value(), gs.finalReport(best, gs.study().threadsPerTrial()).orElseThrow().validationMetric());
        }
    }
}
