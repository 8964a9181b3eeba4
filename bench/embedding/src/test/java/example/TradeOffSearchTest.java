package example;

import io.ams.engine.ParetoSummary;
import io.ams.store.TrialRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The several-objectives API from another project: a front within the bound, each size's best error. */
class TradeOffSearchTest {
    @Test
    void theFrontTradesErrorAgainstSizeWithinTheBound() {
        ParetoSummary front = TradeOffSearch.run(1);
        List<TrialRecord> trials = front.front();
        assertTrue(trials.size() >= 3, front.toString());
        for (TrialRecord t : trials) assertTrue(t.metrics().get("params") <= 10, t.toString());
        // along the front, more coefficients buy a smaller error: sorted by error, sizes fall
        for (int i = 1; i < trials.size(); i++) {
            assertTrue(trials.get(i).value() > trials.get(i - 1).value());
            assertTrue(trials.get(i).metrics().get("params") < trials.get(i - 1).metrics().get("params"), front.toString());
        }
        assertEquals(List.of("value", "params"), front.objectives());
        assertTrue(front.hypervolume() > 0 && front.referenceGiven());
    }
}
