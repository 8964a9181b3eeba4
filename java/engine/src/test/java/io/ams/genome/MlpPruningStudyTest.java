package io.ams.genome;

import io.ams.engine.StudyResult;
import io.ams.engine.Trial;
import io.ams.store.TrialState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A full-fidelity MLP search with a pruner, as genomes/README.md advertises it: the pruner stops the hopeless trials. */
class MlpPruningStudyTest {
    /** Half the learning rates learn nothing in 6 epochs of plain SGD: those trials stay near chance (0.1). */
    static final String GA_MEDIAN = """
            objective: {mlp: {dataset: digits}}
            split: {validation: 0.2, test: 0.2, seed: 1}
            space:
              training:
                optimizer: sgd
                lr: {choice: [0.1, 1.0e-6]}
                batch: 32
                epochs: 6
              architecture:
                layers: {min: 1, max: 1, units: {int: [8, 24]}}
            strategy: {name: ga, seed: 3, population: 8}
            pruner: {name: median, warmup: 1, min_trials: 3}
            budget: {trials: 24}
            """;

    @Test
    void aGaStudyWithAMedianPrunerStopsTheHopelessTrialsEarly() {
        Genome g = Genome.parse(GA_MEDIAN, "ga-median.yaml");
        // one worker: which trials have completed when another reports is then the same every run
        try (GenomeStudy gs = GenomeStudy.open(g, GA_MEDIAN, new GenomeStudy.Overrides(null, null, null, null, 1, null, null), List.of())) {
            StudyResult r = gs.study().optimize();
            List<Trial> pruned = r.trials().stream().filter(t -> t.state() == TrialState.PRUNED).toList();
            assertFalse(pruned.isEmpty(), "no trial was pruned");
            for (Trial t : pruned) {
                assertTrue(t.record().curveLength() < 6, "trial " + t.id() + " pruned after all its epochs");
            }
            assertTrue(pruned.stream().anyMatch(t -> t.config().getDouble("lr") == 1e-6), "no hopeless trial was pruned");
            Trial best = r.best().orElseThrow();
            assertEquals(TrialState.COMPLETE, best.state());
            assertTrue(best.value() > 0.8, "best " + best.value());
        }
    }
}
