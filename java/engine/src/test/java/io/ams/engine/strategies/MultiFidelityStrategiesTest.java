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
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultiFidelityStrategiesTest {
    /**
     * A learning-curve-like objective: the sphere's value plus an error that shrinks with the
     * fidelity and differs between configurations, so low fidelities rank noisily.
     */
    static double synthetic(double[] x, double fidelity) {
        double noise = (Math.abs(Math.sin(1e3 * x[0] + 7e2 * x[1] + 13 * x.length)) + 1) * 0.01;
        return StrategiesTest.sphere(x) + noise / fidelity;
    }

    /** What a driven run found and spent. */
    record Outcome(double bestAtMax, double spent, int trials, List<Proposal> proposals) {}

    /**
     * Drives a strategy with {@code workers} proposals out (results told oldest first) until the
     * fidelity spent reaches {@code budget}; a continued trial costs only its extra fidelity.
     * Returns the best true value (sphere) among the configurations evaluated at max fidelity.
     */
    static Outcome drive(Strategy s, double maxFidelity, double budget, int workers) {
        Map<Long, Double> fidelityOf = new HashMap<>();
        List<Proposal> out = new ArrayList<>();
        List<Proposal> all = new ArrayList<>();
        double spent = 0;
        double best = Double.POSITIVE_INFINITY;
        int trials = 0;
        while (spent < budget) {
            out.addAll(s.ask(workers - out.size()));
            assertTrue(!out.isEmpty(), s.name() + " proposed nothing with nothing outstanding");
            Proposal p = out.remove(0);
            all.add(p);
            double f = p.fidelity() == 0 ? maxFidelity : p.fidelity();
            fidelityOf.put(p.sequence(), f);
            spent += f - (p.continues() ? fidelityOf.get(p.parent()) : 0);
            trials++;
            if (f >= maxFidelity) best = Math.min(best, StrategiesTest.sphere(p.point()));
            s.tell(p, synthetic(p.point(), f));
        }
        return new Outcome(best, spent, trials, all);
    }

    static Strategy create(String name, Map<String, ?> options, int dims, long seed) {
        return Strategies.create(name, options, SearchDomain.flat(dims), Direction.MINIMIZE, seed);
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    @Test
    void multiFidelityStrategiesFindBetterConfigurationsWithHalfTheFidelityOfRandomSearch() {
        int dims = 4;
        double budget = 27 * 60;
        double[] random = new double[7];
        for (int seed = 0; seed < random.length; seed++) {
            // Random search at full fidelity, with twice the fidelity budget.
            random[seed] = drive(create("random", Map.of(), dims, seed), 27, 2 * budget, 4).bestAtMax();
        }
        for (String name : List.of("sh", "hyperband", "asha")) {
            double[] best = new double[7];
            for (int seed = 0; seed < best.length; seed++) {
                Outcome o = drive(create(name, Map.of(), dims, seed), 27, budget, 4);
                assertTrue(o.spent() < budget + 27);
                best[seed] = o.bestAtMax();
            }
            assertTrue(median(best) < median(random),
                    name + " median best " + median(best) + " with half the fidelity of random search's " + median(random));
        }
    }

    @Test
    void successiveHalvingPromotesExactlyTheTopThirdWithContinuation() {
        Strategy sh = create("sh", Map.of("n", 9, "max_fidelity", 9), 2, 1);
        List<Proposal> rung0 = sh.ask(100);
        assertEquals(9, rung0.size());
        assertTrue(sh.ask(100).isEmpty(), "no proposals while a rung is out");
        double[] values = {5, 1, 7, 3, 9, 2, 8, 6, 4};
        for (Proposal p : rung0) {
            assertEquals(1.0, p.fidelity());
            assertEquals(-1, p.parent());
        }
        List<Proposal> reversed = new ArrayList<>(rung0);
        Collections.reverse(reversed);
        for (Proposal p : reversed) sh.tell(p, values[(int) p.sequence()]);
        List<Proposal> rung1 = sh.ask(100);
        assertEquals(3, rung1.size());
        // The best three (values 1, 2, 3 at positions 1, 5, 3), best first, continuing their own runs.
        assertEquals(List.of(1L, 5L, 3L), rung1.stream().map(Proposal::parent).toList());
        for (Proposal p : rung1) {
            assertEquals(3.0, p.fidelity());
            assertArrayEquals(rung0.get((int) p.parent()).point(), p.point());
        }
        sh.tell(rung1.get(0), 0.5);
        sh.tell(rung1.get(1), 0.1);
        assertTrue(sh.ask(100).isEmpty());
        sh.tell(rung1.get(2), Double.NaN);
        List<Proposal> rung2 = sh.ask(100);
        assertEquals(1, rung2.size());
        assertEquals(rung1.get(1).sequence(), rung2.get(0).parent());
        assertEquals(9.0, rung2.get(0).fidelity());
        assertEquals(9.0, sh.maxFidelity());
        sh.tell(rung2.get(0), 0.05);
        List<Proposal> next = sh.ask(100);
        assertEquals(9, next.size(), "a new bracket");
        assertTrue(next.stream().allMatch(p -> p.fidelity() == 1.0 && p.parent() == -1));
    }

    @Test
    void hyperbandRunsItsBracketsFromTheMostAggressive() {
        Strategy hb = create("hyperband", Map.of(), 2, 3);
        // min 1, max 27, eta 3: brackets s = 3, 2, 1, 0 start 27 at 1, 12 at 3, 6 at 9, 4 at 27.
        List<String> rungs = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            List<Proposal> rung = hb.ask(1000);
            rungs.add(rung.size() + "@" + (int) rung.get(0).fidelity());
            for (Proposal p : rung) hb.tell(p, StrategiesTest.sphere(p.point()));
        }
        assertEquals(List.of("27@1", "9@3", "3@9", "1@27", "12@3", "4@9", "1@27", "6@9", "2@27", "4@27", "27@1"), rungs);
    }

    @Test
    void generationalOnesDoNotDependOnTheOrderResultsArrive() {
        for (String name : List.of("sh", "hyperband")) {
            List<double[]> inOrder = proposals(name, false);
            List<double[]> shuffled = proposals(name, true);
            assertEquals(inOrder.size(), shuffled.size());
            for (int i = 0; i < inOrder.size(); i++) assertArrayEquals(inOrder.get(i), shuffled.get(i), name + " proposal " + i);
        }
    }

    private static List<double[]> proposals(String name, boolean shuffle) {
        Strategy s = create(name, Map.of("max_fidelity", 9), 3, 42);
        Random order = new Random(7);
        List<double[]> all = new ArrayList<>();
        for (int round = 0; round < 12; round++) {
            List<Proposal> batch = s.ask(1000);
            batch.forEach(p -> all.add(new double[] {p.sequence(), p.fidelity(), p.parent(), p.point()[0], p.point()[1]}));
            List<Proposal> tells = new ArrayList<>(batch);
            if (shuffle) Collections.shuffle(tells, order);
            for (Proposal p : tells) s.tell(p, synthetic(p.point(), p.fidelity()));
        }
        return all;
    }

    @Test
    void ashaKeepsEveryWorkerBusyAndPromotesTheTopOfEachRung() {
        int workers = 5;
        Strategy asha = create("asha", Map.of(), 3, 9);
        List<Proposal> out = new ArrayList<>(asha.ask(workers));
        Map<Long, Proposal> bySequence = new HashMap<>();
        Map<Long, Double> values = new HashMap<>();
        List<List<Double>> toldAtRung = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        int[] perRung = new int[4];
        for (int i = 0; i < 400; i++) {
            assertEquals(workers, out.size(), "every worker has a trial");
            Proposal p = out.remove(i % out.size());
            bySequence.put(p.sequence(), p);
            int rung = (int) Math.round(Math.log(p.fidelity()) / Math.log(3));
            perRung[rung]++;
            if (p.continues()) {
                Proposal parent = bySequence.get(p.parent());
                assertEquals(parent.fidelity() * 3, p.fidelity(), 1e-9);
                assertArrayEquals(parent.point(), p.point());
                assertTrue(values.containsKey(p.parent()), "a parent is told before its child is proposed");
            }
            double v = synthetic(p.point(), p.fidelity());
            values.put(p.sequence(), v);
            toldAtRung.get(rung).add(v);
            asha.tell(p, v);
            List<Proposal> asked = asha.ask(workers - out.size());
            for (Proposal q : asked) {
                if (!q.continues()) continue;
                // A promotion is in the top third of what its rung has told so far.
                double parentValue = values.get(q.parent());
                List<Double> rungValues = toldAtRung.get((int) Math.round(Math.log(q.fidelity()) / Math.log(3)) - 1);
                long better = rungValues.stream().filter(x -> x < parentValue).count();
                assertTrue(better < rungValues.size() / 3, "promoted rank " + better + " of " + rungValues.size());
            }
            out.addAll(asked);
        }
        // Every rung is reached; far fewer trials go on than start (a promotion that later drops
        // out of its rung's top third stays promoted, so it is not exactly a third).
        assertTrue(perRung[1] > 0 && perRung[2] > 0 && perRung[3] > 0, Arrays.toString(perRung));
        assertTrue(perRung[1] < perRung[0] / 2 && perRung[2] < perRung[1] / 2 && perRung[3] < perRung[2] / 2, Arrays.toString(perRung));
        assertEquals(27.0, asha.maxFidelity());
    }

    @Test
    void badOptionsAreNamed() {
        Map<Map<String, ?>, String> bad = Map.of(
                Map.of("eta", 1), "eta",
                Map.of("min_fidelity", 0), "min_fidelity",
                Map.of("min_fidelity", 9, "max_fidelity", 3), "max_fidelity",
                Map.of("eta", 2.5), "eta",
                Map.of("fidelities", 3), "fidelities");
        for (String name : List.of("sh", "hyperband", "asha")) {
            bad.forEach((options, word) -> {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> create(name, options, 2, 1),
                        name + " " + options);
                assertTrue(e.getMessage().contains(name) && e.getMessage().contains(word), e.getMessage());
            });
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> create("hyperband", Map.of("n", 9), 2, 1));
        assertTrue(e.getMessage().contains("'n'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> create("sh", Map.of("n", -2), 2, 1));
        assertTrue(e.getMessage().contains("'n': must be >= 0"), e.getMessage());
    }
}
