package io.ams.nn;

/**
 * What pruning did: the validation metric before pruning, right after the last pruning step
 * (before its fine-tuning), and after fine-tuning; the weights before and the non-zero
 * weights and parameters left.
 */
public record PruningReport(Pruning pruning, double metricBefore, double metricAfterPruning,
                            double metricAfterFineTuning, long weightsBefore, long nonzeroWeightsAfter,
                            long parametersAfter) {
    /** Fraction of weights that are zero after pruning. */
    public double achievedSparsity() {
        return 1.0 - (double) nonzeroWeightsAfter / weightsBefore;
    }
}
