package io.ams.engine;

/**
 * What a strategy knows of the search space: points are vectors in the unit cube
 * [0, 1]^dimensions, and some dimensions of a point may be inactive (a conditional parameter
 * switched off, a layer beyond the layer count), so that changing them changes nothing.
 */
public interface SearchDomain {
    int dimensions();

    /** The dimensions that matter for this point. */
    boolean[] activeDimensions(double[] point);

    /**
     * One representative of the points that decode to the same configuration (integer and
     * categorical genes at their cell's centre, inactive genes at a fixed value): equal for
     * equal configurations, so strategies can recognise a configuration they have seen.
     */
    default double[] canonical(double[] point) {
        return point.clone();
    }

    /**
     * Whether a dimension holds unordered choices: its canonical values are cells whose order
     * means nothing, so a surrogate should only ask whether two points share the cell.
     */
    default boolean categorical(int dimension) {
        return false;
    }

    /**
     * Whether a dimension encodes a real (every point a different value) rather than cells
     * (integers, choices, depths).
     */
    default boolean continuous(int dimension) {
        return true;
    }

    /**
     * Whether a dimension shapes the model: changing it makes a trained state (a checkpoint)
     * incompatible, so a strategy that continues one trial's training under another
     * configuration (population-based training) must keep it. For a search space: every gene
     * of a layer stack (the depth and the per-layer genes).
     */
    default boolean structural(int dimension) {
        return false;
    }

    /** A domain where every dimension is always active (flat real spaces, tests). */
    static SearchDomain flat(int dimensions) {
        if (dimensions < 1) throw new IllegalArgumentException("dimensions must be >= 1, got " + dimensions);
        return new SearchDomain() {
            @Override public int dimensions() { return dimensions; }
            @Override public boolean[] activeDimensions(double[] point) {
                boolean[] all = new boolean[dimensions];
                java.util.Arrays.fill(all, true);
                return all;
            }
        };
    }
}
