package io.ams.engine.strategies;

import io.ams.core.Direction;
import io.ams.engine.Proposal;
import io.ams.engine.SearchDomain;
import io.ams.engine.Strategy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static io.ams.engine.strategies.MultiFidelityStrategiesTest.create;
import static io.ams.engine.strategies.MultiFidelityStrategiesTest.drive;
import static io.ams.engine.strategies.MultiFidelityStrategiesTest.median;
import static io.ams.engine.strategies.MultiFidelityStrategiesTest.synthetic;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** dehb and bohb: Hyperband whose brackets start with DE offspring or model-based configurations. */
class DehbBohbTest {
    @Test
    void bothFindBetterConfigurationsThanHyperbandAndRandomSearchAtEqualBudget() {
        // Measured (9 seeds, dims 4, budget 27 * 60): median best sphere random 0.053,
        // hyperband 0.021, dehb 0.0032, bohb 0.00005; asserted with a wide margin.
        int dims = 4;
        double budget = 27 * 60;
        int seeds = 5;
        Map<String, Double> medians = new HashMap<>();
        for (String name : List.of("random", "hyperband", "dehb", "bohb")) {
            double[] best = new double[seeds];
            for (int seed = 0; seed < seeds; seed++) {
                Outcome o = new Outcome(drive(create(name, Map.of(), dims, seed), 27, budget, 4));
                if (!name.equals("random")) assertTrue(o.o.spent() < budget + 27);
                best[seed] = o.o.bestAtMax();
            }
            medians.put(name, median(best));
            System.out.printf("%s: median best %.5f over %d seeds %s%n", name, median(best), seeds, Arrays.toString(best));
        }
        for (String name : List.of("dehb", "bohb")) {
            assertTrue(medians.get(name) < 0.5 * medians.get("hyperband") && medians.get(name) < 0.5 * medians.get("random"),
                    name + " median best " + medians.get(name) + " vs " + medians);
        }
    }

    private record Outcome(MultiFidelityStrategiesTest.Outcome o) {}

    @Test
    void bohbsModelBasedConfigurationsConcentrateNearTheOptimum() {
        List<Double> modelDistances = new ArrayList<>();
        List<Double> randomDistances = new ArrayList<>();
        List<Double> later = new ArrayList<>();
        for (long seed = 3; seed < 6; seed++) {
            SuccessiveHalving bohb = (SuccessiveHalving) create("bohb", Map.of(), 4, seed);
            MultiFidelityStrategiesTest.Outcome o = drive(bohb, 27, 27 * 40, 2);
            List<double[]> model = ((ModelBasedSampler) bohb.sampler()).modelBased();
            Set<List<Double>> modelKeys = new HashSet<>();
            model.forEach(p -> modelKeys.add(AcquisitionMaximizer.key(p)));
            List<Double> fromModel = new ArrayList<>();
            for (Proposal p : o.proposals()) {
                if (p.continues()) continue;
                (modelKeys.contains(AcquisitionMaximizer.key(p.point())) ? fromModel : randomDistances).add(StrategiesTest.sphere(p.point()));
            }
            // All but those chosen for a bracket the budget ended in were proposed.
            assertTrue(fromModel.size() <= model.size() && fromModel.size() > model.size() - 27);
            modelDistances.addAll(fromModel);
            later.addAll(fromModel.subList(fromModel.size() / 2, fromModel.size()));
        }
        // About two thirds of the new configurations after the first bracket are model-based.
        assertTrue(modelDistances.size() > 90 && randomDistances.size() > 90, modelDistances.size() + " / " + randomDistances.size());
        double modelMedian = median(modelDistances.stream().mapToDouble(Double::doubleValue).toArray());
        double randomMedian = median(randomDistances.stream().mapToDouble(Double::doubleValue).toArray());
        // A uniform point's expected sphere is 4 * (0.09 - 0.3 + 1/3) = 0.49.
        assertTrue(randomMedian > 0.25, "random median " + randomMedian);
        // Once the model has seen more (the later half), they concentrate more.
        double laterMedian = median(later.stream().mapToDouble(Double::doubleValue).toArray());
        System.out.printf("bohb new configurations: %d model-based, median sphere %.5f (later half %.5f); %d random, %.5f%n",
                modelDistances.size(), modelMedian, laterMedian, randomDistances.size(), randomMedian);
        // Measured (seeds 3-5): model-based 0.195 (later half 0.102), random 0.480. The model is
        // fitted on the largest rung with d + 2 points, often few, and a bracket's configurations
        // are spread by the kriging believer: they concentrate, but not onto one point.
        assertTrue(modelMedian < 0.6 * randomMedian, "model-based median " + modelMedian + ", random " + randomMedian);
        assertTrue(laterMedian < 0.35 * randomMedian && laterMedian < modelMedian, "later model-based median " + laterMedian);
    }

