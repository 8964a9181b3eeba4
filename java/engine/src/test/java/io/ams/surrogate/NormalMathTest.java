package io.ams.surrogate;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** References computed with mpmath at 80 significant digits (ncdf, npdf, log), rounded to 17. */
class NormalMathTest {

    private static final double[][] CDF = {
            {-38, 2.8854283600687843e-316}, {-30, 4.9067139271481871e-198}, {-20, 2.7536241186062337e-89},
            {-10, 7.6198530241605261e-24}, {-7, 1.279812543885835e-12}, {-5, 2.8665157187919391e-7},
            {-3, 0.0013498980316300945}, {-2, 0.022750131948179207}, {-1.5, 0.066807201268858066},
            {-1.0000001, 0.1586552297343858}, {-1, 0.15865525393145705}, {-0.999999, 0.15865549590230256},
            {-0.5, 0.3085375387259869}, {-0.001, 0.49960105778608894}, {0, 0.5},
            {0.001, 0.50039894221391106}, {0.5, 0.6914624612740131}, {1, 0.84134474606854295},
            {1.5, 0.93319279873114193}, {2, 0.97724986805182079}, {3, 0.99865010196836991},
            {5, 0.99999971334842812}, {8, 0.99999999999999938}};

    private static final double[][] LOG_CDF = {
            {-1000000.0, -500000000014.73445}, {-1000.0, -500007.82669481218}, {-40, -804.60844201375379},
            {-38, -726.55721601882013}, {-10, -53.231285150512471}, {-3, -6.6077262215103495},
            {-1, -1.8410216450092635}, {-0.5, -1.1759117615936186}, {0, -0.69314718055994531},
            {0.5, -0.36894641528865639}, {2, -0.023012909328963488}, {5, -2.8665161296376359e-7},
            {10, -7.6198530241605261e-24}};

    private static final double[][] LOG_H = {
            {-1000000.0, -500000000028.54996}, {-10000.0, -50000019.339619307}, {-100, -5010.1295788002498},
            {-40, -808.29856835661996}, {-20, -206.9178385094251}, {-10, -55.553122036122356},
            {-5, -16.74430116266099}, {-3, -7.8696860596030285}, {-2, -4.7687835239171142},
            {-1.5, -3.5299359208057099}, {-1.2, -2.8805757826097246}, {-1.0000001, -2.4851212161397684},
            {-1, -2.4851210257126413}, {-0.9999999, -2.4851208352855217}, {-0.7, -1.9457545234913285},
            {-0.3, -1.3214012449190435}, {0, -0.91893853320467274}, {0.3, -0.5678171536779369},
            {1, 0.08002621884930694}, {2, 0.69738354578822831}, {5, 1.6094379231264314},
            {10, 2.3025850929940457}, {100, 4.6051701859880914}};

    private static void assertRel(double expected, double actual, double rel, String what) {
        double err = Math.abs(actual - expected) / Math.abs(expected);
        assertTrue(err <= rel, what + ": expected " + expected + ", got " + actual + " (relative error " + err + ")");
    }

    @Test
    void cdfMatchesReferencesToOneEMinus15() {
        for (double[] r : CDF) assertRel(r[1], NormalMath.cdf(r[0]), r[0] == -38 ? 1e-12 : 1e-15, "cdf(" + r[0] + ")");
        assertEquals(7.619853024160527e-24, NormalMath.cdf(-10), 1e-15 * 7.6e-24);
        assertEquals(2.7536241186062337e-89, NormalMath.cdf(-20), 1e-15 * 2.8e-89);
    }

    @Test
    void cdfIsSymmetricAndBounded() {
        for (double z = -8; z <= 8; z += 0.0137) {
            double p = NormalMath.cdf(z);
            assertTrue(p >= 0 && p <= 1);
            assertEquals(1.0, p + NormalMath.cdf(-z), 2e-16);
        }
        assertEquals(0.0, NormalMath.cdf(Double.NEGATIVE_INFINITY));
        assertEquals(1.0, NormalMath.cdf(Double.POSITIVE_INFINITY));
        assertTrue(Double.isNaN(NormalMath.cdf(Double.NaN)));
    }

