package io.ams.data;

import java.util.Objects;
import java.util.Optional;

/**
 * What a dataset spec resolved to: the data to split, and the source's own test set when it has
 * one (Fashion-MNIST and other {@code idx:} folders), in which case only train/validation
 * remain to be split off.
 *
 * @param spec    the spec as given, e.g. {@code iris} or {@code csv:data/house.csv}
 * @param data    all rows to split (the training part when the source has its own test set)
 * @param ownTest the source's held-out test set, if it has one
 */
public record ResolvedData(String spec, Dataset data, Optional<Dataset> ownTest) {
    /** Requires non-null parts; an own test set must match {@code data}'s features and task. */
    public ResolvedData {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(ownTest, "ownTest");
        ownTest.ifPresent(test -> new TrainTest(data, test));
    }

    /** True when the source brought its own test set, so {@link #split} ignores the test fraction. */
    public boolean hasOwnTestSet() {
        return ownTest.isPresent();
    }

    /**
     * Train / validation / test parts, stratified for classification and reproducible for a
     * seed. With an own test set, that set is the test part and {@code testFraction} is unused;
     * {@code validationFraction} is then of the training part's rows.
     */
    public Split split(double validationFraction, double testFraction, long seed) {
        return ownTest.map(test -> Splits.split(new TrainTest(data, test), validationFraction, seed))
                .orElseGet(() -> Splits.split(data, validationFraction, testFraction, seed));
    }
}