    @Test
    void dehbsNewConfigurationsAreDeOffspringOfRungMembers() {
        SuccessiveHalving dehb = (SuccessiveHalving) create("dehb", Map.of("f", 0.7, "cr", 0.4), 3, 5);
        MultiFidelityStrategiesTest.Outcome o = drive(dehb, 27, 27 * 50, 3);
        List<DifferentialEvolutionSampler.Offspring> offspring = ((DifferentialEvolutionSampler) dehb.sampler()).offspring();
        Map<List<Double>, Integer> firstProposed = new HashMap<>();
        Map<List<Double>, Double> lowestRungFidelity = new HashMap<>();
        for (int i = 0; i < o.proposals().size(); i++) {
            Proposal p = o.proposals().get(i);
            firstProposed.putIfAbsent(AcquisitionMaximizer.key(p.point()), i);
        }
        int firstBracket = 27; // random configurations, no offspring
        assertTrue(offspring.size() > 50, "offspring " + offspring.size());
        int fromMutant = 0;
        int coordinates = 0;
        for (DifferentialEvolutionSampler.Offspring c : offspring) {
            List<Double> key = AcquisitionMaximizer.key(c.trial());
            Integer at = firstProposed.get(key);
            if (at == null) continue; // made for a bracket the budget ended before proposing
            assertTrue(at >= firstBracket);
            // Target and parents are configurations evaluated before this one was proposed.
            for (double[] member : List.of(c.target(), c.a(), c.b(), c.c())) {
                Integer m = firstProposed.get(AcquisitionMaximizer.key(member));
                assertTrue(m != null && m < at, "a parent proposed after its offspring");
            }
            assertTrue(!Arrays.equals(c.a(), c.b()) && !Arrays.equals(c.b(), c.c()) && !Arrays.equals(c.a(), c.c()));
            boolean anyMutant = false;
            for (int j = 0; j < c.trial().length; j++) {
                double mutant = c.a()[j] + 0.7 * (c.b()[j] - c.c()[j]);
                assertEquals(mutant, c.mutant()[j]);
                boolean inside = mutant >= 0 && mutant < 1;
                boolean fromV = inside ? c.trial()[j] == mutant : c.trial()[j] >= 0 && c.trial()[j] < 1;
                assertTrue(fromV || c.trial()[j] == c.target()[j], "coordinate " + j + " neither the mutant's nor the target's");
                anyMutant |= fromV && c.trial()[j] != c.target()[j];
                if (fromV && c.trial()[j] != c.target()[j]) fromMutant++;
                coordinates++;
            }
            assertTrue(anyMutant, "binomial crossover takes at least one coordinate of the mutant");
        }
        // cr 0.4 plus one forced coordinate of three: about 60% from the mutant.
        double share = fromMutant / (double) coordinates;
        System.out.printf("dehb: %d offspring, %.3f of their coordinates from the mutant%n", offspring.size(), share);
        assertTrue(share > 0.45 && share < 0.75, "share from the mutant " + share);
    }

    @Test
    void aBracketsConfigurationsAreDistinctEvenInADiscreteSpace() {
        // A 10 x 10 grid: sampled points snap to cell centres, so collisions would be frequent.
        SearchDomain grid = new SearchDomain() {
            @Override public int dimensions() { return 2; }
            @Override public boolean[] activeDimensions(double[] point) { return new boolean[] {true, true}; }
            @Override public double[] canonical(double[] p) {
                return new double[] {(Math.floor(p[0] * 10) + 0.5) / 10, (Math.floor(p[1] * 10) + 0.5) / 10};
            }
        };
        for (String name : List.of("dehb", "bohb")) {
            Strategy s = Strategies.create(name, Map.of(), grid, Direction.MINIMIZE, 4);
            // One Hyperband round (brackets of 27, 12, 6 and 4 new configurations: 49 of 100 cells) and the next's first.
            Set<List<Double>> all = new HashSet<>();
            int brackets = 0;
            for (int round = 0; round < 12; round++) {
                List<Proposal> batch = s.ask(1000);
                List<Proposal> fresh = batch.stream().filter(p -> !p.continues()).toList();
                if (!fresh.isEmpty()) {
                    brackets++;
                    for (Proposal p : fresh) assertTrue(all.add(AcquisitionMaximizer.key(p.point())), name + " repeats " + Arrays.toString(p.point()));
                }
                for (Proposal p : batch) s.tell(p, synthetic(p.point(), p.fidelity()));
            }
            assertEquals(5, brackets, name);
        }
    }

