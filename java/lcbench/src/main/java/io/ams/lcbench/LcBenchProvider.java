package io.ams.lcbench;

import io.ams.core.Spelling;
import io.ams.eval.Objective;
import io.ams.genome.MetricSpec;
import io.ams.genome.ObjectiveProvider;
import io.ams.space.FixedParameter;
import io.ams.space.IntParameter;
import io.ams.space.Parameter;
import io.ams.space.RealParameter;
import io.ams.space.SearchSpace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The genome objective {@code lcbench: {task: "3945", target: val_accuracy}}: checks the task,
 * the target and the space (the seven hyperparameters, each searched or fixed within LCBench's
 * ranges, nothing else) when the genome is read.
 */
public final class LcBenchProvider implements ObjectiveProvider {
    static final List<String> OPTIONS = List.of("task", "target");
    static final String DEFAULT_TARGET = "val_accuracy";

    @Override
    public String name() {
        return "lcbench";
    }

    @Override
    public Described describe(Map<String, Object> options, SearchSpace space) {
        for (String key : options.keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new OptionException(key, "unknown option '" + key + "' of lcbench; expected task and target"
                        + Spelling.closest(key, OPTIONS).map(c -> " (did you mean '" + c + "'?)").orElse(""));
            }
        }
        String task = task(options);
        String target = target(options);
        checkSpace(space);
        List<String> records = new ArrayList<>(LcBench.TARGETS);
        records.remove(target);
        return new Described("lcbench:" + task, new MetricSpec(target, LcBench.direction(target)), records, LcBench.MAX_EPOCH);
    }

    private static String task(Map<String, Object> options) {
        Object t = options.get("task");
        if (t == null) throw new OptionException(null, "lcbench needs task: one of the 34 OpenML task ids, e.g. task: \"3945\"");
        String task = t.toString();
        if (!LcBench.TASKS.contains(task)) {
            throw new OptionException("task", "unknown LCBench task '" + task + "'; the 34 tasks: " + String.join(", ", LcBench.TASKS));
        }
        return task;
    }

    private static String target(Map<String, Object> options) {
        Object t = options.getOrDefault("target", DEFAULT_TARGET);
        String target = t.toString();
        if (!LcBench.TARGETS.contains(target)) {
            throw new OptionException("target", "unknown LCBench target '" + target + "'; expected one of " + String.join(", ", LcBench.TARGETS)
                    + Spelling.closest(target, LcBench.TARGETS).map(c -> " (did you mean '" + c + "'?)").orElse(""));
        }
        return target;
    }

    private static void checkSpace(SearchSpace space) {
        if (!space.stacks().isEmpty()) throw new OptionException(null, "lcbench takes no layer stacks: num_layers and max_units shape its networks");
        List<String> names = LcBench.HYPERPARAMETERS.stream().map(LcBench.Hyperparameter::name).toList();
        for (Parameter p : space.parameters()) {
            String where = "space." + p.name();
            if (p.name().equals("epoch") || p.name().equals("epochs")) {
                throw new OptionException(where, "lcbench's epochs are the trial's fidelity: a multi-fidelity strategy sets them"
                        + " (min_fidelity, max_fidelity), every other strategy trains all " + LcBench.MAX_EPOCH);
            }
            LcBench.Hyperparameter h = LcBench.HYPERPARAMETERS.stream().filter(x -> x.name().equals(p.name())).findFirst()
                    .orElseThrow(() -> new OptionException(where, "lcbench has no hyperparameter '" + p.name() + "'; it has "
                            + String.join(", ", names) + Spelling.closest(p.name(), names).map(c -> " (did you mean '" + c + "'?)").orElse("")));
            if (!p.conditions().isEmpty()) throw new OptionException(where, "lcbench's hyperparameters are unconditional");
            double low, high;
            if (p instanceof RealParameter r) {
                if (h.integer()) throw new OptionException(where, h.name() + " is an integer in LCBench: {int: [...]}");
                low = r.low();
                high = r.high();
            } else if (p instanceof IntParameter i) {
                low = i.low();
                high = i.high();
            } else if (p instanceof FixedParameter f && f.value() instanceof Number n) {
                if (h.integer() && n.doubleValue() != Math.rint(n.doubleValue())) throw new OptionException(where, h.name() + " is an integer in LCBench");
                low = high = n.doubleValue();
            } else {
                throw new OptionException(where, h.name() + " is a number in LCBench");
            }
            if (!h.contains(low) || !h.contains(high)) {
                throw new OptionException(where, h.name() + " spans [" + text(h.low()) + ", " + text(h.high()) + "] in LCBench; the surrogate"
                        + " was not fitted beyond it");
            }
        }
        List<String> missing = names.stream().filter(n -> space.parameters().stream().noneMatch(p -> p.name().equals(n))).toList();
        if (!missing.isEmpty()) {
            throw new OptionException(null, "lcbench reads all seven of " + String.join(", ", names) + "; the space lacks "
                    + String.join(", ", missing) + " (search it, or fix it, e.g. momentum: 0.9)");
        }
    }

    private static String text(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public Objective create(Map<String, Object> options) {
        return new LcBenchObjective(task(options), target(options));
    }
}
