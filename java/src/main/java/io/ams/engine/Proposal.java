package io.ams.engine;

/**
 * A point a strategy asks to have evaluated. {@code sequence} numbers a strategy's proposals
 * 0, 1, 2, ... in the order it made them; with the seed it identifies the proposal across a
 * restart, which is how a resumed study matches stored trials to a replayed strategy.
 */
public record Proposal(long sequence, double[] point) {
    public Proposal {
        point = point.clone();
    }

    @Override
    public double[] point() {
        return point.clone();
    }
}
