package io.ams.engine;

import io.ams.core.Direction;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The pruners, by name as a genome file gives them ({@code pruner: {name: median, warmup: 2,
 * min_trials: 5}}):
 * <ul>
 *   <li>{@code none}: never prunes.</li>
 *   <li>{@code median}: at step {@code s >= warmup} (steps count from 1), stops a trial whose best
 *       value so far is worse than the median of the completed trials' values at step {@code s},
 *       once at least {@code min_trials} completed trials reached step {@code s}.</li>
 *   <li>{@code percentile}: the same against the {@code percentile}-th best value: with
 *       {@code percentile: 25} a trial goes on only while it is within the top 25%.</li>
 * </ul>
 * Defaults: {@code warmup} 1, {@code min_trials} 5, {@code percentile} 50.
 */
public final class Pruners {
    private Pruners() {}

    public static final List<String> NAMES = List.of("none", "median", "percentile");

    /** The options a pruner takes. */
    public static List<String> options(String name) {
        return switch (name) {
            case "none" -> List.of();
            case "median" -> List.of("warmup", "min_trials");
            case "percentile" -> List.of("percentile", "warmup", "min_trials");
            default -> throw new IllegalArgumentException("unknown pruner '" + name + "'; available: " + String.join(", ", NAMES));
        };
    }

    public static Pruner none() {
        return new Pruner() {
            @Override public boolean shouldPrune(double[] curve, List<double[]> completed, Direction direction) { return false; }
            @Override public String name() { return "none"; }
        };
    }

    public static Pruner median(int warmup, int minTrials) {
        return new Percentile("median", 50, warmup, minTrials);
    }

    public static Pruner percentile(double percentile, int warmup, int minTrials) {
        return new Percentile("percentile", percentile, warmup, minTrials);
    }

    /** A pruner by name, its options checked by name and type like a strategy's. */
    public static Pruner create(String name, Map<String, ?> options) {
        Map<String, ?> values = options == null ? new HashMap<>() : options;
        Set<String> known = new TreeSet<>(options(name));
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("pruner " + name + ": unknown option '" + key + "'"
                        + (known.isEmpty() ? "; it takes no options" : "; known options: " + String.join(", ", known)));
            }
        }
        return switch (name) {
            case "none" -> none();
            case "median" -> median(integer(name, values, "warmup", 1), integer(name, values, "min_trials", 5));
            default -> percentile(real(name, values, "percentile", 50), integer(name, values, "warmup", 1),
                    integer(name, values, "min_trials", 5));
        };
    }

    private static int integer(String pruner, Map<String, ?> values, String key, int fallback) {
        Object v = values.get(key);
        if (v == null) return fallback;
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < Integer.MAX_VALUE) {
            return n.intValue();
        }
        throw new IllegalArgumentException("pruner " + pruner + ": option '" + key + "' must be an integer, got " + v);
    }

    private static double real(String pruner, Map<String, ?> values, String key, double fallback) {
        Object v = values.get(key);
        if (v == null) return fallback;
        if (v instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException("pruner " + pruner + ": option '" + key + "' must be a number, got " + v);
    }

    /** Prunes a trial whose best so far is outside the top {@code percentile}% of completed trials at the same step. */
    private record Percentile(String name, double percentile, int warmup, int minTrials) implements Pruner {
        Percentile {
            if (!(percentile > 0 && percentile <= 100)) throw new IllegalArgumentException("pruner " + name + ": percentile must be in (0, 100], got " + percentile);
            if (warmup < 1) throw new IllegalArgumentException("pruner " + name + ": warmup must be >= 1 (steps count from 1), got " + warmup);
            if (minTrials < 1) throw new IllegalArgumentException("pruner " + name + ": min_trials must be >= 1, got " + minTrials);
        }

        @Override
        public String description() {
            return name + "(" + (name.equals("median") ? "" : "percentile=" + percentile + ", ")
                    + "warmup=" + warmup + ", min_trials=" + minTrials + ")";
        }

        @Override
        public boolean shouldPrune(double[] curve, List<double[]> completed, Direction direction) {
            int step = curve.length;
            if (step < warmup || step == 0) return false;
            double best = Double.NaN;
            for (double v : curve) if (direction.better(v, best)) best = v;
            double[] atStep = completed.stream().filter(c -> c.length >= step).mapToDouble(c -> c[step - 1])
                    .filter(v -> !Double.isNaN(v)).toArray();
            if (atStep.length < minTrials) return false;
            Arrays.sort(atStep);
            // The value that the top `percentile` % of completed trials reach or beat.
            double q = direction == Direction.MINIMIZE ? percentile / 100 : 1 - percentile / 100;
            double threshold = quantile(atStep, q);
            return Double.isNaN(best) || direction.better(threshold, best);
        }

        private static double quantile(double[] sorted, double q) {
            double pos = q * (sorted.length - 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(lo + 1, sorted.length - 1);
            return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
        }
    }
}
