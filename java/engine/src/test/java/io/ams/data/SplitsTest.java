package io.ams.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitsTest {

    /**
     * 200 rows sorted by class, unbalanced: classes 0..3 have 100, 60, 33 and 7 rows. Feature 0
     * is the row number, feature 1 ten times the class.
     */
    static Dataset unbalanced() {
        int[] sizes = {100, 60, 33, 7};
        int n = IntStream.of(sizes).sum();
        int[] labels = new int[n];
        float[] features = new float[n * 2];
        int row = 0;
        for (int c = 0; c < sizes.length; c++) {
            for (int i = 0; i < sizes[c]; i++, row++) {
                labels[row] = c;
                features[row * 2] = row;
                features[row * 2 + 1] = c * 10;
            }
        }
        return Dataset.classification("toy", features, n, 2, List.of("row", "class"), labels,
                List.of("a", "b", "c", "d"));
    }

    @Test
    void sizesFollowTheFractions() {
        Split split = Splits.split(unbalanced(), 0.15, 0.25, 1);

        assertEquals(50, split.test().rows(), "round(200 * 0.25)");
        assertEquals(30, split.validation().rows(), "round(200 * 0.15)");
        assertEquals(120, split.train().rows());
        assertEquals("toy[train]", split.train().name());
    }

    @Test
    void everyRowInExactlyOnePart() {
        Split split = Splits.split(unbalanced(), 0.15, 0.25, 7);

        int[] seen = new int[200];
        for (int[] part : List.of(split.trainRows(), split.validationRows(), split.testRows())) {
            for (int row : part) {
                seen[row]++;
            }
        }
        assertTrue(Arrays.stream(seen).allMatch(count -> count == 1), Arrays.toString(seen));
    }

    @Test
    void partsHoldTheRowsTheirIndicesName() {
        Dataset data = unbalanced();
        Split split = Splits.split(data, 0.15, 0.25, 7);

        for (int i = 0; i < split.testRows().length; i++) {
            int row = split.testRows()[i];
            assertArrayEquals(data.row(row), split.test().row(i));
            assertEquals(data.label(row), split.test().label(i));
        }
    }

    @Test
    void classProportionsWithinOneRowPerClass() {
        Dataset data = unbalanced();
        int[] classSizes = data.classCounts();
        for (long seed = 0; seed < 20; seed++) {
            Split split = Splits.split(data, 0.15, 0.25, seed);
            assertProportions(split.test(), classSizes, 0.25);
            assertProportions(split.validation(), classSizes, 0.15);
            assertProportions(split.train(), classSizes, 0.60);
            assertEquals(4, split.test().classes(), "class names survive even for rare classes");
        }
    }

    private static void assertProportions(Dataset part, int[] classSizes, double fraction) {
        int[] counts = part.classCounts();
        for (int c = 0; c < classSizes.length; c++) {
            double expected = classSizes[c] * fraction;
            assertTrue(Math.abs(counts[c] - expected) <= 1.0 + 1e-9,
                    part.name() + " class " + c + ": " + counts[c] + " rows, expected about " + expected);
        }
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        Dataset data = unbalanced();

        Split a = Splits.split(data, 0.15, 0.25, 42);
        Split b = Splits.split(data, 0.15, 0.25, 42);
        Split c = Splits.split(data, 0.15, 0.25, 43);

        assertArrayEquals(a.trainRows(), b.trainRows());
        assertArrayEquals(a.validationRows(), b.validationRows());
        assertArrayEquals(a.testRows(), b.testRows());
        assertFalse(Arrays.equals(a.testRows(), c.testRows()));
    }

    @Test
    void partsAreNotOrderedByClass() {
        Split split = Splits.split(unbalanced(), 0.15, 0.25, 3);

        int[] labels = split.train().labels();
        int[] sorted = labels.clone();
        Arrays.sort(sorted);
        assertFalse(Arrays.equals(sorted, labels));
    }

    @Test
    void regressionIsAPlainShuffleSplit() {
        int n = 101;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = 2 * i;
        }
        Dataset data = Dataset.regression("line", x, n, 1, List.of(), y, 1);

        Split split = Splits.split(data, 0.2, 0.1, 5);

        assertEquals(10, split.test().rows());
        assertEquals(20, split.validation().rows());
        assertEquals(71, split.train().rows());
        int[] all = IntStream.concat(IntStream.concat(IntStream.of(split.trainRows()),
                IntStream.of(split.validationRows())), IntStream.of(split.testRows())).sorted().toArray();
        assertArrayEquals(IntStream.range(0, n).toArray(), all);
        for (int i = 0; i < split.validation().rows(); i++) {
            assertEquals(2 * split.validation().feature(i, 0), split.validation().targets()[i]);
        }
    }

    @Test
    void ownTestSetIsKeptAndTrainSplitInTwo() {
        Dataset train = unbalanced();
        Dataset test = unbalanced().subset(new int[] {0, 150, 199}, "toy[test]");

        Split split = Splits.split(new TrainTest(train, test), 0.1, 9);

        assertEquals(test, split.test());
        assertArrayEquals(new int[] {0, 1, 2}, split.testRows());
        assertEquals(20, split.validation().rows());
        assertEquals(180, split.train().rows());
        assertProportions(split.validation(), train.classCounts(), 0.1);
    }

    @Test
    void fractionsMustLeaveTrainingRows() {
        assertThrows(IllegalArgumentException.class, () -> Splits.split(unbalanced(), 0.5, 0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> Splits.split(unbalanced(), -0.1, 0.2, 1));
    }
}
