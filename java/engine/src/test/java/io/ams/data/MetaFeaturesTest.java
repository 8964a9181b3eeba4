package io.ams.data;

import io.ams.core.SymmetricEigen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MetaFeaturesTest {
    /** Tolerance for values computed in double from exact float inputs. */
    private static final double EXACT = 1e-12;

    /**
     * 8 rows, 3 columns, 2 classes. Column x1 = 0 0 0 1 4 5 10 12, column x2 = 2 x1 + 1
     * (perfectly correlated with x1), column x3 = 7 everywhere (constant). Rows 0-4 are class 0,
     * rows 5-7 class 1.
     */
    private static Dataset tiny() {
        float[] x1 = {0, 0, 0, 1, 4, 5, 10, 12};
        float[] features = new float[8 * 3];
        for (int r = 0; r < 8; r++) {
            features[r * 3] = x1[r];
            features[r * 3 + 1] = 2 * x1[r] + 1;
            features[r * 3 + 2] = 7;
        }
        return Dataset.classification("tiny", features, 8, 3, List.of("x1", "x2", "x3"),
                new int[] {0, 0, 0, 0, 0, 1, 1, 1}, List.of("a", "b"));
    }

    @Test
    void tinyDatasetMatchesHandComputedValues() {
        MetaFeatures m = MetaFeatures.of(tiny(), 42);

        assertEquals(8, m.samples());
        assertEquals(3, m.features());
        assertEquals(2, m.classes());
        assertEquals(Math.log(8), m.logSamples(), EXACT);
        assertEquals(Math.log(3), m.logFeatures(), EXACT);

        // Class counts 5 and 3: p = 5/8, 3/8.
        // H = -(5/8 ln 5/8 + 3/8 ln 3/8) = 0.625 * 0.470004 + 0.375 * 0.980829 = 0.661563
        // normalised: H / ln 2 = 0.661563 / 0.693147 = 0.954434
        assertEquals(0.661563, m.classEntropy(), 1e-6);
        assertEquals(0.954434, m.normalisedClassEntropy(), 1e-6);
        // imbalance = smallest / largest = 3 / 5
        assertEquals(0.6, m.imbalance(), EXACT);

        // x1: mean = 32 / 8 = 4; deviations -4 -4 -4 -3 0 1 6 8.
        //   m2 = (16+16+16+9+0+1+36+64) / 8 = 158 / 8 = 19.75
        //   m3 = (-64*3 - 27 + 0 + 1 + 216 + 512) / 8 = 510 / 8 = 63.75
        //   m4 = (256*3 + 81 + 0 + 1 + 1296 + 4096) / 8 = 6242 / 8 = 780.25
        //   skewness = m3 / m2^1.5 = 63.75 / 87.7707 = 0.726323
        //   excess kurtosis = m4 / m2^2 - 3 = 780.25 / 390.0625 - 3 = -0.999680
        // x2 = 2 x1 + 1: moments scale by 2^j, so skewness and kurtosis equal x1's.
        // x3 is constant: contributes 0 to both and counts, so the means are 2/3 of x1's.
        double skew = 63.75 / Math.pow(19.75, 1.5);
        double kurt = 780.25 / (19.75 * 19.75) - 3;
        assertEquals(0.726323, skew, 1e-6);
        assertEquals(-0.999680, kurt, 1e-6);
        assertEquals(2 * skew / 3, m.meanSkewness(), EXACT);
        assertEquals(2 * kurt / 3, m.meanKurtosis(), EXACT);

        // PCA: x3 is constant (zero variance once standardised); x1 and x2 have correlation 1,
        // so the correlation matrix is [[1, 1], [1, 1]] with eigenvalues 2 and 0: one component
        // explains 100% >= 95%. Fraction 1 / 3 columns.
        assertEquals(1, m.pcaComponents());
        assertEquals(1.0 / 3, m.pcaFraction(), EXACT);

        // 1-NN, leave-one-out. Standardised x1 and x2 are identical and x3 is 0, so distances
        // are sqrt(2) times |x1 difference| / sd and the nearest row is the nearest in x1:
        //   rows 0, 1, 2 (x1 = 0, class a): another 0 at distance 0 -> a, right
        //   row 3 (x1 = 1, a): nearest 0 (1 away; 4 is 3 away) -> a, right
        //   row 4 (x1 = 4, a): nearest 5 (1 away; 1 is 3 away) -> b, WRONG
        //   row 5 (x1 = 5, b): nearest 4 (1 away; 10 is 5 away) -> a, WRONG
        //   row 6 (x1 = 10, b): nearest 12 (2 away; 5 is 5 away) -> b, right
        //   row 7 (x1 = 12, b): nearest 10 (2 away) -> b, right
        // 6 of 8 right.
        assertEquals(0.75, m.oneNnAccuracy(), EXACT);
        // The linear landmarker is checked on a separable dataset below; here only its range.
        assertTrue(m.linearAccuracy() >= 0 && m.linearAccuracy() <= 1, "linear " + m.linearAccuracy());
    }

    /**
     * Two tight clusters 20 apart along x (spread 0.2 each) with a y that does not matter. In
     * every 5-fold training set (4 rows of each class) least squares on the 0/1 indicator of
     * class b fits a plane that is about 0 on cluster a and about 1 on cluster b (exactly so if
     * the clusters were points: the fit is then a step of height 1 over a gap of 20, so a
     * slope of about 0.05 per unit of x, and the within-cluster spread of 0.2 moves the score by
     * about 0.01 -- far from the 0.5 that would flip the arg-max). So every held-out row is
     * classified right: accuracy 1.0, exactly. 1-NN is also 1.0: a row's own cluster is 0.4
     * away at most, the other 19.6 at least.
     */
    @Test
    void linearModelSeparatesASeparableDataset() {
        float[] features = {
            -10.0f, 0, -10.2f, 1, -9.8f, -1, -10.1f, 0.5f, -9.9f, -0.5f,
            10.0f, 0, 10.2f, -1, 9.8f, 1, 10.1f, -0.5f, 9.9f, 0.5f};
        Dataset data = Dataset.classification("separable", features, 10, 2, List.of(),
                new int[] {0, 0, 0, 0, 0, 1, 1, 1, 1, 1}, List.of("a", "b"));
        for (long seed = 0; seed < 5; seed++) {
            MetaFeatures m = MetaFeatures.of(data, seed);
            assertEquals(1.0, m.linearAccuracy(), 0.0, "seed " + seed);
            assertEquals(1.0, m.oneNnAccuracy(), 0.0, "seed " + seed);
            assertEquals(Math.log(2), m.classEntropy(), EXACT);
            assertEquals(1.0, m.normalisedClassEntropy(), EXACT);
            assertEquals(1.0, m.imbalance(), 0.0);
        }
    }

    /** [[2, 1], [1, 2]]: eigenvalues 3 and 1, eigenvectors (1, 1) / sqrt 2 and (1, -1) / sqrt 2. */
    @Test
    void eigenSolverMatchesTwoByTwoClosedForm() {
        SymmetricEigen e = SymmetricEigen.of(new double[][] {{2, 1}, {1, 2}});
        assertArrayEquals(new double[] {3, 1}, e.values(), 1e-14);
        double h = Math.sqrt(0.5);
        // Up to sign: compare |components| and the sign pattern within each vector.
        assertEquals(h, Math.abs(e.vectors()[0][0]), 1e-14);
        assertEquals(e.vectors()[0][0], e.vectors()[1][0], 1e-14);
        assertEquals(h, Math.abs(e.vectors()[0][1]), 1e-14);
        assertEquals(-e.vectors()[0][1], e.vectors()[1][1], 1e-14);
    }

    /** The 3 x 3 second-difference matrix [[2,-1,0],[-1,2,-1],[0,-1,2]]: eigenvalues 2 + sqrt 2, 2, 2 - sqrt 2. */
    @Test
    void eigenSolverMatchesThreeByThreeClosedForm() {
        double[][] a = {{2, -1, 0}, {-1, 2, -1}, {0, -1, 2}};
        SymmetricEigen e = SymmetricEigen.of(a);
        assertArrayEquals(new double[] {2 + Math.sqrt(2), 2, 2 - Math.sqrt(2)}, e.values(), 1e-13);
        assertReconstructs(a, e, 1e-13);
    }

    @Test
    void eigenSolverReconstructsARandomSymmetricMatrix() {
        Random random = new Random(7);
        int n = 20;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                a[i][j] = random.nextGaussian();
                a[j][i] = a[i][j];
            }
        }
        SymmetricEigen e = SymmetricEigen.of(a);
        assertReconstructs(a, e, 1e-10);
        double[][] v = e.vectors();
        for (int p = 0; p < n; p++) {
            for (int q = 0; q < n; q++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += v[i][p] * v[i][q];
                }
                assertEquals(p == q ? 1 : 0, dot, 1e-10, "V^T V at " + p + ", " + q);
            }
            if (p > 0) {
                assertTrue(e.values()[p - 1] >= e.values()[p], "eigenvalues descending");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.of(new double[][] {{1, 2}, {3, 1}}));
    }

    /** V diag(lambda) V^T = A entry by entry. */
    private static void assertReconstructs(double[][] a, SymmetricEigen e, double tolerance) {
        int n = a.length;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int t = 0; t < n; t++) {
                    sum += e.vectors()[i][t] * e.values()[t] * e.vectors()[j][t];
                }
                assertEquals(a[i][j], sum, tolerance, "entry " + i + ", " + j);
            }
        }
    }

    @Test
    void sameSeedSameValues() {
        Dataset digits = Datasets.resolve("digits").data();
        MetaFeatures a = MetaFeatures.of(digits, 3);
        MetaFeatures b = MetaFeatures.of(digits, 3);
        assertEquals(a, b);
        assertArrayEquals(a.vector(), b.vector(), 0.0);
        assertEquals(0.0, MetaFeatures.distance(a, b), 0.0);
        MetaFeatures tinyA = MetaFeatures.of(tiny(), 9);
        assertEquals(tinyA, MetaFeatures.of(tiny(), 9));
    }

    @Test
    void irisIsBalancedAndEasy() {
        MetaFeatures m = MetaFeatures.of(Datasets.resolve("iris").data(), 0);
        System.out.println("iris meta-features: " + m.values());
        assertEquals(150, m.samples());
        assertEquals(4, m.features());
        assertEquals(3, m.classes());
        assertEquals(Math.log(3), m.classEntropy(), EXACT);
        assertEquals(1.0, m.normalisedClassEntropy(), EXACT);
        assertEquals(1.0, m.imbalance(), 0.0);
        assertTrue(m.oneNnAccuracy() > 0.9, "1-NN " + m.oneNnAccuracy());
        assertTrue(m.linearAccuracy() > 0.7, "linear " + m.linearAccuracy());
        // Standardised iris: eigenvalues about 2.92, 0.91, 0.15, 0.02 -> 73%, 96%: 2 components.
        assertEquals(2, m.pcaComponents());
        assertEquals(0.5, m.pcaFraction(), EXACT);
    }

    @Test
    void bundledDatasetsAreInRangeAndDigitsCostIsPrinted() {
        for (String name : List.of("wine", "breast_cancer", "digits")) {
            Dataset data = Datasets.resolve(name).data();
            long start = System.nanoTime();
            MetaFeatures m = MetaFeatures.of(data, 1);
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println(name + " meta-features in " + millis + " ms: " + m.values());
            assertEquals(data.rows(), m.samples());
            assertEquals(data.cols(), m.features());
            assertTrue(m.normalisedClassEntropy() > 0.9 && m.normalisedClassEntropy() <= 1 + EXACT);
            assertTrue(m.imbalance() > 0.5 && m.imbalance() <= 1);
            assertTrue(m.pcaComponents() >= 1 && m.pcaComponents() <= data.cols());
            assertTrue(m.oneNnAccuracy() > 0.7, name + " 1-NN " + m.oneNnAccuracy());
            assertTrue(m.linearAccuracy() > 0.8, name + " linear " + m.linearAccuracy());
            assertEquals(m.names().size(), m.vector().length);
            for (double v : m.vector()) {
                assertTrue(Double.isFinite(v), name + " " + m.values());
            }
        }
    }

    @Test
    void distanceIsEuclideanOnTheVector() {
        MetaFeatures a = MetaFeatures.of(tiny(), 1);
        MetaFeatures b = MetaFeatures.of(Datasets.resolve("iris").data(), 1);
        double[] x = a.vector();
        double[] y = b.vector();
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += (x[i] - y[i]) * (x[i] - y[i]);
        }
        assertEquals(Math.sqrt(sum), MetaFeatures.distance(a, b), EXACT);
        assertEquals(MetaFeatures.distance(a, b), MetaFeatures.distance(b, a), 0.0);
        assertEquals(List.of("log_samples", "log_features", "normalised_class_entropy", "imbalance",
                "mean_skewness_slog", "mean_kurtosis_slog", "pca_fraction", "one_nn_accuracy", "linear_accuracy"),
                a.names());
        assertEquals(MetaFeatures.signedLog1p(a.meanKurtosis()), x[5], EXACT);
        assertTrue(x[5] < 0, "negative kurtosis keeps its sign");
    }

    @Test
    void regressionAndDegenerateDatasetsAreRefused() {
        Dataset regression = Dataset.regression("r", new float[] {1, 2, 3}, 3, 1, List.of(), new float[] {1, 2, 3}, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetaFeatures.of(regression, 0));
        assertTrue(e.getMessage().contains("regression"), e.getMessage());
        Dataset oneRow = Dataset.classification("one", new float[] {1}, 1, 1, List.of(), new int[] {0}, List.of("a"));
        assertThrows(IllegalArgumentException.class, () -> MetaFeatures.of(oneRow, 0));
    }

    /** Each class keeps its share of the 1,000-row landmark subsample: floor or ceiling of count * 1000 / n. */
    @Test
    void landmarkSubsampleIsStratified() {
        Dataset digits = Datasets.resolve("digits").data();
        int[] rows = MetaFeatures.stratifiedRows(digits, 1000, new Random(5));
        assertEquals(1000, rows.length);
        int[] counts = digits.classCounts();
        int[] taken = new int[counts.length];
        for (int i = 0; i < rows.length; i++) {
            if (i > 0) {
                assertTrue(rows[i - 1] < rows[i], "distinct, ascending");
            }
            taken[digits.label(rows[i])]++;
        }
        for (int c = 0; c < counts.length; c++) {
            double exact = counts[c] * 1000.0 / digits.rows();
            assertTrue(taken[c] == (int) Math.floor(exact) || taken[c] == (int) Math.ceil(exact),
                    "class " + c + ": " + taken[c] + " for a share of " + exact);
        }
    }

    /** 2,500 rows (digits plus 703 repeated rows): PCA samples 2,000 of them, seeded. */
    @Test
    void largeDatasetsAreSampledDeterministically() {
        Dataset digits = Datasets.resolve("digits").data();
        int[] indices = new int[2500];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = i % digits.rows();
        }
        Dataset big = digits.subset(indices, "digits+");
        MetaFeatures a = MetaFeatures.of(big, 11);
        assertEquals(a, MetaFeatures.of(big, 11));
        assertEquals(2500, a.samples());
        // Repeating rows barely moves the correlation matrix: within a few of digits' 40.
        assertTrue(a.pcaComponents() >= 35 && a.pcaComponents() <= 45, "PCA " + a.pcaComponents());
        // Repeated rows are their own nearest neighbours when both copies are drawn.
        assertTrue(a.oneNnAccuracy() > 0.95, "1-NN " + a.oneNnAccuracy());
    }
}
