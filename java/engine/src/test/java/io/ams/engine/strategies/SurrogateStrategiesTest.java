package io.ams.engine.strategies;

import io.ams.core.Direction;
import io.ams.engine.Proposal;
import io.ams.engine.SearchDomain;
import io.ams.engine.Strategy;
import io.ams.models.TestFunctions;
import io.ams.surrogate.GpSettings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SurrogateStrategiesTest {
    static double branin(double[] u) {
        return TestFunctions.branin(-5 + 15 * u[0], 15 * u[1]);
    }

    /** A domain of cells: dimension j has cells[j] values (0 = continuous); categorical ones are flagged. */
    static SearchDomain cells(int[] cells, boolean[] categorical) {
        return new SearchDomain() {
            @Override public int dimensions() { return cells.length; }
            @Override public boolean[] activeDimensions(double[] point) {
                boolean[] all = new boolean[cells.length];
                Arrays.fill(all, true);
                return all;
            }
            @Override public double[] canonical(double[] point) {
                double[] c = point.clone();
                for (int j = 0; j < c.length; j++) {
                    if (cells[j] > 0) c[j] = (Math.min(cells[j] - 1, Math.floor(c[j] * cells[j])) + 0.5) / cells[j];
                }
                return c;
            }
            @Override public boolean categorical(int dimension) { return categorical[dimension]; }
        };
    }

    @Test
    void boFindsBraninsMinimumWithinFortyEvaluations() {
        double[] regrets = new double[3];
        for (int seed = 0; seed < regrets.length; seed++) {
            Strategy bo = Strategies.create("bo", Map.of(), SearchDomain.flat(2), Direction.MINIMIZE, seed);
            regrets[seed] = StrategiesTest.run(bo, SurrogateStrategiesTest::branin, 40, 1, null) - TestFunctions.BRANIN_MIN;
        }
        Arrays.sort(regrets);
        assertTrue(regrets[1] < 0.01, "median regret after 40 evaluations " + regrets[1] + " of " + Arrays.toString(regrets));
    }

    @Test
    void surrogateStrategiesBeatRandomSearchWithFourWorkers() {
        double random = StrategiesTest.medianBest("random", 6, 60, 4, 3);
        for (String name : List.of("bo", "saga")) {
            double best = StrategiesTest.medianBest(name, 6, 60, 4, 3);
            assertTrue(best < random / 2, name + " median best " + best + " vs random " + random);
        }
    }

    @Test
    void aBatchForParallelWorkersHoldsDistinctConfigurations() {
        // 5 x 4 = 20 configurations; with 4 proposals out at a time, none is proposed twice
        // until the space is used up.
        SearchDomain domain = cells(new int[] {5, 4}, new boolean[] {false, true});
        for (String name : List.of("bo", "saga")) {
            Strategy s = Strategies.create(name, Map.of(), domain, Direction.MINIMIZE, 7);
            Set<List<Double>> seen = new HashSet<>();
            List<Proposal> out = new ArrayList<>();
            int asked = 0;
            while (asked < 16) {
                out.addAll(s.ask(4 - out.size()));
                if ("bo".equals(name)) assertEquals(4, out.size(), "bo keeps every worker busy");
                Proposal p = out.remove(0);
                assertTrue(seen.add(Arrays.stream(domain.canonical(p.point())).boxed().toList()),
                        name + " proposed a configuration twice: " + Arrays.toString(p.point()));
                s.tell(p, Math.abs(p.point()[0] - 0.5) + (p.point()[1] < 0.25 ? 0 : 1));
                asked++;
            }
        }
    }

    @Test
    void boLearnsWhichCategoryIsBest() {
        // One continuous gene and an unordered choice of 6 where only choice 4 is good; the
        // choices' order carries no signal, so only the Hamming-type kernel can learn it.
        SearchDomain domain = cells(new int[] {0, 6}, new boolean[] {false, true});
        ToDoubleFunction<double[]> f = u -> (u[0] - 0.7) * (u[0] - 0.7) + ((int) (u[1] * 6) == 4 ? 0 : 1);
        Strategy bo = Strategies.create("bo", Map.of(), domain, Direction.MINIMIZE, 3);
        double best = StrategiesTest.run(bo, f, 30, 1, null);
        assertTrue(best < 0.001, "best " + best);
    }

    @Test
    void sagaBeatsTheGaItScreensOnHartmann6() {
        ToDoubleFunction<double[]> f = TestFunctions::hartmann6;
        double[] ga = new double[5];
        double[] saga = new double[5];
        for (int seed = 0; seed < ga.length; seed++) {
            ga[seed] = StrategiesTest.run(Strategies.create("ga", Map.of(), SearchDomain.flat(6), Direction.MINIMIZE, seed), f, 96, 1, null);
            saga[seed] = StrategiesTest.run(Strategies.create("saga", Map.of(), SearchDomain.flat(6), Direction.MINIMIZE, seed), f, 96, 1, null);
        }
        Arrays.sort(ga);
        Arrays.sort(saga);
        assertTrue(saga[2] < ga[2], "median best: saga " + saga[2] + ", ga " + ga[2]);
    }

    @Test
    void aLongSearchFitsOnABoundedSubsetThatKeepsTheBest() {
        SearchDomain domain = SearchDomain.flat(2);
        Surrogate s = new Surrogate(domain, GpSettings.defaults(), 30, 1);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(4);
        double[] bestPoint = null;
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < 120; i++) {
            double[] u = {rnd.nextDouble(), rnd.nextDouble()};
            double v = branin(u);
            if (v < best) {
                best = v;
                bestPoint = u;
            }
            s.observe(u, i % 17 == 5 ? Double.NaN : v);
        }
        var gp = s.model();
        assertEquals(30, gp.size());
        // The best observation is in the subset: the GP reproduces it closely.
        double predicted = gp.predict(new double[][] {bestPoint}).mean()[0];
        assertTrue(Math.abs(predicted - best) < 0.05 * Math.abs(best) + 0.5, "predicted " + predicted + " for " + best);
        s.close();
    }

    @Test
    void badSurrogateOptionsNameTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Strategies.create("bo", Map.of("kernel", "cubic"), SearchDomain.flat(2), Direction.MINIMIZE, 1));
        assertTrue(e.getMessage().contains("kernel") && e.getMessage().contains("matern52"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Strategies.create("bo", Map.of("acquisition", "ei", "beta", 2.0), SearchDomain.flat(2), Direction.MINIMIZE, 1));
        assertTrue(e.getMessage().contains("beta"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Strategies.create("saga", Map.of("factor", 0), SearchDomain.flat(2), Direction.MINIMIZE, 1));
        assertTrue(e.getMessage().contains("factor"), e.getMessage());
    }
}
