package io.ams.engine.strategies;

import io.ams.core.Direction;
import io.ams.engine.SearchDomain;
import io.ams.surrogate.Acquisition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The screen of surrogate-assisted evolution ({@code saga}): of the many children the GA
 * breeds, evaluate those the GP's acquisition ranks best. Children that repeat an evaluated
 * configuration, or each other, go last: they would cost nothing but teach nothing either.
 * Until two trials have succeeded there is no model, and the first children bred are taken,
 * as the plain GA would.
 */
final class SurrogateScreen implements GeneticAlgorithm.Screen {
    private final SearchDomain domain;
    private final Direction direction;
    private final Surrogate surrogate;
    private final Acquisition acquisition;
    private final int factor;
    private final Set<List<Double>> seen = new HashSet<>();

    SurrogateScreen(SearchDomain domain, Direction direction, Surrogate surrogate, Acquisition acquisition, int factor) {
        if (factor < 1) throw new IllegalArgumentException("saga factor must be >= 1, got " + factor);
        this.domain = domain;
        this.direction = direction;
        this.surrogate = surrogate;
        this.acquisition = acquisition;
        this.factor = factor;
    }

    @Override
    public void close() {
        surrogate.close();
    }

    Surrogate surrogate() {
        return surrogate;
    }

    @Override
    public String name() {
        return "saga";
    }

    @Override
    public int factor() {
        return factor;
    }

    @Override
    public void observe(double[] point, double value) {
        seen.add(key(point));
        surrogate.observe(point, direction.minimised(value));
    }

    @Override
    public int[] choose(List<double[]> children, int count) {
        double[] scores = new double[children.size()];
        if (surrogate.ready()) {
            double[][] inputs = children.stream().map(surrogate::input).toArray(double[][]::new);
            scores = surrogate.scores(surrogate.model(), acquisition, inputs);
        } else {
            // No model yet: rank by birth order.
            for (int i = 0; i < scores.length; i++) scores[i] = -i;
        }
        Integer[] order = new Integer[children.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        double[] s = scores;
        Arrays.sort(order, (a, b) -> Double.compare(Double.isNaN(s[b]) ? Double.NEGATIVE_INFINITY : s[b],
                Double.isNaN(s[a]) ? Double.NEGATIVE_INFINITY : s[a]));
        List<Integer> chosen = new ArrayList<>(count);
        List<Integer> repeats = new ArrayList<>();
        Set<List<Double>> taken = new HashSet<>();
        for (int i : order) {
            List<Double> key = key(children.get(i));
            if (!seen.contains(key) && taken.add(key)) {
                if (chosen.size() < count) chosen.add(i);
            } else {
                repeats.add(i);
            }
        }
        for (int i = 0; chosen.size() < count && i < repeats.size(); i++) chosen.add(repeats.get(i));
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }

    private List<Double> key(double[] point) {
        return Arrays.stream(domain.canonical(point)).boxed().toList();
    }
}
