package io.ams.surrogate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** Bad inputs are rejected with messages that say where; close is idempotent. */
class GpArgumentsTest {

    static final double[][] X = {{0.1, 0.2}, {0.3, 0.4}, {0.5, 0.9}};
    static final double[] Y = {1, 2, 3};
    static final Hyperparameters H = new Hyperparameters(new double[] {0.5, 0.5}, 1, 1e-3);

    static void assertMessage(String needle, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(needle), "message '" + e.getMessage() + "' lacks '" + needle + "'");
    }

    static void condition(double[][] x, double[] y, boolean[] cat) {
        GaussianProcess.condition(x, y, cat, Kernel.MATERN52, H, 1).close();
    }

    static void fit(double[][] x, double[] y, boolean[] cat, Hyperparameters start) {
        GaussianProcess.fit(x, y, cat, GpSettings.defaults(), start, new Random(0)).close();
    }

    @Test
    void badDataIsRejected() {
        assertMessage("row 1, column 1", () -> condition(new double[][] {{0, 0}, {0, Double.NaN}, {1, 1}}, Y, null));
        assertMessage("row 2, column 0", () -> fit(new double[][] {{0, 0}, {0, 1}, {Double.POSITIVE_INFINITY, 1}}, Y, null, null));
        assertMessage("y at row 1", () -> condition(X, new double[] {1, Double.NaN, 3}, null));
        assertMessage("n == 0", () -> condition(new double[0][], new double[0], null));
        assertMessage("n == 0", () -> fit(new double[0][], new double[0], null, null));
        assertMessage("d == 0", () -> condition(new double[][] {{}, {}}, new double[2], null));
        assertMessage("y has 2 values for 3 rows", () -> condition(X, new double[] {1, 2}, null));
        assertMessage("row 1 has 1 columns, expected 2", () -> condition(new double[][] {{0, 0}, {1}, {1, 1}}, Y, null));
        assertMessage("row 1 is null", () -> condition(new double[][] {{0, 0}, null, {1, 1}}, Y, null));
        assertMessage("categorical has 3 entries for 2 columns", () -> condition(X, Y, new boolean[3]));
        assertMessage("start has 1 lengthscales for 2 dimensions",
                () -> fit(X, Y, null, new Hyperparameters(new double[] {1}, 1, 1e-3)));
        assertMessage("hyperparameters have 2 lengthscales for 1 dimensions",
                () -> GaussianProcess.condition(new double[][] {{0}}, new double[] {1}, null, Kernel.MATERN52, H, 1));
        assertMessage("threads", () -> GaussianProcess.condition(X, Y, null, Kernel.MATERN52, H, 0));
    }

    @Test
    void badValueTypesAreRejected() {
        assertMessage("lengthscale 1", () -> new Hyperparameters(new double[] {1, -1}, 1, 1));
        assertMessage("lengthscales is empty", () -> new Hyperparameters(new double[0], 1, 1));
        assertMessage("signal variance", () -> new Hyperparameters(new double[] {1}, Double.NaN, 1));
        assertMessage("noise variance", () -> new Hyperparameters(new double[] {1}, 1, 0));
        assertMessage("restarts", () -> new GpSettings(Kernel.MATERN52, -1, 10, 1));
        assertMessage("maxIterations", () -> new GpSettings(Kernel.MATERN52, 0, 0, 1));
        assertMessage("threads", () -> new GpSettings(Kernel.MATERN52, 0, 10, 0));
        assertMessage("mean has 2 values, variance 1", () -> new Prediction(new double[2], new double[1]));
        GpSettings d = GpSettings.defaults();
        assertEquals(new GpSettings(Kernel.MATERN52, 2, 100, 1), d);
        double[] l = {0.5, 0.7};
        Hyperparameters h = new Hyperparameters(l, 1, 1e-3);
        l[0] = 9;
        h.lengthscales()[1] = 9;
        assertEquals(new Hyperparameters(new double[] {0.5, 0.7}, 1, 1e-3), h);
    }

    @Test
    void predictionAndFantasyInputsAreChecked() {
        try (GaussianProcess gp = GaussianProcess.condition(X, Y, null, Kernel.MATERN52, H, 1)) {
            assertMessage("points row 0 has 3 columns, expected 2", () -> gp.predict(new double[][] {{1, 2, 3}}));
            assertMessage("points at row 1, column 0", () -> gp.predict(new double[][] {{1, 2}, {Double.NaN, 0}}));
            assertMessage("extraY has 1 values for 2 rows",
                    () -> gp.withObservations(new double[][] {{1, 2}, {3, 4}}, new double[] {1}));
            assertMessage("extraY at row 0", () -> gp.withObservations(new double[][] {{1, 2}}, new double[] {Double.NaN}));
            assertEquals(0, gp.predict(new double[0][]).size());
        }
    }

    @Test
    void closeIsIdempotentAndPredictAfterCloseFails() {
        GaussianProcess gp = GaussianProcess.condition(X, Y, null, Kernel.MATERN52, H, 1);
        gp.close();
        gp.close();
        assertThrows(IllegalStateException.class, () -> gp.predict(X));
    }
}
