package io.ams.engine.strategies;

import io.ams.engine.SearchDomain;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a strategy's first draws give way to a warm start's points ({@link SearchDomain#startPoints()}).
 * One rule for every built-in: the i-th first draw is the i-th start point while there is one.
 */
final class StartPoints {
    private StartPoints() {}

    /** The start point for first draw number {@code index}, or null when there is none that far. */
    static double[] at(SearchDomain domain, long index) {
        List<double[]> starts = domain.startPoints();
        return index >= 0 && index < starts.size() ? starts.get((int) index) : null;
    }

    /** {@code drawn} with its first entries replaced by the start points, which all fit: the list grows to hold them. */
    static double[][] design(SearchDomain domain, double[][] drawn) {
        List<double[]> starts = domain.startPoints();
        List<double[]> out = new ArrayList<>(starts);
        for (int i = starts.size(); i < drawn.length; i++) out.add(drawn[i]);
        return out.toArray(new double[0][]);
    }

    /** {@code drawn} with its first entries replaced by the start points, the size kept: a population takes the first ones. */
    static List<double[]> population(SearchDomain domain, List<double[]> drawn) {
        List<double[]> starts = domain.startPoints();
        List<double[]> out = new ArrayList<>(drawn);
        for (int i = 0; i < Math.min(starts.size(), out.size()); i++) out.set(i, starts.get(i));
        return out;
    }
}
