package io.ams.space;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a study searches: named parameters (some active only under conditions) and
 * variable-depth layer stacks. Immutable and validated on {@link Builder#build()}: names are
 * unique, every condition names an existing parent with discrete values and lists valid values
 * of it, and conditions form no cycle. Made in Java with {@link #builder()} or read from a
 * genome file with {@code io.ams.genome.Genome#read}.
 *
 * <pre>{@code
 * SearchSpace space = SearchSpace.builder()
 *     .add(Parameter.choice("optimizer", "sgd", "momentum", "adam"))
 *     .add(Parameter.logReal("lr", 1e-4, 0.3))
 *     .add(Parameter.real("momentum", 0.5, 0.99).when("optimizer", "momentum"))
 *     .add(LayerStack.of("layers", 1, 3).with(Parameter.logInt("units", 16, 256)))
 *     .build();
 * }</pre>
 */
public final class SearchSpace {
    private final List<Parameter> parameters;
    private final List<LayerStack> stacks;
    // Resolution orders (parents first), computed once: decoding runs them for every trial.
    private final List<Parameter> order;
    private final Map<String, List<Parameter>> layerOrders;

    private SearchSpace(List<Parameter> parameters, List<LayerStack> stacks) {
        this.parameters = List.copyOf(parameters);
        this.stacks = List.copyOf(stacks);
        Set<String> names = new HashSet<>();
        for (Parameter p : this.parameters) {
            if (!names.add(p.name())) throw new SpaceException(p.name(), "declared twice");
        }
        for (LayerStack s : this.stacks) {
            if (!names.add(s.name())) throw new SpaceException(s.name(), "declared twice");
        }
        if (this.parameters.isEmpty() && this.stacks.isEmpty()) {
            throw new IllegalArgumentException("a search space needs at least one parameter or layer stack");
        }
        this.order = ConditionGraph.order(this.parameters, "");
        Map<String, List<Parameter>> lo = new LinkedHashMap<>();
        for (LayerStack s : this.stacks) lo.put(s.name(), ConditionGraph.order(s.perLayer(), s.name() + "."));
        this.layerOrders = Collections.unmodifiableMap(lo);
    }

    /** A builder for a space, parameters and stacks kept in the order added. */
    public static Builder builder() {
        return new Builder();
    }

    /** The top-level parameters, in declaration order. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** The layer stacks, in declaration order. */
    public List<LayerStack> stacks() {
        return stacks;
    }

    /** The top-level parameter called {@code name}, if any. */
    public Optional<Parameter> parameter(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The stack called {@code name}, if any. */
    public Optional<LayerStack> stack(String name) {
        return stacks.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * The configuration a full assignment implies. Walks the parameters parents first, keeps
     * those whose conditions hold, takes fixed ones from the space and the rest from {@code
     * values}, validating each; values of inactive parameters are ignored, so a caller may pass
     * a value for every parameter. {@code layers} gives, for every stack, one value map per
     * layer of the chosen depth.
     *
     * @throws SpaceException           if a value is invalid or an active parameter has none
     * @throws IllegalArgumentException if a name is unknown or a stack is missing or of a wrong depth
     */
    public Config config(Map<String, ?> values, Map<String, ? extends List<? extends Map<String, ?>>> layers) {
        Set<String> known = new HashSet<>();
        parameters.forEach(p -> known.add(p.name()));
        for (String name : values.keySet()) {
            if (!known.contains(name)) throw new IllegalArgumentException("no parameter '" + name + "' in the space");
        }
        for (String name : layers.keySet()) {
            if (stack(name).isEmpty()) throw new IllegalArgumentException("no layer stack '" + name + "' in the space");
        }
        Map<String, Object> active = resolve(order, values, "");
        Map<String, List<LayerConfig>> stackValues = new TreeMap<>();
        for (LayerStack s : stacks) {
            List<? extends Map<String, ?>> given = layers.get(s.name());
            if (given == null) throw new IllegalArgumentException("no layers given for stack '" + s.name() + "'");
            if (given.size() < s.minDepth() || given.size() > s.maxDepth()) {
                throw new SpaceException(s.name(), "depth " + given.size() + " is outside [" + s.minDepth() + ", "
                        + s.maxDepth() + "]");
            }
            Set<String> perLayer = new HashSet<>();
            s.perLayer().forEach(p -> perLayer.add(p.name()));
            List<LayerConfig> out = new ArrayList<>(given.size());
            for (Map<String, ?> layer : given) {
                for (String name : layer.keySet()) {
                    if (!perLayer.contains(name)) {
                        throw new IllegalArgumentException("no per-layer parameter '" + name + "' in stack '" + s.name() + "'");
                    }
                }
                out.add(new LayerConfig(resolve(layerOrders.get(s.name()), layer, s.name() + ".")));
            }
            stackValues.put(s.name(), out);
        }
        return new Config(active, stackValues);
    }

    private static Map<String, Object> resolve(List<Parameter> order, Map<String, ?> values, String prefix) {
        Map<String, Object> active = new TreeMap<>();
        for (Parameter p : order) {
            if (!ConditionGraph.active(p, active)) continue;
            if (p instanceof FixedParameter f) {
                active.put(p.name(), f.value());
                continue;
            }
            Object v = values.get(p.name());
            if (v == null) throw new SpaceException(prefix + p.name(), "active but has no value");
            try {
                active.put(p.name(), p.validate(v));
            } catch (SpaceException e) {
                throw new SpaceException(prefix + p.name(), e.problem());
            }
        }
        return active;
    }

    /** The per-layer parameters of stack {@code name}, parents before the siblings that depend on them. */
    public List<Parameter> resolutionOrder(String stack) {
        List<Parameter> o = layerOrders.get(stack);
        if (o == null) throw new IllegalArgumentException("no layer stack '" + stack + "' in the space");
        return o;
    }

    /** The top-level parameters, parents before the parameters that depend on them. */
    public List<Parameter> resolutionOrder() {
        return order;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SearchSpace s && parameters.equals(s.parameters) && stacks.equals(s.stacks);
    }

    @Override
    public int hashCode() {
        return 31 * parameters.hashCode() + stacks.hashCode();
    }

    @Override
    public String toString() {
        return "SearchSpace" + parameters + stacks;
    }

    /** Collects parameters and stacks in order; {@link #build()} validates the whole. */
    public static final class Builder {
        private final List<Parameter> parameters = new ArrayList<>();
        private final List<LayerStack> stacks = new ArrayList<>();

        private Builder() {}

        /** Adds top-level parameters. */
        public Builder add(Parameter... parameters) {
            this.parameters.addAll(List.of(parameters));
            return this;
        }

        /** Adds a layer stack. */
        public Builder add(LayerStack stack) {
            stacks.add(stack);
            return this;
        }

        /** The space; {@link SpaceException} names the parameter at fault. */
        public SearchSpace build() {
            return new SearchSpace(parameters, stacks);
        }
    }
}
