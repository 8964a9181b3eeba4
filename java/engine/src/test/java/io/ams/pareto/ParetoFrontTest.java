package io.ams.pareto;

import io.ams.core.Direction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.ams.core.Direction.MAXIMIZE;
import static io.ams.core.Direction.MINIMIZE;
import static org.junit.jupiter.api.Assertions.*;

class ParetoFrontTest {

    @Test
    void handExample() {
        Dominance minMax = Dominance.of(MINIMIZE, MAXIMIZE);
        List<ParetoPoint> points = List.of(
                ParetoPoint.feasible(1, 1),                 // 0: front
                ParetoPoint.feasible(2, 3),                 // 1: front
                ParetoPoint.feasible(2, 2),                 // 2: dominated by 1
                ParetoPoint.withViolation(0.3, 0, 9),       // 3: would dominate all, but infeasible
                ParetoPoint.feasible(2, 3),                 // 4: duplicate of 1: kept
                ParetoPoint.feasible(3, 3));                // 5: dominated by 1
        assertEquals(List.of(0, 1, 4), ParetoFront.indices(points, minMax));
        assertEquals(List.of(points.get(0), points.get(1), points.get(4)), ParetoFront.of(points, minMax));
        assertEquals(List.of(), ParetoFront.indices(List.of(ParetoPoint.withViolation(1, 0, 0)), minMax),
                "nothing feasible: an empty front");
        assertEquals(List.of(), ParetoFront.indices(new double[0][], minMax));
    }

    @Test
    void containsExactlyTheFeasibleNonDominatedPoints() {
        Random random = new Random(31);
        for (int set = 0; set < 100; set++) {
            int d = 1 + random.nextInt(4);
            Direction[] dirs = BruteForce.randomDirections(random, d);
            List<ParetoPoint> points = DominanceTest.randomConstrained(random, random.nextInt(50), d);
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < points.size(); i++) {
                if (!points.get(i).isFeasible()) continue;
                boolean dominated = false;
                for (ParetoPoint q : points)
                    if (q.isFeasible() && BruteForce.dominates(q.values(), points.get(i).values(), dirs)) dominated = true;
                if (!dominated) expected.add(i);
            }
            assertEquals(expected, ParetoFront.indices(points, Dominance.of(dirs)), "set " + set);
            // when something is feasible, the front is the feasible part of rank 0
            int[] ranks = NonDominatedSorting.ranks(points, Dominance.of(dirs));
            List<Integer> rankZeroFeasible = new ArrayList<>();
            for (int i = 0; i < points.size(); i++) if (ranks[i] == 0 && points.get(i).isFeasible()) rankZeroFeasible.add(i);
            assertEquals(expected, rankZeroFeasible);
        }
    }

    @Test
    void unconstrainedFrontIsRankZero() {
        Random random = new Random(8);
        for (int set = 0; set < 50; set++) {
            int d = 2 + random.nextInt(2);
            double[][] values = BruteForce.tiedPoints(random, 40, d, 5);
            Dominance dom = Dominance.of(BruteForce.randomDirections(random, d));
            assertEquals(NonDominatedSorting.fronts(values, dom).get(0), ParetoFront.indices(values, dom));
        }
    }
}
