package io.ams.engine.strategies;

import io.ams.engine.Outcome;
import io.ams.pareto.CrowdingDistance;
import io.ams.pareto.Dominance;
import io.ams.pareto.NonDominatedSorting;
import io.ams.pareto.ParetoPoint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * How the multi-objective strategies rank outcomes, best first: NSGA-II's crowded comparison
 * under Deb's constraint-domination. Completed trials by their non-dominated rank (feasible
 * ones first; infeasible ones after them, by their violation), within a rank the larger
 * crowding distance first (a sparser part of the front); trials that failed or were pruned
 * last. Ties keep their positions, so the order depends only on the outcomes and their order.
 *
 * <p>With one objective this is the familiar order: feasible by loss, then infeasible by
 * violation, then failures.
 */
final class ParetoRanking {
    /** Rank (0 = first front) and crowding distance of each outcome, indexed like the input. */
    record Ranks(int[] rank, double[] crowding) {
        /** Whether outcome {@code i} comes before outcome {@code j}: NSGA-II's crowded comparison. */
        boolean better(int i, int j) {
            return rank[i] < rank[j] || rank[i] == rank[j] && crowding[i] > crowding[j];
        }
    }

    private ParetoRanking() {}

    /** The ranks of {@code outcomes}; a failed one gets a rank after every completed one, and crowding 0. */
    static Ranks ranks(List<Outcome> outcomes) {
        int n = outcomes.size();
        int[] rank = new int[n];
        double[] crowding = new double[n];
        List<Integer> completed = new ArrayList<>();
        for (int i = 0; i < n; i++) if (outcomes.get(i).completed()) completed.add(i);
        int worst = 0;
        if (!completed.isEmpty() && outcomes.get(completed.get(0)).objectives() == 1) {
            // One objective: a sort, not the n x n comparisons of non-dominated sorting. Equal
            // (violation, loss) share a rank; crowding plays no part.
            Integer[] sorted = completed.toArray(Integer[]::new);
            Comparator<Integer> key = Comparator.<Integer>comparingDouble(i -> outcomes.get(i).violation())
                    .thenComparingDouble(i -> outcomes.get(i).loss(0));
            Arrays.sort(sorted, key);
            for (int k = 0; k < sorted.length; k++) {
                if (outcomes.get(sorted[k]).objectives() != 1) {
                    throw new IllegalArgumentException("outcomes with 1 and " + outcomes.get(sorted[k]).objectives() + " objectives in one ranking");
                }
                rank[sorted[k]] = k > 0 && key.compare(sorted[k - 1], sorted[k]) == 0 ? rank[sorted[k - 1]] : k;
            }
            worst = sorted.length;
        } else if (!completed.isEmpty()) {
            int m = outcomes.get(completed.get(0)).objectives();
            List<ParetoPoint> points = new ArrayList<>();
            for (int i : completed) {
                Outcome o = outcomes.get(i);
                if (o.objectives() != m) {
                    throw new IllegalArgumentException("outcomes with " + m + " and " + o.objectives() + " objectives in one ranking");
                }
                points.add(ParetoPoint.withViolation(o.violation(), o.losses()));
            }
            int[] ranks = NonDominatedSorting.ranks(points, Dominance.minimizing(m));
            for (List<Integer> front : NonDominatedSorting.fronts(ranks)) {
                double[][] values = new double[front.size()][];
                for (int k = 0; k < values.length; k++) values[k] = points.get(front.get(k)).values();
                double[] distance = CrowdingDistance.of(values);
                for (int k = 0; k < values.length; k++) {
                    int i = completed.get(front.get(k));
                    rank[i] = ranks[front.get(k)];
                    crowding[i] = distance[k];
                    worst = Math.max(worst, rank[i] + 1);
                }
            }
        }
        for (int i = 0; i < n; i++) if (!outcomes.get(i).completed()) rank[i] = worst;
        return new Ranks(rank, crowding);
    }

    /** The positions of {@code outcomes}, best first (see the class comment). */
    static int[] order(List<Outcome> outcomes) {
        Ranks r = ranks(outcomes);
        Integer[] idx = new Integer[outcomes.size()];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        // A stable sort: equal rank and crowding keep their positions.
        Arrays.sort(idx, Comparator.<Integer>comparingInt(i -> r.rank()[i]).thenComparing(i -> -r.crowding()[i]));
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }
}
