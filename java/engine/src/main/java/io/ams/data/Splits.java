package io.ams.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Seeded train / validation / test splits. Classification data is split per class so each part
 * keeps the class proportions (within one row per class); regression data is shuffled and cut.
 * The same dataset, fractions and seed always give the same split, on any JVM.
 *
 * <p>Part sizes are {@code round(n * fraction)} for validation and test, and the rest for
 * train. Within each part rows are shuffled, so a part is never ordered by class.
 */
public final class Splits {
    private Splits() {
    }

    /** Splits one dataset three ways; fractions are of all rows and must sum to less than 1. */
    public static Split split(Dataset data, double validationFraction, double testFraction, long seed) {
        requireFractions(validationFraction, testFraction);
        Random random = new Random(seed);
        // test is cut first, so changing only the validation fraction leaves the test set alone
        int[][] parts = partition(data, new double[] {testFraction, validationFraction}, random);
        int[] test = parts[0];
        int[] validation = parts[1];
        int[] train = parts[2];
        requireTrainRows(data, train);
        return new Split(data.subset(train, data.name() + "[train]"),
                data.subset(validation, data.name() + "[validation]"),
                data.subset(test, data.name() + "[test]"),
                train, validation, test);
    }

    /**
     * Splits a source's training part into train and validation, keeping its own test set
     * as the test part; {@code validationFraction} is of the training part's rows.
     */
    public static Split split(TrainTest data, double validationFraction, long seed) {
        requireFractions(validationFraction, 0);
        Dataset whole = data.train();
        int[][] parts = partition(whole, new double[] {validationFraction}, new Random(seed));
        int[] validation = parts[0];
        int[] train = parts[1];
        requireTrainRows(whole, train);
        int[] test = new int[data.test().rows()];
        Arrays.setAll(test, i -> i);
        return new Split(whole.subset(train, whole.name() + "[train]"),
                whole.subset(validation, whole.name() + "[validation]"),
                data.test(), train, validation, test);
    }

    /**
     * Row indices for each fraction in turn, then the remaining rows, each shuffled. Rows are
     * grouped by class (one group for regression); every group gives each part its share of
     * the group, rounded so the part sizes still total {@code round(n * fraction)}.
     */
    private static int[][] partition(Dataset data, double[] fractions, Random random) {
        int[][] groups = groups(data);
        for (int[] group : groups) {
            shuffle(group, random);
        }
        int[][] quotas = quotas(groups, data.rows(), fractions);
        List<int[]> result = new ArrayList<>();
        int[] taken = new int[groups.length];
        for (int p = 0; p <= fractions.length; p++) {
            int size = 0;
            for (int g = 0; g < groups.length; g++) {
                size += p < fractions.length ? quotas[p][g] : groups[g].length - taken[g];
            }
            int[] part = new int[size];
            int at = 0;
            for (int g = 0; g < groups.length; g++) {
                int count = p < fractions.length ? quotas[p][g] : groups[g].length - taken[g];
                System.arraycopy(groups[g], taken[g], part, at, count);
                at += count;
                taken[g] += count;
            }
            shuffle(part, random);
            result.add(part);
        }
        return result.toArray(new int[0][]);
    }

    /** Rows of each class in row order, or all rows as one group for regression. */
    private static int[][] groups(Dataset data) {
        if (!data.isClassification()) {
            int[] all = new int[data.rows()];
            Arrays.setAll(all, i -> i);
            return new int[][] {all};
        }
        int[] counts = data.classCounts();
        int[][] groups = new int[counts.length][];
        for (int c = 0; c < counts.length; c++) {
            groups[c] = new int[counts[c]];
        }
        int[] filled = new int[counts.length];
        int[] labels = data.labels();
        for (int r = 0; r < labels.length; r++) {
            groups[labels[r]][filled[labels[r]]++] = r;
        }
        return groups;
    }

    /**
     * How many rows of each group go to each part: the floor of the group's exact share, plus
     * one more for the groups with the largest remainders until the part reaches its total
     * (largest-remainder apportionment), never taking more rows than a group has left.
     */
    private static int[][] quotas(int[][] groups, int rows, double[] fractions) {
        int[] left = new int[groups.length];
        for (int g = 0; g < groups.length; g++) {
            left[g] = groups[g].length;
        }
        int[][] quotas = new int[fractions.length][groups.length];
        for (int p = 0; p < fractions.length; p++) {
            double fraction = fractions[p];
            int[] quota = quotas[p];
            int missing = (int) Math.round(rows * fraction);
            double[] remainder = new double[groups.length];
            for (int g = 0; g < groups.length; g++) {
                double exact = groups[g].length * fraction;
                quota[g] = Math.min((int) Math.floor(exact), left[g]);
                remainder[g] = exact - Math.floor(exact);
                missing -= quota[g];
            }
            Integer[] order = new Integer[groups.length];
            Arrays.setAll(order, g -> g);
            Arrays.sort(order, Comparator.comparingDouble((Integer g) -> -remainder[g]));
            // Each pass adds at most one row per group; more than one pass is needed only when
            // tiny groups ran out of rows.
            boolean progress = true;
            while (missing > 0 && progress) {
                progress = false;
                for (int g : order) {
                    if (missing > 0 && quota[g] < left[g]) {
                        quota[g]++;
                        missing--;
                        progress = true;
                    }
                }
            }
            for (int g = 0; g < groups.length; g++) {
                left[g] -= quota[g];
            }
        }
        return quotas;
    }

    private static void shuffle(int[] values, Random random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }

    private static void requireFractions(double validationFraction, double testFraction) {
        if (!(validationFraction >= 0 && testFraction >= 0 && validationFraction + testFraction < 1)) {
            throw new IllegalArgumentException("validation fraction " + validationFraction + " and test fraction "
                    + testFraction + " must be non-negative and leave rows for training (sum below 1)");
        }
    }

    private static void requireTrainRows(Dataset data, int[] train) {
        if (train.length == 0) {
            throw new IllegalArgumentException(data.name() + " has too few rows (" + data.rows()
                    + ") to leave any for training");
        }
    }
}
