package io.ams.data;

import java.util.Objects;

/**
 * A dataset that comes with its own held-out test set (as MNIST-format folders do): the
 * training part, still to be split into train and validation, and the test part.
 */
public record TrainTest(Dataset train, Dataset test) {
    /** Both parts must describe the same features and task. */
    public TrainTest {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        if (train.cols() != test.cols() || train.isClassification() != test.isClassification()) {
            throw new IllegalArgumentException("train " + train + " and test " + test + " do not match");
        }
        if (train.isClassification() && !train.classNames().equals(test.classNames())) {
            throw new IllegalArgumentException("train " + train.name() + " and test " + test.name()
                    + " name their classes differently");
        }
    }
}
