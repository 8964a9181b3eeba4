package io.ams.engine.strategies;

import io.ams.core.Direction;
import io.ams.engine.Proposal;
import io.ams.engine.SearchDomain;
import io.ams.models.TestFunctions;
import io.ams.surrogate.Acquisition;
import io.ams.surrogate.GpSettings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** turbo leaves Hartmann-6's local minimum, and its box follows its rules. */
class TrustRegionBoTest {
    static double best(String strategy, long seed, int evaluations) {
        SearchDomain domain = SearchDomain.flat(6);
        try (var s = Strategies.create(strategy, java.util.Map.of(), domain, Direction.MINIMIZE, seed)) {
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < evaluations; i++) {
                Proposal p = s.ask(1).get(0);
                double v = TestFunctions.hartmann6(p.point());
                best = Math.min(best, v);
                s.tell(p, v);
            }
            return best;
        }
    }

    /**
     * bo stays in the local minimum (-3.2032) on 4 of these 10 seeds at 150 evaluations; turbo's
     * restarts leave it: measured 9 of 10 within 0.03 of the global minimum (-3.32237).
     */
    @Test
    void hartmann6LeavesTheLocalMinimum() {
        int global = 0;
        for (long seed = 1; seed <= 10; seed++) if (best("turbo", seed, 150) < -3.3) global++;
        assertTrue(global >= 8, "turbo reached the global basin on " + global + " of 10 seeds");
    }

    /** With no improvement ever, the box halves every max(4, d) trials and the run restarts once it falls below 0.5^7. */
    @Test
    void theBoxShrinksOnFailuresAndARunRestartsWhenItCollapses() {
        SearchDomain domain = SearchDomain.flat(2);
        TrustRegionBo.Settings settings = TrustRegionBo.Settings.defaults(2, Acquisition.of("ei", 0), GpSettings.defaults());
        try (TrustRegionBo s = new TrustRegionBo(domain, Direction.MINIMIZE, 3, settings)) {
            int told = 0;
            // the design (4 points), then 7 halvings of 4 failures each: 0.8 / 2^7 < 0.5^7
            while (told < 4 + 4 * 7 - 1) {
                Proposal p = s.ask(1).get(0);
                s.tell(p, told == 0 ? 1.0 : 2.0 + told * 1e-9);
                told++;
            }
            assertEquals(1, s.runs());
            assertEquals(0.8 / 64, s.length(), 1e-12);
            Proposal p = s.ask(1).get(0);
            s.tell(p, 5.0);
            assertEquals(2, s.runs());
            assertEquals(0.8, s.length());
        }
    }
}
