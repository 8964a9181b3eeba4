package io.ams.engine;

import java.util.List;

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

    /**
     * Points the study wants evaluated first, in this order: a warm start's configurations from
     * earlier studies ({@code io.ams.meta.WarmStart}), as canonical points. A strategy puts them
     * where it would otherwise draw its first random points: the first members of a GA's (or
     * regevo's, nsga2's, pbt's) first population, the first points of bo's initial design (which
     * grows to hold them all), a first bracket of their own in a Hyperband-style strategy
     * (trained at its top fidelity), random search's and asha's first proposals, the points local
     * search starts from. A population smaller than the list takes its first ones. Empty by default.
     */
    default List<double[]> startPoints() {
        return List.of();
    }

    /** This domain with {@code points} as its {@link #startPoints()} (each copied, in order). */
    default SearchDomain withStartPoints(List<double[]> points) {
        SearchDomain base = this;
        List<double[]> starts = points.stream().map(p -> {
            if (p.length != base.dimensions()) {
                throw new IllegalArgumentException("a start point has " + p.length + " coordinates; the domain has "
                        + base.dimensions());
            }
            return p.clone();
        }).toList();
        return new SearchDomain() {
            @Override public int dimensions() { return base.dimensions(); }
            @Override public boolean[] activeDimensions(double[] point) { return base.activeDimensions(point); }
            @Override public double[] canonical(double[] point) { return base.canonical(point); }
            @Override public boolean categorical(int dimension) { return base.categorical(dimension); }
            @Override public boolean continuous(int dimension) { return base.continuous(dimension); }
            @Override public boolean structural(int dimension) { return base.structural(dimension); }
            @Override public List<double[]> startPoints() { return starts.stream().map(double[]::clone).toList(); }
        };
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
