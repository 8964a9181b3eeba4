package io.ams.genome;

/**
 * How a dataset is cut for an MLP search: the search scores configurations on the validation
 * part, and the test part is touched only to report the final pick.
 *
 * @param validation the fraction of the samples held out for validation, in (0, 1)
 * @param test       the fraction held out for the final test, in [0, 1); datasets that bring
 *                   their own test set (Fashion-MNIST) ignore it
 * @param seed       the seed of the shuffle, so a study's split is the same on resume
 */
public record SplitSpec(double validation, double test, long seed) {
    /** 15% validation, 15% test, seed 1. */
    public static final SplitSpec DEFAULT = new SplitSpec(0.15, 0.15, 1);

    public SplitSpec {
        if (!(validation > 0 && validation < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validation);
        }
        if (!(test >= 0 && test < 1)) throw new IllegalArgumentException("test fraction must be in [0, 1), got " + test);
        if (!(validation + test < 1)) {
            throw new IllegalArgumentException("validation + test must leave samples to train on, got "
                    + validation + " + " + test);
        }
    }
}
