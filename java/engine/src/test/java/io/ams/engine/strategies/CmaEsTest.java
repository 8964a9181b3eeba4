package io.ams.engine.strategies;

import io.ams.core.Direction;
import io.ams.engine.Proposal;
import io.ams.engine.SearchDomain;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CMA-ES against its published behaviour, on functions of the unit cube whose optimum lies
 * inside it: convergence on the rotated ellipsoid and on Rosenbrock, invariance to a rotation
 * of the problem, generations independent of the order values arrive in, IPOP restarts.
 */
class CmaEsTest {
    /** Evaluations until the best value is below {@code target}, or -1 within {@code budget}. */
    static long evaluationsTo(CmaEs s, ToDoubleFunction<double[]> f, double target, long budget) {
        long used = 0;
        while (used < budget) {
            List<Proposal> batch = s.ask(1000);
            for (Proposal p : batch) {
                double v = f.applyAsDouble(p.point());
                used++;
                s.tell(p, v);
                if (v < target) return used;
            }
        }
        return -1;
    }

    static CmaEs cmaes(int n, long seed, boolean separable, String restarts) {
        return new CmaEs(SearchDomain.flat(n), Direction.MINIMIZE, seed, new CmaEs.Settings(0, 0.25, separable, restarts));
    }

    /** A random rotation (QR of a Gaussian matrix, Gram-Schmidt). */
    static double[][] rotation(int n, long seed) {
        Random r = new Random(seed);
        double[][] q = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) q[i][j] = r.nextGaussian();
            for (int k = 0; k < i; k++) {
                double dot = 0;
                for (int j = 0; j < n; j++) dot += q[i][j] * q[k][j];
                for (int j = 0; j < n; j++) q[i][j] -= dot * q[k][j];
            }
            double norm = 0;
            for (int j = 0; j < n; j++) norm += q[i][j] * q[i][j];
            norm = Math.sqrt(norm);
            for (int j = 0; j < n; j++) q[i][j] /= norm;
        }
        return q;
    }

    /** Ellipsoid sum 10^(6 i / (n - 1)) z_i^2, z = R (x - optimum), optimum at 0.4 + 0.2 i / n (inside the cube). */
    static ToDoubleFunction<double[]> ellipsoid(int n, double[][] rotation) {
        return x -> {
            double[] y = new double[n];
            for (int i = 0; i < n; i++) y[i] = x[i] - (0.4 + 0.2 * i / n);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double z = 0;
                if (rotation == null) z = y[i];
                else for (int j = 0; j < n; j++) z += rotation[i][j] * y[j];
                sum += Math.pow(10, 6.0 * i / (n - 1)) * z * z;
            }
            return sum;
        };
    }

    /** Rosenbrock on z = 4 x - 2 in [-2, 2]^n: minimum 0 at z = 1 (x = 0.75). */
    static double rosenbrock(double[] x) {
        double sum = 0;
        for (int i = 0; i + 1 < x.length; i++) {
            double a = 4 * x[i] - 2;
            double b = 4 * x[i + 1] - 2;
            sum += 100 * (b - a * a) * (b - a * a) + (1 - a) * (1 - a);
        }
        return sum;
    }

    /**
     * Hansen's tutorial reports about 6,000 evaluations for this at d = 10 without the active
     * (negative-weight) update, which speeds it up; measured here 3,478-4,443 over seeds 1-20
     * (5,100-5,800 before the negative weights). The bound fails if the active update is lost.
     */
    @Test
    void rotatedEllipsoid10ReachesOneEMinus8() {
        int n = 10;
        for (long seed = 1; seed <= 3; seed++) {
            long used = evaluationsTo(cmaes(n, seed, false, "ipop"), ellipsoid(n, rotation(n, seed)), 1e-8, 5_000);
            assertTrue(used > 0, "seed " + seed + " did not reach 1e-8 in 5,000 evaluations");
        }
    }

    /**
     * Published CMA-ES needs about 5,000-7,000 evaluations on Rosenbrock-10, and a run ends in its
     * local minimum (f = 3.99 near x_1 = -1) with a small probability; measured here 4,238-5,713 on
     * 18 of seeds 1-20, the other two (seeds 1 and 20) in the local minimum until an IPOP restart
     * (12,142 and 13,460 evaluations).
     */
    @Test
    void rosenbrock10ReachesOneEMinus6() {
        int reached = 0;
        for (long seed = 2; seed <= 11; seed++) {
            if (evaluationsTo(cmaes(10, seed, false, "ipop"), CmaEsTest::rosenbrock, 1e-6, 8_000) > 0) reached++;
        }
        assertTrue(reached >= 8, reached + " of 10 seeds reached 1e-6 in 8,000 evaluations");
        assertTrue(evaluationsTo(cmaes(10, 1, false, "ipop"), CmaEsTest::rosenbrock, 1e-6, 20_000) > 0,
                "seed 1 (local minimum first) did not reach 1e-6 after its restart, in 20,000 evaluations");
    }

    /** Rotation invariance: medians over 7 seeds measured 2,572 plain and 2,716 rotated evaluations. */
    @Test
    void aRotationOfTheEllipsoidChangesLittle() {
        int n = 8;
        List<Long> plain = new ArrayList<>();
        List<Long> rotated = new ArrayList<>();
        for (long seed = 1; seed <= 7; seed++) {
            plain.add(evaluationsTo(cmaes(n, seed, false, "none"), ellipsoid(n, null), 1e-8, 20_000));
            rotated.add(evaluationsTo(cmaes(n, seed, false, "none"), ellipsoid(n, rotation(n, 100 + seed)), 1e-8, 20_000));
        }
        assertTrue(!plain.contains(-1L) && !rotated.contains(-1L), plain + " " + rotated);
        double ratio = median(rotated) / median(plain);
        assertTrue(ratio > 0.75 && ratio < 1.33, "rotated / plain median evaluations " + ratio + ": " + plain + " " + rotated);
    }

    /** Measured 10,029 evaluations at d = 40 (a full covariance adapts 780 more parameters). */
    @Test
    void separableSolvesAnAxisAlignedEllipsoidInHighDimension() {
        int n = 40;
        long used = evaluationsTo(cmaes(n, 5, true, "ipop"), ellipsoid(n, null), 1e-8, 15_000);
        assertTrue(used > 0, "did not reach 1e-8 in 15,000 evaluations");
    }

    @Test
    void aGenerationIgnoresTheOrderItsValuesArriveIn() {
        ToDoubleFunction<double[]> f = ellipsoid(5, rotation(5, 3));
        CmaEs inOrder = cmaes(5, 9, false, "ipop");
        CmaEs reversed = cmaes(5, 9, false, "ipop");
        for (int g = 0; g < 6; g++) {
            List<Proposal> a = inOrder.ask(100);
            List<Proposal> b = reversed.ask(100);
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i).point(), b.get(i).point());
            for (Proposal p : a) inOrder.tell(p, f.applyAsDouble(p.point()));
            List<Proposal> back = new ArrayList<>(b);
            Collections.reverse(back);
            for (Proposal p : back) reversed.tell(p, f.applyAsDouble(p.point()));
        }
        assertArrayEquals(inOrder.mean(), reversed.mean());
    }

    @Test
    void aConvergedRunRestartsWithTwiceThePopulation() {
        CmaEs s = cmaes(3, 2, false, "ipop");
        int lambda = s.lambda();
        ToDoubleFunction<double[]> sphere = x -> Arrays.stream(x).map(v -> (v - 0.5) * (v - 0.5)).sum();
        for (int i = 0; i < 20_000 && s.runs() == 1; i++) {
            for (Proposal p : s.ask(1000)) s.tell(p, sphere.applyAsDouble(p.point()));
        }
        assertEquals(2, s.runs());
        assertEquals(2 * lambda, s.lambda());
    }

    @Test
    void everyPointIsInsideTheCube() {
        CmaEs s = new CmaEs(SearchDomain.flat(4), Direction.MINIMIZE, 4, new CmaEs.Settings(0, 1.0, false, "ipop"));
        for (int g = 0; g < 30; g++) {
            for (Proposal p : s.ask(100)) {
                for (double v : p.point()) assertTrue(v >= 0 && v < 1, Arrays.toString(p.point()));
                // the optimum on a corner: the bounds bind
                s.tell(p, Arrays.stream(p.point()).map(v -> (v + 0.2) * (v + 0.2)).sum());
            }
        }
    }

    @Test
    void startPointsCentreTheFirstRunAndSetItsStepSize() {
        List<double[]> starts = List.of(new double[] {0.2, 0.4}, new double[] {0.4, 0.4}, new double[] {0.3, 0.7});
        CmaEs s = new CmaEs(SearchDomain.flat(2).withStartPoints(starts), Direction.MINIMIZE, 5, CmaEs.Settings.defaults());
        assertArrayEquals(new double[] {0.3, 0.5}, s.mean(), 1e-12);
        // root-mean-square distance from the centroid per coordinate: sqrt((0.01+0.01 + 0.01+0.01 + 0+0.04) / 6)
        assertEquals(Math.sqrt(0.08 / 6), s.sigma(), 1e-12);
        // their covariance diag(0.02, 0.06) / 3, shrunk a quarter of the way to isotropic and scaled to trace 2
        double[][] c = s.covariance();
        assertArrayEquals(new double[] {0.625, 0}, c[0], 1e-12);
        assertArrayEquals(new double[] {0, 1.375}, c[1], 1e-12);
        CmaEs line = new CmaEs(SearchDomain.flat(2).withStartPoints(List.of(new double[] {0.3, 0.3}, new double[] {0.5, 0.5},
                new double[] {0.7, 0.7})), Direction.MINIMIZE, 5, CmaEs.Settings.defaults());
        assertArrayEquals(new double[] {1, 0.75}, line.covariance()[0], 1e-12, "points on a line: C stretched along it");
        List<Proposal> first = s.ask(100);
        for (int i = 0; i < starts.size(); i++) assertArrayEquals(starts.get(i), first.get(i).point(), "start point " + i);

        CmaEs same = new CmaEs(SearchDomain.flat(2).withStartPoints(List.of(starts.get(0), starts.get(0))),
                Direction.MINIMIZE, 5, CmaEs.Settings.defaults());
        assertEquals(CmaEs.MIN_START_SIGMA, same.sigma(), "identical start points: the floor, not zero");
        CmaEs one = new CmaEs(SearchDomain.flat(2).withStartPoints(List.of(starts.get(2))), Direction.MINIMIZE, 5,
                CmaEs.Settings.defaults());
        assertArrayEquals(starts.get(2), one.mean(), 1e-12);
        assertEquals(0.25, one.sigma(), "a single start point: the configured sigma");
    }

    private static double median(List<Long> xs) {
        List<Long> sorted = new ArrayList<>(xs);
        Collections.sort(sorted);
        int m = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(m) : (sorted.get(m - 1) + sorted.get(m)) / 2.0;
    }
}
