package io.ams.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetTest {
    private static Dataset threeRows() {
        return Dataset.classification("t", new float[] {1, 2, 3, 4, 5, 6}, 3, 2, List.of("x", "y"),
                new int[] {2, 0, 2}, List.of("a", "b", "c"));
    }

    @Test
    void rawArraysAreExposedWithoutCopying() {
        float[] features = {1, 2, 3, 4, 5, 6};
        int[] labels = {2, 0, 2};
        Dataset data = Dataset.classification("t", features, 3, 2, List.of(), labels, List.of("a", "b", "c"));

        assertSame(features, data.features());
        assertSame(labels, data.labels());
        assertEquals(4f, data.feature(1, 1));
        assertArrayEquals(new float[] {5, 6}, data.row(2));
        assertArrayEquals(new int[] {1, 0, 2}, data.classCounts());
        assertEquals("t: 3 x 2, 3 classes", data.toString());
    }

    @Test
    void subsetCopiesRowsInOrderAndKeepsAllClassNames() {
        Dataset sub = threeRows().subset(new int[] {2, 2, 1}, "sub");

        assertEquals("sub", sub.name());
        assertArrayEquals(new float[] {5, 6, 5, 6, 3, 4}, sub.features());
        assertArrayEquals(new int[] {2, 2, 0}, sub.labels());
        assertEquals(List.of("a", "b", "c"), sub.classNames());
        assertEquals(List.of("x", "y"), sub.featureNames());
        assertThrows(IndexOutOfBoundsException.class, () -> threeRows().subset(new int[] {3}));
    }

    @Test
    void regressionSubsetCarriesTargetRows() {
        Dataset data = Dataset.regression("r", new float[] {1, 2, 3}, 3, 1, List.of(),
                new float[] {10, 11, 20, 21, 30, 31}, 2);

        Dataset sub = data.subset(new int[] {2, 0});

        assertArrayEquals(new float[] {30, 31, 10, 11}, sub.targets());
        assertEquals(2, sub.targetDim());
        assertThrows(IllegalStateException.class, sub::labels);
        assertThrows(IllegalStateException.class, () -> threeRows().targets());
    }

    @Test
    void inconsistentShapesAreRejected() {
        List<String> names = List.of("a", "b");
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification("t", new float[5], 3, 2, List.of(), new int[3], names));
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification("t", new float[6], 3, 2, List.of(), new int[2], names));
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification("t", new float[6], 3, 2, List.of(), new int[] {0, 2, 1}, names));
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification("t", new float[6], 3, 2, List.of("only one"), new int[3], names));
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.regression("t", new float[6], 3, 2, List.of(), new float[4], 1));
    }
}
