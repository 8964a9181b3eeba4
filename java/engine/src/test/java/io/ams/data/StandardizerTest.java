package io.ams.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StandardizerTest {

    @Test
    void trainingFeaturesGetMeanZeroAndStdOne() {
        Dataset digits = Datasets.resolve("digits").data();
        Split split = Splits.split(digits, 0.15, 0.15, 1);

        Dataset train = Standardizer.fit(split.train()).apply(split.train());

        int n = train.rows();
        int d = train.cols();
        for (int c = 0; c < d; c++) {
            double sum = 0;
            double squares = 0;
            for (int r = 0; r < n; r++) {
                sum += train.feature(r, c);
            }
            double mean = sum / n;
            for (int r = 0; r < n; r++) {
                squares += (train.feature(r, c) - mean) * (train.feature(r, c) - mean);
            }
            double std = Math.sqrt(squares / n);
            assertEquals(0, mean, 1e-5, "mean of column " + c);
            // digits has border pixels that are always 0: those stay constant (std 0)
            if (std != 0) {
                assertEquals(1, std, 1e-5, "std of column " + c);
            }
        }
    }

    @Test
    void otherPartsUseTheTrainingStatistics() {
        // train column 0: 1, 3 -> mean 2, std 1; column 1: 10, 30 -> mean 20, std 10
        Dataset train = table("train", 1, 10, 3, 30);
        Dataset validation = table("validation", 5, 0, 2, 20);

        Standardizer standardizer = Standardizer.fit(train);
        Dataset scaled = standardizer.apply(validation);

        assertArrayEquals(new double[] {2, 20}, standardizer.mean(), 1e-12);
        assertArrayEquals(new double[] {1, 10}, standardizer.std(), 1e-12);
        assertArrayEquals(new float[] {(5 - 2) / 1f, (0 - 20) / 10f, 0, 0}, scaled.features(), 1e-6f);
        assertSame(validation.labels(), scaled.labels(), "labels are untouched");
        assertArrayEquals(new float[] {5, 0, 2, 20}, validation.features(), "input not modified");
    }

    @Test
    void constantColumnStaysFinite() {
        Dataset train = table("train", 4, 1, 4, 2, 4, 3);
        Dataset other = table("other", 7, 1);

        Standardizer standardizer = Standardizer.fit(train);

        assertEquals(1, standardizer.std()[0], "std 0 is replaced by 1");
        float[] scaledTrain = standardizer.apply(train).features();
        assertEquals(0f, scaledTrain[0]);
        assertEquals(3f, standardizer.apply(other).features()[0], "7 - 4, divided by 1");
        for (float value : scaledTrain) {
            assertTrue(Float.isFinite(value));
        }
    }

    @Test
    void columnCountMustMatch() {
        Standardizer standardizer = Standardizer.fit(table("train", 1, 2, 3, 4));
        Dataset wide = Dataset.classification("wide", new float[3], 1, 3, List.of(), new int[1], List.of("x"));

        assertThrows(IllegalArgumentException.class, () -> standardizer.apply(wide));
    }

    /** Two-column rows, all of class 0. */
    private static Dataset table(String name, float... values) {
        int rows = values.length / 2;
        return Dataset.classification(name, values, rows, 2, List.of(), new int[rows], List.of("only"));
    }
}
