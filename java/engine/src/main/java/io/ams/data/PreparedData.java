package io.ams.data;

import java.util.Objects;

/**
 * Data ready for a model search: split into train / validation / test and standardised with
 * statistics of the training part only.
 *
 * @param source       what the spec resolved to, before splitting and standardising
 * @param split        the standardised parts and the source rows each took
 * @param standardizer the transformation fitted on the training part, for scoring new data
 */
public record PreparedData(ResolvedData source, Split split, Standardizer standardizer) {
    /** Requires all parts. */
    public PreparedData {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(standardizer, "standardizer");
    }

    /** The standardised training part. */
    public Dataset train() {
        return split.train();
    }

    /** The standardised validation part, for choosing among models. */
    public Dataset validation() {
        return split.validation();
    }

    /** The standardised test part, for the final unbiased score. */
    public Dataset test() {
        return split.test();
    }
}
