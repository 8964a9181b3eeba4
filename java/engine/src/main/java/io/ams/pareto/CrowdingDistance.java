package io.ams.pareto;

import io.jenetics.ext.moea.ElementComparator;
import io.jenetics.ext.moea.ElementDistance;
import io.jenetics.ext.moea.Pareto;

import java.util.List;

/**
 * The crowding distance of NSGA-II (Deb et al. 2002, section III-B), computed within one front:
 * how much room a point has around it, so that selection within a rank keeps the front spread.
 *
 * <p>For each objective {@code m} the points are sorted by their value of {@code m}; the first
 * and the last get {@code +infinity} (the boundary points are always kept); every other point
 * adds {@code (f_m(next) - f_m(previous)) / (f_m max - f_m min)}. An objective in which all points
 * are equal adds nothing (there is no range to normalise by) but still marks its two boundary
 * points infinite. A front of fewer than three points is all boundary: every distance infinite.
 *
 * <p>Ties in an objective are broken by index (the lower index sorts first), so the result is
 * deterministic: with tied values the textbook definition depends on the sort order, and this
 * fixes it. The distance does not depend on the objectives' directions (only ranges and gaps
 * enter), so no {@link Dominance} is needed. The arithmetic is Jenetics'
 * {@link Pareto#crowdingDistance(io.jenetics.util.BaseSeq, ElementComparator, ElementDistance, java.util.function.ToIntFunction)}
 * on indices, whose comparator here carries the tie-break.
 */
public final class CrowdingDistance {
    private CrowdingDistance() {}

    /** The crowding distance of each point of {@code front} (objective vectors of one front, finite values). */
    public static double[] of(double[][] front) {
        int n = front.length;
        if (n == 0) return new double[0];
        int dimension = front[0].length;
        for (double[] p : front) {
            if (p.length != dimension)
                throw new IllegalArgumentException("points of one front need the same number of objectives");
            for (double v : p)
                if (!Double.isFinite(v))
                    throw new IllegalArgumentException("crowding distance needs finite objective values, got " + v);
        }
        ElementComparator<Integer> byValueThenIndex = (i, j, m) -> {
            int c = Double.compare(front[i][m], front[j][m]);
            return c != 0 ? c : Integer.compare(i, j);
        };
        ElementDistance<Integer> gap = (i, j, m) -> front[i][m] - front[j][m];
        return Pareto.crowdingDistance(NonDominatedSorting.indices(n), byValueThenIndex, gap, i -> dimension);
    }

    /** The crowding distance of each point of {@code front} from its objective values (violations play no part). */
    public static double[] of(List<ParetoPoint> front) {
        double[][] values = new double[front.size()][];
        for (int i = 0; i < values.length; i++) values[i] = front.get(i).values();
        return of(values);
    }
}
