package io.ams.lcbench;

import io.ams.core.Direction;
import io.ams.space.Config;

import java.util.List;

/**
 * What LCBench is (YAHPO Gym's surrogate of Zimmer et al. 2021: funnel-shaped MLPs trained on 34
 * OpenML tasks, learning curves over 52 epochs), as yahpo_gym's {@code benchmarks/lcbench.py}
 * and the bundled {@code config_space.json} define it: the tasks, the hyperparameters in the order
 * the surrogate reads them, their ranges, and the six values it predicts.
 */
public final class LcBench {
    private LcBench() {}

    /** The 34 OpenML task ids (config_space.json's OpenML_task_id choices). */
    public static final List<String> TASKS = List.of("3945", "7593", "34539", "126025", "126026", "126029", "146212", "167104",
            "167149", "167152", "167161", "167168", "167181", "167184", "167185", "167190", "167200", "167201", "168329", "168330",
            "168331", "168335", "168868", "168908", "168910", "189354", "189862", "189865", "189866", "189873", "189905", "189906",
            "189908", "189909");

    /** The fidelity: epochs 1..{@value #MAX_EPOCH}. */
    public static final int MAX_EPOCH = 52;

    /**
     * A hyperparameter: its range in config_space.json, whether it is an integer, and whether the
     * space searches it on a log scale there.
     */
    public record Hyperparameter(String name, double low, double high, boolean integer, boolean log) {
        /** Whether {@code v} lies in the range (a relative 1e-9 of slack: config_space.json stores 1e-4 as 1.0000000000000009e-4). */
        public boolean contains(double v) {
            double slack = 1e-9 * Math.max(Math.abs(low), Math.abs(high));
            return v >= low - slack && v <= high + slack;
        }
    }

    /** The seven searched hyperparameters (the fidelity, epoch, aside), in config_space.json's ranges. */
    public static final List<Hyperparameter> HYPERPARAMETERS = List.of(
            new Hyperparameter("batch_size", 16, 512, true, true),
            new Hyperparameter("learning_rate", 1e-4, 0.1, false, true),
            new Hyperparameter("momentum", 0.1, 0.99, false, false),
            new Hyperparameter("weight_decay", 1e-5, 0.1, false, false),
            new Hyperparameter("num_layers", 1, 5, true, false),
            new Hyperparameter("max_units", 64, 1024, true, true),
            new Hyperparameter("max_dropout", 0, 1, false, false));

    /** Probe configurations that describe a task ({@link LcBenchObjective#describe()}). */
    public static final int PROBE_COUNT = 8;
    /** The epoch at which the probes are read: a low fidelity, 1/13 of a full training. */
    public static final int PROBE_EPOCH = 4;

    /**
     * The probe configurations, the same for every task: a Latin hypercube of {@value #PROBE_COUNT}
     * points over the seven hyperparameters (log scale where the space is), drawn once from a fixed
     * seed; integers rounded to the nearest.
     */
    public static List<Config> probes() {
        int n = PROBE_COUNT;
        java.util.SplittableRandom random = new java.util.SplittableRandom(15);
        double[][] cells = new double[HYPERPARAMETERS.size()][];
        for (int d = 0; d < cells.length; d++) {
            // A random permutation of the n strata per dimension, a uniform draw inside each.
            int[] order = java.util.stream.IntStream.range(0, n).toArray();
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            cells[d] = new double[n];
            for (int i = 0; i < n; i++) cells[d][i] = (order[i] + random.nextDouble()) / n;
        }
        List<Config> probes = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            java.util.Map<String, Object> values = new java.util.TreeMap<>();
            for (int d = 0; d < cells.length; d++) {
                Hyperparameter h = HYPERPARAMETERS.get(d);
                double u = cells[d][i];
                double v = h.log() ? Math.exp(Math.log(h.low()) + u * (Math.log(h.high()) - Math.log(h.low())))
                        : h.low() + u * (h.high() - h.low());
                if (h.integer()) values.put(h.name(), Math.round(v));
                else values.put(h.name(), v);
            }
            probes.add(Config.of(values));
        }
        return List.copyOf(probes);
    }

    /** The surrogate's continuous inputs, in the order it reads them (yahpo_gym's cont_names): the epoch, then the hyperparameters. */
    public static final List<String> INPUTS = List.of("epoch", "batch_size", "learning_rate", "momentum", "weight_decay",
            "num_layers", "max_units", "max_dropout");

    /**
     * What the surrogate predicts, in its output's order (yahpo_gym's y_names): the training time
     * in seconds, the validation accuracy in percent (0..100), the validation cross-entropy, the
     * validation balanced accuracy (a fraction, 0..1), and the test split's cross-entropy and
     * balanced accuracy.
     */
    public static final List<String> TARGETS = List.of("time", "val_accuracy", "val_cross_entropy", "val_balanced_accuracy",
            "test_cross_entropy", "test_balanced_accuracy");

    /** Which way each target is better (yahpo_gym's y_minimize). */
    public static Direction direction(String target) {
        int i = TARGETS.indexOf(target);
        if (i < 0) throw new IllegalArgumentException("unknown target '" + target + "'; expected one of " + String.join(", ", TARGETS));
        return target.equals("time") || target.endsWith("cross_entropy") ? Direction.MINIMIZE : Direction.MAXIMIZE;
    }
}
