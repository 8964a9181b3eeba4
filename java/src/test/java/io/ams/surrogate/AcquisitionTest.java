package io.ams.surrogate;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AcquisitionTest {
    @Test
    void normalDistributionMatchesKnownValues() {
        // Reference values from mpmath at 30 digits.
        assertEquals(0.5, NormalMath.cdf(0), 1e-16);
        assertEquals(0.8413447460685429, NormalMath.cdf(1), 1e-15);
        assertEquals(0.15865525393145705, NormalMath.cdf(-1), 1e-15 * 0.16);
        assertEquals(7.619853024160527e-24, NormalMath.cdf(-10), 1e-14 * 7.62e-24);
        assertEquals(2.7536241186062337e-89, NormalMath.cdf(-20), 1e-13 * 2.75e-89);
        assertEquals(-804.6084420137538, NormalMath.logCdf(-40), 1e-12 * 804.6);
        assertEquals(Math.log(NormalMath.cdf(-4.9)), NormalMath.logCdf(-4.9), 1e-13);
        // continuity at the branch of logCdf
        assertEquals(NormalMath.logCdf(-5 + 1e-12), NormalMath.logCdf(-5 - 1e-12), 1e-9);
    }

    @Test
    void logExpectedImprovementIsAccurateAndFiniteEverywhere() {
        // Where the direct formula is accurate, logH equals it.
        for (double z = -5; z <= 5; z += 0.125) {
            double direct = Math.log(NormalMath.pdf(z) + z * NormalMath.cdf(z));
            assertEquals(direct, NormalMath.logH(z), 1e-9 * Math.max(1, Math.abs(direct)), "z=" + z);
        }
        // h(z) ~ phi(z) / z^2 far in the lower tail.
        double z = -1e3;
        assertEquals(-0.5 * z * z - 0.5 * Math.log(2 * Math.PI) - 2 * Math.log(-z), NormalMath.logH(z), 1e-5);
        double previous = Double.NEGATIVE_INFINITY;
        for (double v = -1e6; v <= 10; v = v < -10 ? v / 1.5 : v + 0.01) {
            double h = NormalMath.logH(v);
            assertTrue(Double.isFinite(h) && h >= previous, "logH not finite or not increasing at " + v);
            previous = h;
        }
    }

    @Test
    void expectedImprovementPrefersLowMeansAndHighUncertainty() {
        Acquisition ei = Acquisition.of("ei", 0);
        double[] s = ei.score(new double[] {0, 1, 0}, new double[] {1, 1, 4}, 0.5);
        assertTrue(s[0] > s[1], "lower mean at equal variance");
        assertTrue(s[2] > s[0], "higher variance at equal mean");
        // log-EI equals the log of the closed form sigma (z Phi(z) + phi(z)).
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < 100; i++) {
            double mean = rnd.nextDouble(-2, 2);
            double sd = rnd.nextDouble(0.1, 2);
            double zz = (0.3 - mean) / sd;
            double closed = sd * (zz * NormalMath.cdf(zz) + NormalMath.pdf(zz));
            assertEquals(Math.log(closed), ei.score(new double[] {mean}, new double[] {sd * sd}, 0.3)[0], 1e-9);
        }
        // A candidate at the incumbent with no uncertainty still gets a finite score.
        assertTrue(Double.isFinite(ei.score(new double[] {10}, new double[] {0}, 0)[0]));
    }

    @Test
    void confidenceBoundAndProbabilityOfImprovement() {
        double[] ucb = Acquisition.of("ucb", 4).score(new double[] {1, 1}, new double[] {1, 0.25}, 0);
        assertEquals(-(1 - 2 * 1), ucb[0], 1e-12);
        assertEquals(-(1 - 2 * 0.5), ucb[1], 1e-12);
        double[] pi = Acquisition.of("pi", 0).score(new double[] {0, 1}, new double[] {1, 1}, 0);
        assertEquals(Math.log(0.5), pi[0], 1e-12);
        assertEquals(Math.log(NormalMath.cdf(-1)), pi[1], 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Acquisition.of("kg", 0));
        assertTrue(e.getMessage().contains("kg") && e.getMessage().contains("ei"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Acquisition.of("ucb", -1));
    }

    @Test
    void latinHypercubeFillsEveryStratumOnce() {
        double[][] p = Designs.latinHypercube(50, 4, new SplittableRandom(3));
        for (int j = 0; j < 4; j++) {
            boolean[] hit = new boolean[50];
            for (double[] x : p) {
                assertTrue(x[j] >= 0 && x[j] < 1);
                int k = (int) (x[j] * 50);
                assertTrue(!hit[k], "stratum " + k + " of dimension " + j + " holds two points");
                hit[k] = true;
            }
        }
    }
}
