package io.ams.data;

import java.util.Objects;

/**
 * A dataset divided into train, validation and test parts, with the rows each part took.
 *
 * <p>{@code trainRows} and {@code validationRows} index the dataset that was split;
 * {@code testRows} index it too, except when the source brought its own test set, where they
 * are simply {@code 0..test.rows()-1} of that set. The arrays are shared, not copied: do not
 * modify them.
 */
public record Split(Dataset train, Dataset validation, Dataset test,
                    int[] trainRows, int[] validationRows, int[] testRows) {
    /** Each index array must match its part's row count. */
    public Split {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(test, "test");
        if (trainRows.length != train.rows() || validationRows.length != validation.rows()
                || testRows.length != test.rows()) {
            throw new IllegalArgumentException("row indices do not match the parts' sizes");
        }
    }

    /** The same rows with other datasets of the same sizes, e.g. standardised ones. */
    public Split withData(Dataset newTrain, Dataset newValidation, Dataset newTest) {
        return new Split(newTrain, newValidation, newTest, trainRows, validationRows, testRows);
    }

    /** Sizes, e.g. {@code iris split 104 / 23 / 23}. */
    @Override
    public String toString() {
        return "split " + train.rows() + " / " + validation.rows() + " / " + test.rows()
                + " (train / validation / test)";
    }
}
