package io.ams.models;

import io.ams.core.Spelling;
import io.ams.nn.Activation;
import io.ams.nn.Init;
import io.ams.nn.Layer;
import io.ams.nn.MlpSpec;
import io.ams.nn.Optimizer;
import io.ams.nn.OptimizerKind;
import io.ams.nn.Pruning;
import io.ams.nn.Schedule;
import io.ams.nn.TrainConfig;
import io.ams.space.ChoiceParameter;
import io.ams.space.Config;
import io.ams.space.FixedParameter;
import io.ams.space.IntParameter;
import io.ams.space.LayerConfig;
import io.ams.space.LayerStack;
import io.ams.space.Parameter;
import io.ams.space.RealParameter;
import io.ams.space.SearchSpace;
import io.ams.space.Values;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The names the built-in MLP reads from a configuration, declared once: each name's place (the
 * top of the configuration or each layer of the {@value #STACK} stack), the values the trainer
 * accepts and the default a configuration that leaves it out gets. The genome reader checks a
 * space against it before any trial ({@link #problems}), so that a misspelt or out-of-range
 * name is an error rather than a searched setting the trainer ignores; {@link #trainConfig}
 * maps a configuration onto the trainer, for the search's objective and {@code ams train}
 * alike, so both train the same network from the same settings.
 */
public final class MlpParameters {
    private MlpParameters() {}

    /** The one layer stack the MLP reads: its hidden layers, input side first. */
    public static final String STACK = "layers";

    /** The hidden widths when a configuration has no {@value #STACK} stack, each layer with the per-layer defaults. */
    public static final List<Integer> DEFAULT_LAYERS = List.of(128, 64);

    /** Where a name is read. */
    public enum Place { TOP, LAYER }

    /** The values a name takes. The ranges are the trainer's own, so a value inside one never fails a trial. */
    public sealed interface Domain permits Ints, Reals, Names, Bool {
        boolean accepts(Object value);

        /** As in "epochs takes an integer >= 1". */
        String describe();
    }

    /** Integers from {@code min} up. */
    public record Ints(long min) implements Domain {
        @Override public boolean accepts(Object v) { return v instanceof Long l && l >= min; }
        @Override public String describe() { return "an integer >= " + min; }
    }

    /** Numbers (integers too) between {@code low} and {@code high}, each end included or not; {@code high} may be infinite. */
    public record Reals(double low, boolean lowIncluded, double high, boolean highIncluded) implements Domain {
        static Reals atLeast(double low) { return new Reals(low, true, Double.POSITIVE_INFINITY, false); }
        static Reals above(double low) { return new Reals(low, false, Double.POSITIVE_INFINITY, false); }

        @Override
        public boolean accepts(Object v) {
            if (!(v instanceof Long || v instanceof Double)) return false;
            double d = ((Number) v).doubleValue();
            return (lowIncluded ? d >= low : d > low) && (highIncluded ? d <= high : d < high);
        }

        @Override
        public String describe() {
            if (Double.isInfinite(high)) return "a number " + (lowIncluded ? ">= " : "> ") + show(low);
            return "a number in " + (lowIncluded ? "[" : "(") + show(low) + ", " + show(high) + (highIncluded ? "]" : ")");
        }

        private static String show(double d) {
            return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
        }
    }

    /**
     * Names, matched as the trainer parses them: case, {@code -} and {@code _} do not matter
     * ({@code leaky-relu}, {@code LEAKY_RELU}).
     */
    public record Names(List<String> names) implements Domain {
        public Names {
            names = List.copyOf(names);
        }

        @Override
        public boolean accepts(Object v) {
            return v instanceof String s && names.stream().anyMatch(n -> key(n).equals(key(s)));
        }

        @Override
        public String describe() { return "one of " + String.join(", ", names); }

        private static String key(String name) {
            return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        }
    }

    /** {@code true} or {@code false}. */
    public record Bool() implements Domain {
        @Override public boolean accepts(Object v) { return v instanceof Boolean; }
        @Override public String describe() { return "true or false"; }
    }

    /**
     * One name the MLP reads.
     *
     * @param defaultValue what a configuration without the name gets; null where it depends on
     *                     another setting (momentum, weight_decay and init: see genomes/README.md)
     *                     or, for {@code units}, where there is none: a layer needs its width
     */
    public record Spec(String name, Place place, Domain domain, Object defaultValue) {
        double real(Values v) { return v.getDouble(name, ((Number) defaultValue).doubleValue()); }
        int integer(Values v) { return v.getInt(name, ((Number) defaultValue).intValue()); }
        String string(Values v) { return v.getString(name, (String) defaultValue); }
        boolean bool(Values v) { return v.getBoolean(name, (Boolean) defaultValue); }
    }

    public static final Spec OPTIMIZER = top("optimizer", names(OptimizerKind.values()), "adam");
    public static final Spec LR = top("lr", Reals.above(0), 1e-3);
    public static final Spec MOMENTUM = top("momentum", new Reals(0, true, 1, false), null);
    public static final Spec WEIGHT_DECAY = top("weight_decay", Reals.atLeast(0), null);
    public static final Spec CLIP = top("clip", Reals.atLeast(0), 0.0);
    public static final Spec SCHEDULE = top("schedule", names(Schedule.Kind.values()), "constant");
    public static final Spec WARMUP_EPOCHS = top("warmup_epochs", Reals.atLeast(0), 0.0);
    public static final Spec STEP_EPOCHS = top("step_epochs", new Ints(1), 10L);
    public static final Spec GAMMA = top("gamma", new Reals(0, false, 1, true), 0.1);
    public static final Spec BATCH = top("batch", new Ints(1), 64L);
    public static final Spec EPOCHS = top("epochs", new Ints(1), 20L);
    public static final Spec PATIENCE = top("patience", new Ints(0), 0L);
    public static final Spec INIT = top("init", names(Init.values()), null);
    public static final Spec PRUNE = top("prune", new Names(List.of("none", "weights", "neurons")), "none");
    public static final Spec SPARSITY = top("sparsity", new Reals(0, false, 1, false), 0.5);
    public static final Spec PRUNE_STEPS = top("prune_steps", new Ints(1), 1L);
    public static final Spec FINETUNE_EPOCHS = top("finetune_epochs", new Ints(0), 3L);
    public static final Spec UNITS = new Spec("units", Place.LAYER, new Ints(1), null);
    public static final Spec ACTIVATION = new Spec("activation", Place.LAYER, names(Activation.values()), "relu");
    public static final Spec DROPOUT = new Spec("dropout", Place.LAYER, new Reals(0, true, 1, false), 0.0);
    public static final Spec BATCHNORM = new Spec("batchnorm", Place.LAYER, new Bool(), false);

    /** Every name, in the order genomes/README.md lists them. */
    public static final List<Spec> ALL = List.of(OPTIMIZER, LR, MOMENTUM, WEIGHT_DECAY, CLIP, SCHEDULE, WARMUP_EPOCHS,
            STEP_EPOCHS, GAMMA, BATCH, EPOCHS, PATIENCE, INIT, PRUNE, SPARSITY, PRUNE_STEPS, FINETUNE_EPOCHS,
            UNITS, ACTIVATION, DROPOUT, BATCHNORM);

    private static Spec top(String name, Domain domain, Object defaultValue) {
        return new Spec(name, Place.TOP, domain, defaultValue);
    }

    private static Names names(Enum<?>[] values) {
        return new Names(Arrays.stream(values).map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList());
    }

    /** The declaration of {@code name}, at either place. */
    public static Optional<Spec> spec(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    // ---- checking a space ---------------------------------------------------------------------

    /**
     * What is wrong with one parameter of a space.
     *
     * @param parameter the parameter, qualified by its stack ({@code lr}, {@code layers.units}, {@code layers})
     * @param choice    the position of the offending value among a choice's values, when it is one
     * @param message   what is wrong
     */
    public record Problem(String parameter, OptionalInt choice, String message) {
        static Problem of(String parameter, String message) {
            return new Problem(parameter, OptionalInt.empty(), message);
        }
    }

    /**
     * Every parameter of {@code space} that the MLP would not read as written: an unknown name,
     * a per-layer name outside the stack or the reverse, a value of the wrong type or a range
     * that reaches values the trainer rejects; empty when the space is sound.
     */
    public static List<Problem> problems(SearchSpace space) {
        List<Problem> problems = new ArrayList<>();
        for (Parameter p : space.parameters()) check(p, Place.TOP, p.name()).ifPresent(problems::add);
        for (LayerStack s : space.stacks()) {
            if (!s.name().equals(STACK)) {
                problems.add(Problem.of(s.name(), "unknown layer stack '" + s.name() + "' of the mlp objective; "
                        + Spelling.closest(s.name(), List.of(STACK)).map(n -> "did you mean '" + n + "'?")
                        .orElse("it reads one, '" + STACK + "'")));
                continue;
            }
            Optional<Parameter> units = s.perLayer().stream().filter(p -> p.name().equals(UNITS.name())).findFirst();
            if (units.isEmpty()) {
                problems.add(Problem.of(s.name(), "the " + STACK + " stack needs units, the width of each layer"));
            } else if (!units.get().conditions().isEmpty()) {
                problems.add(Problem.of(s.name() + ".units", "units takes no condition: every layer needs its width"));
            }
            for (Parameter p : s.perLayer()) check(p, Place.LAYER, s.name() + "." + p.name()).ifPresent(problems::add);
        }
        return problems;
    }

    private static Optional<Problem> check(Parameter p, Place place, String qualified) {
        Optional<String> misplaced = misplaced(p.name(), place);
        if (misplaced.isPresent()) return Optional.of(Problem.of(qualified, misplaced.get()));
        Spec spec = spec(p.name()).orElseThrow();
        Domain d = spec.domain();
        String takes = p.name() + " takes " + d.describe();
        if (p instanceof FixedParameter f) {
            return d.accepts(f.value()) ? Optional.empty() : Optional.of(Problem.of(qualified, takes + ", got " + show(f.value(), d)));
        }
        if (p instanceof ChoiceParameter c) {
            for (int i = 0; i < c.choices().size(); i++) {
                Object v = c.choices().get(i);
                if (!d.accepts(v)) return Optional.of(new Problem(qualified, OptionalInt.of(i), takes + ", got " + show(v, d)));
            }
            return Optional.empty();
        }
        boolean integers = p instanceof IntParameter;
        if (d instanceof Names || d instanceof Bool || d instanceof Ints && !integers) {
            return Optional.of(Problem.of(qualified, takes + ", not a range of " + (integers ? "integers" : "reals")));
        }
        Object low = integers ? (Object) ((IntParameter) p).low() : (Object) ((RealParameter) p).low();
        Object high = integers ? (Object) ((IntParameter) p).high() : (Object) ((RealParameter) p).high();
        // Every value of a range lies between its ends, and every domain is an interval: the ends decide.
        for (Object end : List.of(low, high)) {
            if (!d.accepts(end)) return Optional.of(Problem.of(qualified, takes + ": the range [" + low + ", " + high + "] reaches " + end));
        }
        return Optional.empty();
    }

    /** Why {@code name} cannot be read at {@code place}, if it cannot. */
    private static Optional<String> misplaced(String name, Place place) {
        Optional<Spec> spec = spec(name);
        if (spec.isPresent() && spec.get().place() == place) return Optional.empty();
        if (spec.isPresent() && place == Place.TOP) {
            return Optional.of("'" + name + "' is a per-layer parameter of the mlp objective: declare it in the " + STACK + " stack");
        }
        if (spec.isPresent()) return Optional.of("'" + name + "' is not a per-layer parameter: declare it outside the " + STACK + " stack");
        if (name.equals(STACK)) {
            return Optional.of("'" + STACK + "' is the mlp objective's layer stack: write it as {min: M, max: N, units: ...}");
        }
        List<String> known = ALL.stream().map(Spec::name).toList();
        return Optional.of("unknown " + (place == Place.LAYER ? "per-layer " : "") + "parameter '" + name + "' of the mlp objective; "
                + Spelling.closest(name, known).map(n -> "did you mean '" + n + "'?").orElseGet(MlpParameters::reads));
    }

    private static String reads() {
        return "it reads " + ALL.stream().filter(s -> s.place() == Place.TOP).map(Spec::name).collect(Collectors.joining(", "))
                + " and the " + STACK + " stack (" + ALL.stream().filter(s -> s.place() == Place.LAYER).map(Spec::name)
                .collect(Collectors.joining(", ")) + ")";
    }

    private static String show(Object v, Domain d) {
        String shown = v instanceof String s ? "'" + s + "'" : String.valueOf(v);
        if (d instanceof Names n && v instanceof String s) {
            shown += Spelling.closest(s, n.names()).map(m -> "; did you mean '" + m + "'?").orElse("");
        }
        return shown;
    }

    // ---- the mapping onto the trainer ---------------------------------------------------------

    /**
     * The training run a configuration stands for, with the defaults above for what it leaves
     * out; the seed and the BLAS threads come from the caller (the trial, or {@code ams train}'s
     * flags).
     *
     * @throws IllegalArgumentException if the configuration holds a name the MLP does not read,
     *                                  in the wrong place, or a value outside its domain
     */
    public static TrainConfig trainConfig(Config c, long seed, int threads) {
        validate(c);
        List<? extends Values> layers = c.stacks().containsKey(STACK) ? c.layers(STACK)
                : DEFAULT_LAYERS.stream().map(units -> LayerConfig.of(Map.of(UNITS.name(), units))).toList();
        List<Layer> hidden = new ArrayList<>();
        for (Values l : layers) {
            hidden.add(new Layer(l.getInt(UNITS.name()), Activation.parse(ACTIVATION.string(l)), DROPOUT.real(l), BATCHNORM.bool(l)));
        }
        Activation first = hidden.isEmpty() ? Activation.parse((String) ACTIVATION.defaultValue()) : hidden.get(0).activation();
        Init init = c.has(INIT.name()) ? Init.parse(c.getString(INIT.name())) : MlpSpec.defaultInit(first);
        MlpSpec network = new MlpSpec(hidden, init, 0.01);

        // momentum and weight decay left out keep the optimizer kind's own (Optimizer.of)
        Optimizer optimizer = Optimizer.of(OptimizerKind.parse(OPTIMIZER.string(c)), LR.real(c)).withClipNorm(CLIP.real(c));
        if (c.has(MOMENTUM.name())) optimizer = optimizer.withMomentum(c.getDouble(MOMENTUM.name()));
        if (c.has(WEIGHT_DECAY.name())) optimizer = optimizer.withWeightDecay(c.getDouble(WEIGHT_DECAY.name()));

        Schedule schedule = new Schedule(Schedule.Kind.parse(SCHEDULE.string(c)), STEP_EPOCHS.integer(c), GAMMA.real(c),
                WARMUP_EPOCHS.real(c), 0);

        String prune = PRUNE.string(c);
        Pruning pruning = prune.equalsIgnoreCase("none") ? null : new Pruning(Pruning.Mode.parse(prune), SPARSITY.real(c),
                PRUNE_STEPS.integer(c), FINETUNE_EPOCHS.integer(c));

        return new TrainConfig(network, optimizer, schedule, BATCH.integer(c), EPOCHS.integer(c), PATIENCE.integer(c),
                pruning, seed, threads);
    }

    /** The configuration-time twin of {@link #problems}, for configurations that come from elsewhere than a checked genome. */
    private static void validate(Config c) {
        c.values().forEach((name, value) -> validate(name, value, Place.TOP));
        for (Map.Entry<String, List<LayerConfig>> s : c.stacks().entrySet()) {
            if (!s.getKey().equals(STACK)) {
                throw new IllegalArgumentException("unknown layer stack '" + s.getKey() + "' of the mlp objective; it reads one, '" + STACK + "'");
            }
            for (LayerConfig l : s.getValue()) {
                if (!l.has(UNITS.name())) throw new IllegalArgumentException("a layer without units: every layer needs its width");
                l.values().forEach((name, value) -> validate(name, value, Place.LAYER));
            }
        }
    }

    private static void validate(String name, Object value, Place place) {
        Optional<String> misplaced = misplaced(name, place);
        if (misplaced.isPresent()) throw new IllegalArgumentException(misplaced.get());
        Domain d = spec(name).orElseThrow().domain();
        if (!d.accepts(value)) throw new IllegalArgumentException(name + " takes " + d.describe() + ", got " + show(value, d));
    }
}
