package io.ams.surrogate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

import org.junit.jupiter.api.Test;

/** Closed forms, fitting quality, ARD, fantasies and determinism of {@link GaussianProcess}. */
class GpBehaviourTest {

    static double[][] uniform(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) for (int k = 0; k < d; k++) row[k] = r.nextDouble();
        return x;
    }

    static double[] eval(double[][] x, ToDoubleFunction<double[]> f) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = f.applyAsDouble(x[i]);
        return y;
    }

    static double rSquared(double[] truth, double[] predicted) {
        double mean = 0;
        for (double v : truth) mean += v / truth.length;
        double ssRes = 0, ssTot = 0;
        for (int i = 0; i < truth.length; i++) {
            ssRes += (truth[i] - predicted[i]) * (truth[i] - predicted[i]);
            ssTot += (truth[i] - mean) * (truth[i] - mean);
        }
        return 1 - ssRes / ssTot;
    }

    @Test
    void noiselessModelInterpolatesAndRevertsToThePriorFarAway() {
        double[][] x = uniform(12, 2, 5);
        double[] y = eval(x, p -> 3 + 2 * Math.sin(6 * p[0]) + p[1]);
        for (Kernel kernel : Kernel.values()) {
            Hyperparameters h = new Hyperparameters(new double[] {0.3, 0.5}, 1.5, 1e-8);
            try (GaussianProcess gp = GaussianProcess.condition(x, y, null, kernel, h, 1)) {
                double s2raw = h.signalVariance() * gp.targetStd() * gp.targetStd();
                Prediction p = gp.predict(x);
                for (int i = 0; i < x.length; i++) {
                    assertEquals(y[i], p.mean(i), 1e-5, kernel + " interpolation at " + i);
                    assertTrue(p.variance(i) <= 1e-4 * s2raw, kernel + " variance at a training point: " + p.variance(i));
                    assertTrue(p.variance(i) >= 0);
                }
                Prediction far = gp.predict(new double[][] {{100, -100}, {50, 80}});
                for (int i = 0; i < 2; i++) {
                    assertEquals(s2raw, far.variance(i), 1e-9 * s2raw, kernel + " prior variance far away");
                    assertEquals(gp.targetMean(), far.mean(i), 1e-9, kernel + " prior mean far away");
                }
                double ymean = 0;
                for (double v : y) ymean += v / y.length;
                assertEquals(ymean, gp.targetMean(), 1e-12);
            }
        }
    }

    @Test
    void fitPredictsHeldOutPointsOfASmoothFunction() {
        ToDoubleFunction<double[]> f = p -> Math.sin(2 * Math.PI * p[0]) + 0.5 * Math.cos(3 * p[0]);
        double[][] x = uniform(30, 1, 11);
        double[][] test = uniform(200, 1, 12);
        for (Kernel kernel : Kernel.values()) {
            GpSettings s = new GpSettings(kernel, 2, 100, 1);
            try (GaussianProcess gp = GaussianProcess.fit(x, eval(x, f), null, s, null, new Random(1))) {
                double r2 = rSquared(eval(test, f), gp.predict(test).mean());
                assertTrue(r2 > 0.95, kernel + " R^2 " + r2 + " with " + gp.hyperparameters());
            }
        }
    }

    @Test
    void fitFindsTheIrrelevantDimension() {
        ToDoubleFunction<double[]> f = p -> Math.sin(5 * p[0]) + 0.5 * p[0] * p[0];
        double[][] x = uniform(30, 2, 21);
        double[][] test = uniform(200, 2, 22);
        try (GaussianProcess gp = GaussianProcess.fit(x, eval(x, f), null, GpSettings.defaults(), null, new Random(2))) {
            double[] l = gp.hyperparameters().lengthscales();
            assertTrue(l[1] > 3 * l[0], "lengthscales " + l[0] + " (relevant) vs " + l[1] + " (irrelevant)");
            double r2 = rSquared(eval(test, f), gp.predict(test).mean());
            assertTrue(r2 > 0.95, "R^2 " + r2);
            assertTrue(Double.isFinite(gp.logMarginalLikelihood()));
            assertEquals(30, gp.size());
            assertEquals(2, gp.dimensions());
        }
    }

    @Test
    void fitHandlesACategoricalDimension() {
        // y depends on the category (offsets) and smoothly on x0; x2 is irrelevant.
        SplittableRandom r = new SplittableRandom(31);
        double[] offset = {0, 1.5, -1};
        double[][] x = new double[40][3];
        double[] y = new double[40];
        for (int i = 0; i < 40; i++) {
            x[i] = new double[] {r.nextDouble(), r.nextInt(3), r.nextDouble()};
            y[i] = Math.sin(4 * x[i][0]) + offset[(int) x[i][1]];
        }
        boolean[] cat = {false, true, false};
        try (GaussianProcess gp = GaussianProcess.fit(x, y, cat, GpSettings.defaults(), null, new Random(3))) {
            double[][] test = new double[60][];
            double[] truth = new double[60];
            for (int i = 0; i < 60; i++) {
                test[i] = new double[] {r.nextDouble(), i % 3, r.nextDouble()};
                truth[i] = Math.sin(4 * test[i][0]) + offset[i % 3];
            }
            double r2 = rSquared(truth, gp.predict(test).mean());
            assertTrue(r2 > 0.9, "R^2 " + r2 + " with " + gp.hyperparameters());
        }
    }

    @Test
    void withObservationsEqualsConditioningOnTheConcatenation() {
        double[][] x = uniform(20, 3, 41);
        double[] y = eval(x, p -> p[0] - 2 * p[1] * p[2]);
        double[][] extra = uniform(3, 3, 42);
        double[] extraY = {0.7, 0.7, -0.2};
        boolean[] cat = {false, false, false};
        Hyperparameters h = new Hyperparameters(new double[] {0.4, 0.6, 0.8}, 1.2, 1e-3);
        double[][] all = new double[23][];
        double[] allY = new double[23];
        for (int i = 0; i < 20; i++) {
            all[i] = x[i];
            allY[i] = y[i];
        }
        for (int i = 0; i < 3; i++) {
            all[20 + i] = extra[i];
            allY[20 + i] = extraY[i];
        }
        double[][] pts = uniform(50, 3, 43);
        try (GaussianProcess base = GaussianProcess.condition(x, y, cat, Kernel.MATERN52, h, 1);
                GaussianProcess fantasy = base.withObservations(extra, extraY);
                GaussianProcess direct = GaussianProcess.condition(all, allY, cat, Kernel.MATERN52, h, 1,
                        base.targetMean(), base.targetStd())) {
            assertEquals(23, fantasy.size());
            assertEquals(20, base.size());
            assertEquals(base.targetMean(), fantasy.targetMean());
            assertEquals(base.targetStd(), fantasy.targetStd());
            assertEquals(h, fantasy.hyperparameters());
            Prediction a = fantasy.predict(pts);
            Prediction b = direct.predict(pts);
            assertArrayEquals(b.mean(), a.mean(), 0.0);
            assertArrayEquals(b.variance(), a.variance(), 0.0);
            assertEquals(direct.logMarginalLikelihood(), fantasy.logMarginalLikelihood(), 0.0);
            // The fantasies change the posterior at their own location.
            assertNotEquals(base.predict(extra).variance(0), a.variance(0));
        }
    }

    @Test
    void equalInputsAndEqualRandomStateGiveIdenticalFits() {
        double[][] x = uniform(25, 3, 51);
        double[] y = eval(x, p -> Math.exp(-p[0]) * Math.sin(4 * p[1]) + p[2]);
        GpSettings s = new GpSettings(Kernel.SQUARED_EXPONENTIAL, 3, 60, 1);
        double[][] pts = uniform(10, 3, 52);
        try (GaussianProcess a = GaussianProcess.fit(x, y, null, s, null, new SplittableRandom(7));
                GaussianProcess b = GaussianProcess.fit(x, y, null, s, null, new SplittableRandom(7))) {
            assertEquals(a.hyperparameters(), b.hyperparameters());
            assertEquals(a.logMarginalLikelihood(), b.logMarginalLikelihood(), 0.0);
            assertEquals(a.predict(pts), b.predict(pts));
        }
    }

    @Test
    void explicitStartAndConstantTargets() {
        double[][] x = uniform(8, 2, 61);
        double[] y = new double[8];
        java.util.Arrays.fill(y, 4.0);
        Hyperparameters start = new Hyperparameters(new double[] {0.3, 0.3}, 1.0, 0.01);
        try (GaussianProcess gp = GaussianProcess.fit(x, y, null, new GpSettings(Kernel.MATERN52, 0, 50, 1), start,
                new Random(0))) {
            assertEquals(1.0, gp.targetStd());
            Prediction p = gp.predict(uniform(5, 2, 62));
            for (int i = 0; i < 5; i++) assertEquals(4.0, p.mean(i), 1e-9);
        }
        // A single observation: std 1, the prior everywhere else.
        try (GaussianProcess gp = GaussianProcess.condition(new double[][] {{0.5}}, new double[] {2.0}, null,
                Kernel.MATERN52, new Hyperparameters(new double[] {0.2}, 1.0, 1e-6), 1)) {
            assertEquals(2.0, gp.predict(new double[][] {{40.0}}).mean(0), 1e-12);
            assertEquals(1.0, gp.predict(new double[][] {{40.0}}).variance(0), 1e-12);
        }
    }

    @Test
    void singularDataSucceedsThroughJitter() {
        // Every point duplicated, noise at its lower bound: K singular without the jitter.
        double[][] base = uniform(10, 2, 71);
        double[][] x = new double[20][];
        double[] y = new double[20];
        for (int i = 0; i < 20; i++) {
            x[i] = base[i / 2].clone();
            y[i] = Math.sin(3 * x[i][0]);
        }
        try (GaussianProcess gp = GaussianProcess.condition(x, y, null, Kernel.SQUARED_EXPONENTIAL,
                new Hyperparameters(new double[] {1.0, 1.0}, 1.0, 1e-300), 1)) {
            assertTrue(gp.jitter() >= 1e-8, "jitter " + gp.jitter());
            assertTrue(Double.isFinite(gp.predict(base).mean(0)));
        }
    }
}
