package io.ams.surrogate;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class AcquisitionTest {

    private static final Acquisition EI = new Acquisition.ExpectedImprovement();

    @Test
    void eiPrefersLowerMeanAtEqualVariance() {
        double[] s = EI.score(new double[] {0.5, 0.0, -0.5, 3.0}, new double[] {0.1, 0.1, 0.1, 0.1}, 0.0);
        assertTrue(s[2] > s[1] && s[1] > s[0] && s[0] > s[3]);
        assertTrue(Double.isFinite(s[3]));
    }

    @Test
    void eiPrefersHigherVarianceAtEqualMean() {
        double[] s = EI.score(new double[] {1, 1, 1}, new double[] {0.01, 0.25, 4}, 0.0);
        assertTrue(s[2] > s[1] && s[1] > s[0]);
        // also when the mean is already better than best
        double[] t = EI.score(new double[] {-1, -1}, new double[] {0.01, 1}, 0.0);
        assertTrue(t[1] > t[0]);
    }

    @Test
    void logEiEqualsLogOfClosedFormEi() {
        double best = 0.3;
        for (double m = -2; m <= 2; m += 0.05) {
            for (double v : new double[] {1e-4, 0.01, 0.5, 3}) {
                double sigma = Math.sqrt(v), z = (best - m) / sigma;
                double ei = sigma * (z * NormalMath.cdf(z) + NormalMath.pdf(z));
                if (ei < 1e-300 || z < -5) continue; // closed form unreliable (cancellation) or underflowing
                double got = EI.score(new double[] {m}, new double[] {v}, best)[0];
                assertEquals(Math.log(ei), got, 1e-12 * Math.max(1, Math.abs(Math.log(ei))), "m=" + m + " v=" + v);
            }
        }
    }

    @Test
    void logEiStaysFiniteWhereEiUnderflowsAndWithZeroVariance() {
        double[] s = EI.score(new double[] {1e4, 50, 1, -1}, new double[] {1, 1, 0, 0}, 0.0);
        for (double x : s) assertFalse(Double.isNaN(x));
        assertTrue(Double.isFinite(s[0]) && Double.isFinite(s[1]));
        assertTrue(s[1] > s[0]);
        assertTrue(s[3] > s[2]); // zero variance: improvement 1 vs practically none
        assertEquals(0.0, s[3], 1e-9); // EI = 1 exactly
    }

    @Test
    void eiMarginXiDemandsMoreImprovement() {
        double[] m = {0.0}, v = {1.0};
        double plain = new Acquisition.ExpectedImprovement(0).score(m, v, 0)[0];
        double margin = new Acquisition.ExpectedImprovement(0.5).score(m, v, 0)[0];
        assertEquals(margin, new Acquisition.ExpectedImprovement(0).score(m, v, -0.5)[0], 0);
        assertTrue(margin < plain);
    }

    @Test
    void ucbIsNegatedLowerConfidenceBound() {
        Acquisition ucb = new Acquisition.UpperConfidenceBound(4);
        double[] s = ucb.score(new double[] {1, 2, 0}, new double[] {1, 4, 0}, 123);
        assertArrayEquals(new double[] {-(1 - 2 * 1), -(2 - 2 * 2), 0}, s, 1e-15);
        // beta = 0: pure exploitation (lowest mean wins)
        double[] g = new Acquisition.UpperConfidenceBound(0).score(new double[] {1, 0.5}, new double[] {100, 0}, 0);
        assertTrue(g[1] > g[0]);
    }

    @Test
    void piIsLogProbabilityOfImprovement() {
        Acquisition pi = new Acquisition.ProbabilityOfImprovement(0.1);
        double[] s = pi.score(new double[] {0, 2, 100}, new double[] {1, 4, 1}, 1.0);
        assertEquals(Math.log(NormalMath.cdf(0.9)), s[0], 1e-15);
        assertEquals(Math.log(NormalMath.cdf(-0.55)), s[1], 1e-15);
        assertTrue(Double.isFinite(s[2]) && s[2] < -4000);
        assertTrue(s[0] > s[1] && s[1] > s[2]);
    }

    @Test
    void factoryBuildsAndRejects() {
        assertEquals(new Acquisition.ExpectedImprovement(0.01), Acquisition.of("ei", 0.01));
        assertEquals(new Acquisition.UpperConfidenceBound(2), Acquisition.of("UCB", 2));
        assertEquals(new Acquisition.ProbabilityOfImprovement(0), Acquisition.of("pi", 0));
        assertEquals("ucb", Acquisition.of("ucb", 1).name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Acquisition.of("lcb", 1));
        assertTrue(e.getMessage().contains("ei") && e.getMessage().contains("ucb") && e.getMessage().contains("pi"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Acquisition.of(null, 1));
        assertThrows(IllegalArgumentException.class, () -> Acquisition.of("ucb", -1));
        assertThrows(IllegalArgumentException.class, () -> Acquisition.of("ei", Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> EI.score(new double[2], new double[3], 0));
    }
}
