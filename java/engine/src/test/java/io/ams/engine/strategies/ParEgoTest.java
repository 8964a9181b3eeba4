package io.ams.engine.strategies;

import io.ams.core.Direction;
import io.ams.engine.Budget;
import io.ams.engine.Goal;
import io.ams.engine.Outcome;
import io.ams.engine.ParetoSummary;
import io.ams.engine.Proposal;
import io.ams.engine.SearchDomain;
import io.ams.engine.Strategy;
import io.ams.engine.Study;
import io.ams.engine.StudyBuilder;
import io.ams.models.MultiObjectiveFunctions;
import io.ams.pareto.Hypervolume;
import io.ams.space.RealParameter;
import io.ams.space.Scale;
import io.ams.space.SearchSpace;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParEgoTest {
    /** The reference of the brief: only points near ZDT1's front (g below about 2.7) count. */
    private static final double[] REFERENCE = {1.1, 1.1};
    /** A reference beyond every point of the cube (f1 <= 1, f2 <= 10): every trial counts, so it tells searches apart early. */
    private static final double[] FAR = {11, 11};
    /**
     * Bo's options that suit ZDT1's smooth g: at 150 trials in 30 dimensions the squared-exponential
     * kernel with UCB reaches the 1.1 reference in 8 of seeds 1-10, the defaults (Matérn 5/2, log-EI)
     * in 2 of seeds 1-8 (both beat random search against the far reference in every seed).
     */
    private static final Map<String, Object> ZDT1_OPTIONS = Map.of("kernel", "se", "acquisition", "ucb");

    private static SearchSpace zdt1Space() {
        SearchSpace.Builder b = SearchSpace.builder();
        for (int i = 0; i < MultiObjectiveFunctions.ZDT_VARIABLES; i++) {
            b.add(new RealParameter("x" + i, 0, 1, Scale.LINEAR, Optional.empty(), List.of()));
        }
        return b.build();
    }

    private static SearchDomain zdt1Domain() {
        return StudyBuilder.domain(zdt1Space());
    }

    /**
     * Asks and tells {@code trials} proposals, {@code batch} at a time (a batch's outcomes are told
     * after all of it is asked, as parallel workers would); returns the points proposed and the
     * objective vectors of those that completed. Every seventh trial fails and every fifth is
     * infeasible when {@code rough}, so those paths take part.
     */
    private static List<double[]> drive(Strategy s, int trials, int batch, boolean rough, List<double[]> values) {
        List<double[]> proposed = new ArrayList<>();
        int told = 0;
        while (told < trials) {
            List<Proposal> ps = s.ask(Math.min(batch, trials - told));
            for (Proposal p : ps) {
                proposed.add(p.point());
                double[] f = MultiObjectiveFunctions.zdt1(p.point());
                Outcome o;
                if (rough && told % 7 == 6) {
                    o = Outcome.failed();
                } else if (rough && told % 5 == 4) {
                    o = new Outcome(Double.NaN, f, 0.1 * told);
                } else {
                    o = new Outcome(f[0], f, 0);
                    if (values != null) values.add(f);
                }
                s.tell(p, o);
                told++;
            }
        }
        return proposed;
    }

    /** The objective vectors of {@code trials} sequential trials of {@code s} on ZDT1. */
    private static double[][] search(Strategy s, int trials) {
        List<double[]> values = new ArrayList<>();
        try (s) {
            drive(s, trials, 1, false, values);
        }
        return values.toArray(new double[0][]);
    }

    private static double median(double[] v) {
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    @Test
    void beatsRandomSearchOnZdt1() {
        int trials = 150;
        SearchDomain domain = zdt1Domain();
        double[] parego = new double[3];
        double[] random = new double[3];
        for (int k = 0; k < 3; k++) {
            long seed = k + 1;
            double[][] p = search(Strategies.create("parego", ZDT1_OPTIONS, domain, Direction.MINIMIZE, seed), trials);
            double[][] r = search(new RandomSearch(domain, seed), trials);
            parego[k] = Hypervolume.of(p, REFERENCE);
            random[k] = Hypervolume.of(r, REFERENCE);
            double paregoFar = Hypervolume.of(p, FAR);
            double randomFar = Hypervolume.of(r, FAR);
            System.out.printf("ZDT1, %d trials, seed %d: hypervolume to (1.1, 1.1) parego %.4f, random %.4f;"
                    + " to (11, 11) parego %.3f, random %.3f%n", trials, seed, parego[k], random[k], paregoFar, randomFar);
            // Against the far reference every trial counts: parego is ahead in every seed.
            assertTrue(paregoFar > randomFar, "seed " + seed + ": parego " + paregoFar + ", random " + randomFar);
        }
        // Against (1.1, 1.1) random search scores 0 (its g stays near 5.5); parego reaches the front's neighbourhood.
        assertTrue(median(parego) > median(random), "parego " + Arrays.toString(parego) + ", random " + Arrays.toString(random));
    }

    @Test
    void sameSeedSameAskTellSequenceSameProposals() {
        SearchDomain domain = zdt1Domain();
        Map<String, Object> options = Map.of("initial", 6, "restarts", 1, "candidates", 100);
        List<double[]> a;
        List<double[]> b;
        List<double[]> c;
        try (Strategy s = Strategies.create("parego", options, domain, Direction.MINIMIZE, 7)) {
            a = drive(s, 30, 3, true, null);
        }
        try (Strategy s = Strategies.create("parego", options, domain, Direction.MINIMIZE, 7)) {
            b = drive(s, 30, 3, true, null);
        }
        try (Strategy s = Strategies.create("parego", options, domain, Direction.MINIMIZE, 8)) {
            c = drive(s, 30, 3, true, null);
        }
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i), "proposal " + i);
        assertFalse(Arrays.equals(a.get(a.size() - 1), c.get(c.size() - 1)), "the seed makes no difference");
    }

    @Test
    void searchesAStudyWithAGoal() {
        try (Study study = Study.builder().space(zdt1Space())
                .objective((c, ctx) -> {
                    double[] x = new double[MultiObjectiveFunctions.ZDT_VARIABLES];
                    for (int i = 0; i < x.length; i++) x[i] = c.getDouble("x" + i);
                    double[] f = MultiObjectiveFunctions.zdt1(x);
                    ctx.metric("f2", f[1]);
                    return f[0];
                })
                .goal(Goal.minimize("f2"))
                .strategy("parego", Map.of("initial", 10, "restarts", 1, "candidates", 100))
                .budget(Budget.trials(40)).seed(4).workers(2).build()) {
            study.optimize();
            ParetoSummary front = study.front();
            assertEquals(List.of("value", "f2"), front.objectives());
            assertFalse(front.front().isEmpty(), front.toString());
            assertEquals(40, front.candidates());
        }
    }

    @Test
    void infeasibleOutcomesScalariseAfterEveryFeasibleOneAndWorseTheFurtherOut() {
        List<Outcome> outcomes = List.of(
                new Outcome(0, new double[] {0, 10}, 0),
                new Outcome(4, new double[] {4, 0}, 0),
                new Outcome(2, new double[] {2, 5}, 0),
                new Outcome(9, new double[] {9, 20}, 0), // the worst in both: normalised to (1, 1)
                new Outcome(Double.NaN, new double[] {-5, -5}, 1e-9), // better than all, but just outside its constraints
                new Outcome(Double.NaN, new double[] {-5, -5}, 3),
                new Outcome(Double.NaN, new double[] {1, 1}, Double.MAX_VALUE),
                Outcome.failed());
        SplittableRandom rnd = new SplittableRandom(1);
        for (int k = 0; k < 100; k++) {
            double[] lambda = k == 0 ? new double[] {1, 0} : ParEgo.weights(2, rnd);
            assertEquals(1, lambda[0] + lambda[1], 1e-12);
            double[] s = ParEgo.scalarise(outcomes, lambda);
            double worstFeasible = Math.max(Math.max(s[0], s[1]), Math.max(s[2], s[3]));
            assertTrue(worstFeasible <= 1 + ParEgo.RHO + 1e-12, Arrays.toString(s));
            assertTrue(s[4] > worstFeasible, Arrays.toString(s));
            assertTrue(s[4] < s[5] && s[5] < s[6] && Double.isFinite(s[6]), Arrays.toString(s));
            assertTrue(Double.isNaN(s[7]), Arrays.toString(s));
        }
        // The augmented Chebyshev value by hand: (2, 5) normalises to (2/9, 5/20).
        double[] s = ParEgo.scalarise(outcomes, new double[] {0.5, 0.5});
        assertEquals(Math.max(0.5 * 2 / 9, 0.5 * 0.25) + ParEgo.RHO * (0.5 * 2 / 9 + 0.5 * 0.25), s[2], 1e-12);
        assertEquals(0.5 + ParEgo.RHO, s[3], 1e-12);
    }

    @Test
    void isMultiObjectiveSingleFidelityAndFreesItsModel() {
        ParEgo s = (ParEgo) Strategies.create("parego", Map.of("initial", 3), SearchDomain.flat(2), Direction.MINIMIZE, 1);
        assertTrue(s.multiObjective());
        assertEquals("parego", s.name());
        for (int i = 0; i < 6; i++) {
            Proposal p = s.ask(1).get(0);
            assertFalse(s.stillContinuable(p.sequence()));
            double x = p.point()[0];
            s.tell(p, new Outcome(x, new double[] {x, 1 - x + p.point()[1]}, 0));
        }
        assertTrue(s.surrogate().currentModel() != null, "a GP was fitted after the initial design");
        s.close();
        assertTrue(s.surrogate().currentModel() == null);
        s.close(); // idempotent
        assertTrue(Strategies.names().indexOf("parego") == Strategies.names().indexOf("nsga2") + 1, Strategies.names().toString());
    }
}