    @Test
    void pdfMatchesDefinitionAndTail() {
        for (double z = -5; z <= 5; z += 0.25)
            assertRel(Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI), NormalMath.pdf(z), 4e-16, "pdf(" + z + ")");
        // phi(20) = exp(-200) / sqrt(2 pi), mpmath
        assertRel(5.520948362159764e-88, NormalMath.pdf(20), 1e-15, "pdf(20)");
        assertEquals(0.0, NormalMath.pdf(50));
    }

    @Test
    void logCdfIsAccurateAndFiniteInTheFarTail() {
        for (double[] r : LOG_CDF) assertRel(r[1], NormalMath.logCdf(r[0]), 1e-14, "logCdf(" + r[0] + ")");
        assertEquals(-804.6084420137538, NormalMath.logCdf(-40), 1e-12);
        double prev = Double.NEGATIVE_INFINITY;
        for (double z = -1e6; z <= 10; z = z < -100 ? z / 1.5 : z + 0.01) {
            double v = NormalMath.logCdf(z);
            assertTrue(Double.isFinite(v) && v >= prev, "logCdf not finite/increasing at " + z);
            prev = v;
        }
    }

    @Test
    void logHMatchesHighPrecisionReferences() {
        for (double[] r : LOG_H) assertRel(r[1], NormalMath.logH(r[0]), 1e-14, "logH(" + r[0] + ")");
    }

    @Test
    void logHMatchesDirectFormulaWhereThatIsAccurate() {
        // In [-5, 5] the direct phi + z Phi loses at most ~30x to cancellation: still ~1e-14.
        for (double z = -5; z <= 5; z += 0.001) {
            double direct = Math.log(NormalMath.pdf(z) + z * NormalMath.cdf(z));
            assertRel(direct, NormalMath.logH(z), 1e-12, "logH(" + z + ")");
        }
    }

    @Test
    void logHIsContinuousAtTheBranch() {
        double below = NormalMath.logH(-1.0), above = NormalMath.logH(Math.nextUp(-1.0));
        assertTrue(above >= below);
        assertEquals(below, above, 1e-14);
        // the slope of log h is Phi/h, about 1.9 at z = -1
        double eps = 1e-7;
        double slope = (NormalMath.logH(-1 + eps) - NormalMath.logH(-1 - eps)) / (2 * eps);
        assertEquals(NormalMath.cdf(-1) / Math.exp(NormalMath.logH(-1)), slope, 1e-6);
    }

    @Test
    void logHIsFiniteAndIncreasingFromMinusAMillionToTen() {
        double prev = Double.NEGATIVE_INFINITY;
        int checked = 0;
        for (double z = -1e6; z <= 10; z = z < -50 ? z / 1.05 : z + 1e-3) {
            double v = NormalMath.logH(z);
            assertTrue(Double.isFinite(v), "logH(" + z + ") = " + v);
            assertTrue(v > prev, "logH not increasing at " + z + ": " + prev + " then " + v);
            prev = v;
            checked++;
        }
        assertTrue(checked > 60_000);
        // fine steps across the branch
        prev = NormalMath.logH(-1 - 1e-9);
        for (double z = -1 - 1e-9 + 1e-11; z < -1 + 1e-9; z += 1e-11) {
            double v = NormalMath.logH(z);
            assertTrue(v >= prev, "logH decreasing near -1 at " + z);
            prev = v;
        }
    }

    @Test
    void hIsTheExpectedImprovementIntegral() {
        // h(z) = E[max(0, z + N(0,1))] = integral over t > -z of (z + t) phi(t) dt; Simpson on [-z, 12].
        for (double z : new double[] {-3, -1.5, -1, -0.2, 0, 0.7, 2}) {
            int n = 200_000;
            double a = -z, b = 12, step = (b - a) / n, s = 0;
            for (int i = 0; i <= n; i++) {
                double t = a + i * step;
                double w = i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2);
                s += w * (z + t) * NormalMath.pdf(t);
            }
            s *= step / 3;
            assertRel(s, NormalMath.h(z), 1e-10, "h(" + z + ")");
        }
    }
}
