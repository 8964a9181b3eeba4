package io.ams.engine;

/**
 * A point a strategy asks to have evaluated. {@code sequence} numbers a strategy's proposals
 * 0, 1, 2, ... in the order it made them; with the seed it identifies the proposal across a
 * restart, which is how a resumed study matches stored trials to a replayed strategy.
 *
 * <p>Multi-fidelity strategies also say at which {@code fidelity} (a budget such as epochs;
 * {@code 0} = the objective's own full budget) and, for a promotion, which earlier proposal's
 * trained state the trial continues ({@code parent}, that proposal's sequence number; {@code -1}
 * = none, train from scratch). A parent must have been told before its child is proposed.
 */
public record Proposal(long sequence, double[] point, double fidelity, long parent) {
    public Proposal {
        point = point.clone();
        if (!(fidelity >= 0) || Double.isInfinite(fidelity)) {
            throw new IllegalArgumentException("fidelity must be finite and >= 0, got " + fidelity);
        }
        if (parent < -1 || parent >= sequence) {
            throw new IllegalArgumentException("parent must be -1 or an earlier proposal's sequence, got " + parent
                    + " for proposal " + sequence);
        }
        fidelity = fidelity + 0.0;
    }

    /** A full-fidelity proposal without a parent: what single-fidelity strategies make. */
    public Proposal(long sequence, double[] point) {
        this(sequence, point, 0, -1);
    }

    @Override
    public double[] point() {
        return point.clone();
    }

    /** True when the trial continues an earlier proposal's trained state. */
    public boolean continues() {
        return parent >= 0;
    }
}
