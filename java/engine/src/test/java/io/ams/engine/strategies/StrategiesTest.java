package io.ams.engine.strategies;

import io.ams.core.Direction;
import io.ams.engine.Proposal;
import io.ams.engine.SearchDomain;
import io.ams.engine.Strategy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StrategiesTest {
    /** Shifted sphere in the unit cube, minimum 0 at (0.3, 0.3, ...). */
    static double sphere(double[] x) {
        double s = 0;
        for (double v : x) s += (v - 0.3) * (v - 0.3);
        return s;
    }

    /** Runs ask/tell with {@code workers} proposals out at a time; returns every proposal made and the best value. */
    static double run(Strategy s, ToDoubleFunction<double[]> f, int evaluations, int workers, List<double[]> seen) {
        double best = Double.POSITIVE_INFINITY;
        int done = 0;
        List<Proposal> out = new ArrayList<>();
        while (done < evaluations) {
            out.addAll(s.ask(workers - out.size()));
            assertTrue(!out.isEmpty(), s.name() + " proposed nothing with nothing outstanding");
            Proposal p = out.remove(0);
            for (double v : p.point()) assertTrue(v >= 0 && v < 1, "point outside the unit cube: " + v);
            if (seen != null) seen.add(p.point());
            double value = f.applyAsDouble(p.point());
            best = Math.min(best, Double.isNaN(value) ? best : value);
            s.tell(p, value);
            done++;
        }
        return best;
    }

    static double medianBest(String name, int dims, int evaluations, int workers) {
        return medianBest(name, dims, evaluations, workers, 7);
    }

    static double medianBest(String name, int dims, int evaluations, int workers, int seeds) {
        double[] bests = new double[seeds];
        for (int seed = 0; seed < bests.length; seed++) {
            Strategy s = Strategies.create(name, Map.of(), SearchDomain.flat(dims), Direction.MINIMIZE, seed);
            bests[seed] = run(s, StrategiesTest::sphere, evaluations, workers, null);
        }
        Arrays.sort(bests);
        return bests[bests.length / 2];
    }

    @Test
    void everyLearningStrategyBeatsRandomSearchOnASphere() {
        double random = medianBest("random", 6, 300, 4);
        for (String name : List.of("ga", "regevo", "local")) {
            double best = medianBest(name, 6, 300, 4);
            assertTrue(best < random / 2, name + " median best " + best + " vs random " + random);
        }
    }

    @Test
    void gaTrajectoryDoesNotDependOnTheOrderResultsArrive() {
        List<double[]> inOrder = gaProposals(false);
        List<double[]> shuffled = gaProposals(true);
        assertEquals(inOrder.size(), shuffled.size());
        for (int i = 0; i < inOrder.size(); i++) assertArrayEquals(inOrder.get(i), shuffled.get(i), "proposal " + i);
    }

    private static List<double[]> gaProposals(boolean shuffleTells) {
        GeneticAlgorithm ga = new GeneticAlgorithm(SearchDomain.flat(5), Direction.MINIMIZE, 42L,
                new GeneticAlgorithm.Settings(10, 2, 3, 0.5, 0.2));
        Random order = new Random(7);
        List<double[]> all = new ArrayList<>();
        for (int g = 0; g < 6; g++) {
            List<Proposal> batch = ga.ask(100);
            assertTrue(ga.ask(100).isEmpty(), "no proposals while a generation is out");
            batch.forEach(p -> all.add(p.point()));
            List<Proposal> tells = new ArrayList<>(batch);
            if (shuffleTells) Collections.shuffle(tells, order);
            for (Proposal p : tells) ga.tell(p, sphere(p.point()));
        }
        assertEquals(6, ga.generation());
        return all;
    }

    @Test
    void sameSeedSameProposalsDifferentSeedDifferentOnes() {
        for (String name : Strategies.builtInNames()) {
            List<double[]> a = new ArrayList<>();
            List<double[]> b = new ArrayList<>();
            List<double[]> c = new ArrayList<>();
            run(Strategies.create(name, Map.of(), SearchDomain.flat(3), Direction.MINIMIZE, 1), StrategiesTest::sphere, 60, 3, a);
            run(Strategies.create(name, Map.of(), SearchDomain.flat(3), Direction.MINIMIZE, 1), StrategiesTest::sphere, 60, 3, b);
            run(Strategies.create(name, Map.of(), SearchDomain.flat(3), Direction.MINIMIZE, 2), StrategiesTest::sphere, 60, 3, c);
            for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i), name + " proposal " + i);
            assertTrue(!Arrays.equals(a.get(0), c.get(0)), name + " ignores its seed");
        }
    }

    @Test
    void failedTrialsRankLastAndTheSearchGoesOn() {
        // Half the cube fails; the optimum (0.3, ...) lies in the good half.
        ToDoubleFunction<double[]> f = x -> x[0] > 0.5 ? Double.NaN : sphere(x);
        for (String name : Strategies.builtInNames()) {
            Strategy s = Strategies.create(name, Map.of(), SearchDomain.flat(3), Direction.MINIMIZE, 3);
            // Multi-fidelity strategies spend evaluations on promotions of configurations they have seen.
            double best = run(s, f, s.maxFidelity() > 0 ? 300 : 150, 2, null);
            assertTrue(best < 0.05, name + " best " + best);
        }
    }

    @Test
    void maximisationIsHonoured() {
        ToDoubleFunction<double[]> f = x -> -sphere(x);
        for (String name : List.of("ga", "regevo", "local", "bo", "saga")) {
            double[] best = {Double.NEGATIVE_INFINITY};
            Strategy s = Strategies.create(name, Map.of(), SearchDomain.flat(4), Direction.MAXIMIZE, 5);
            run(s, x -> {
                double v = f.applyAsDouble(x);
                best[0] = Math.max(best[0], v);
                return v;
            }, 200, 2, null);
            assertTrue(best[0] > -0.02, name + " best " + best[0]);
        }
    }

    @Test
    void regularizedEvolutionChangesOneActiveGeneOfAPopulationMember() {
        // Only dimension 0 and 2 are active: children differ from a parent there and only there.
        SearchDomain domain = new SearchDomain() {
            @Override public int dimensions() { return 4; }
            @Override public boolean[] activeDimensions(double[] p) { return new boolean[] {true, false, true, false}; }
        };
        RegularizedEvolution s = new RegularizedEvolution(domain, Direction.MINIMIZE, 9, 5, 2);
        List<double[]> told = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Proposal p = s.ask(1).get(0);
            if (i >= 5) {
                boolean hasParent = told.stream().anyMatch(parent -> {
                    int activeChanges = 0;
                    for (int d = 0; d < 4; d++) {
                        if (parent[d] != p.point()[d]) {
                            if (d == 1 || d == 3) return false;
                            activeChanges++;
                        }
                    }
                    return activeChanges <= 1;
                });
                assertTrue(hasParent, "proposal " + i + " is not a one-gene mutation of a member");
            }
            told.add(p.point());
            s.tell(p, sphere(p.point()));
        }
    }

    @Test
    void badOptionsNameTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Strategies.create("ga", Map.of("populaton", 10), SearchDomain.flat(2), Direction.MINIMIZE, 1));
        assertTrue(e.getMessage().contains("populaton") && e.getMessage().contains("population"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Strategies.create("ga", Map.of("population", "ten"), SearchDomain.flat(2), Direction.MINIMIZE, 1));
        assertTrue(e.getMessage().contains("population"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Strategies.create("annealing", Map.of(), SearchDomain.flat(2), Direction.MINIMIZE, 1));
        assertTrue(e.getMessage().contains("annealing") && e.getMessage().contains("regevo"), e.getMessage());
    }
}