    @Test
    void theyDoNotDependOnTheOrderResultsArriveAndFollowTheirSeed() {
        for (String name : List.of("dehb", "bohb")) {
            List<double[]> inOrder = proposals(name, false, 42);
            List<double[]> shuffled = proposals(name, true, 42);
            assertEquals(inOrder.size(), shuffled.size());
            for (int i = 0; i < inOrder.size(); i++) assertArrayEquals(inOrder.get(i), shuffled.get(i), name + " proposal " + i);
            List<double[]> other = proposals(name, false, 43);
            assertTrue(!Arrays.equals(inOrder.get(0), other.get(0)), name + " ignores its seed");
        }
    }

    private static List<double[]> proposals(String name, boolean shuffle, long seed) {
        Strategy s = create(name, Map.of("max_fidelity", 9), 3, seed);
        Random order = new Random(7);
        List<double[]> all = new ArrayList<>();
        for (int round = 0; round < 14; round++) {
            List<Proposal> batch = s.ask(1000);
            batch.forEach(p -> all.add(new double[] {p.sequence(), p.fidelity(), p.parent(), p.point()[0], p.point()[1], p.point()[2]}));
            List<Proposal> tells = new ArrayList<>(batch);
            if (shuffle) Collections.shuffle(tells, order);
            for (Proposal p : tells) s.tell(p, synthetic(p.point(), p.fidelity()));
        }
        return all;
    }

    @Test
    void theyRunHyperbandsBracketsWithContinuation() {
        for (String name : List.of("dehb", "bohb")) {
            Strategy s = create(name, Map.of(), 2, 3);
            List<String> rungs = new ArrayList<>();
            Map<Long, Proposal> bySequence = new HashMap<>();
            for (int i = 0; i < 15; i++) {
                List<Proposal> rung = s.ask(1000);
                rungs.add(rung.size() + "@" + (int) rung.get(0).fidelity());
                for (Proposal p : rung) {
                    bySequence.put(p.sequence(), p);
                    if (p.continues()) assertArrayEquals(bySequence.get(p.parent()).point(), p.point());
                    s.tell(p, StrategiesTest.sphere(p.point()));
                }
            }
            assertEquals(List.of("27@1", "9@3", "3@9", "1@27", "12@3", "4@9", "1@27", "6@9", "2@27", "4@27",
                    "27@1", "9@3", "3@9", "1@27", "12@3"), rungs, name);
            assertEquals(27.0, s.maxFidelity());
            assertEquals(name, s.name());
        }
    }

    @Test
    void badOptionsAreNamed() {
        Map<String, List<Map<String, ?>>> bad = Map.of(
                "dehb", List.of(Map.of("f", 0), Map.of("f", 2.5), Map.of("cr", -0.1), Map.of("cr", 1.5), Map.of("eta", 1),
                        Map.of("min_fidelity", 0), Map.of("n", 9), Map.of("kernel", "se")),
                "bohb", List.of(Map.of("random_fraction", 1.5), Map.of("min_points", 1), Map.of("candidates", 5),
                        Map.of("max_observations", 3), Map.of("max_fidelity", 0.5), Map.of("f", 0.5), Map.of("kernel", "rbf"),
                        Map.of("acquisition", "xx")));
        bad.forEach((name, list) -> {
            for (Map<String, ?> options : list) {
                String option = options.keySet().iterator().next();
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> create(name, options, 2, 1),
                        name + " " + options);
                assertTrue(e.getMessage().contains(option) || e.getMessage().contains(String.valueOf(options.get(option))),
                        e.getMessage());
            }
        });
        // Options that are fine.
        create("dehb", Map.of("f", 0.8, "cr", 0.9, "eta", 2, "min_fidelity", 2, "max_fidelity", 16), 2, 1);
        create("bohb", Map.of("random_fraction", 0, "min_points", 3, "kernel", "se", "restarts", 1, "acquisition", "ucb",
                "beta", 2, "candidates", 200, "max_observations", 100, "threads", 1), 2, 1);
    }
}
