package io.ams.pareto;

import io.ams.core.Direction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.ams.core.Direction.MAXIMIZE;
import static io.ams.core.Direction.MINIMIZE;
import static org.junit.jupiter.api.Assertions.*;

class NonDominatedSortingTest {

    @Test
    void handExample() {
        // minimise both: (1,4) (2,2) (4,1) form the first front; (3,3) and (2,4)... the second; (4,4) the third
        double[][] p = {{1, 4}, {2, 2}, {4, 1}, {3, 3}, {2, 4}, {4, 4}, {2, 2}};
        int[] ranks = NonDominatedSorting.ranks(p, Dominance.minimizing(2));
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 2, 0}, ranks, "a duplicate shares its twin's rank");
        assertEquals(List.of(List.of(0, 1, 2, 6), List.of(3, 4), List.of(5)),
                NonDominatedSorting.fronts(p, Dominance.minimizing(2)));
        // maximising the second objective turns the order round in it
        int[] mixed = NonDominatedSorting.ranks(p, Dominance.of(MINIMIZE, MAXIMIZE));
        assertEquals(0, mixed[0], "(1,4) is best in both now");
        assertTrue(mixed[2] > 0);
    }

    @Test
    void matchesPeelingOnRandomSetsWithTies() {
        Random random = new Random(2026);
        for (int set = 0; set < 60; set++) {
            int d = 1 + random.nextInt(4);
            int n = random.nextInt(40);
            Direction[] dirs = BruteForce.randomDirections(random, d);
            double[][] values = random.nextBoolean() ? BruteForce.tiedPoints(random, n, d, 4) : continuous(random, n, d);
            List<ParetoPoint> feasible = new ArrayList<>();
            for (double[] v : values) feasible.add(ParetoPoint.feasible(v));
            int[] expected = BruteForce.peelRanks(feasible, dirs);
            assertArrayEquals(expected, NonDominatedSorting.ranks(values, Dominance.of(dirs)), "set " + set);
            assertArrayEquals(expected, NonDominatedSorting.ranks(feasible, Dominance.of(dirs)), "set " + set);
        }
    }

    @Test
    void constrainedRanksMatchPeelingUnderDebsRule() {
        Random random = new Random(77);
        for (int set = 0; set < 60; set++) {
            int d = 1 + random.nextInt(3);
            Direction[] dirs = BruteForce.randomDirections(random, d);
            List<ParetoPoint> points = DominanceTest.randomConstrained(random, random.nextInt(40), d);
            int[] ranks = NonDominatedSorting.ranks(points, Dominance.of(dirs));
            assertArrayEquals(BruteForce.peelRanks(points, dirs), ranks, "set " + set);
            // every feasible point ranks before every infeasible one
            for (int i = 0; i < points.size(); i++)
                for (int j = 0; j < points.size(); j++)
                    if (points.get(i).isFeasible() && !points.get(j).isFeasible()) assertTrue(ranks[i] < ranks[j]);
            List<List<Integer>> fronts = NonDominatedSorting.fronts(points, Dominance.of(dirs));
            int seen = 0;
            for (int r = 0; r < fronts.size(); r++)
                for (int i : fronts.get(r)) {
                    assertEquals(r, ranks[i]);
                    seen++;
                }
            assertEquals(points.size(), seen);
        }
    }

    @Test
    void frontsFromRanksRejectGaps() {
        assertThrows(IllegalArgumentException.class, () -> NonDominatedSorting.fronts(new int[] {0, 2}));
        assertEquals(List.of(), NonDominatedSorting.fronts(new int[0]));
        assertEquals(0, NonDominatedSorting.ranks(new double[0][], Dominance.minimizing(2)).length);
    }

    static double[][] continuous(Random random, int n, int d) {
        double[][] p = new double[n][d];
        for (double[] row : p) Arrays.setAll(row, k -> random.nextDouble());
        return p;
    }
}
