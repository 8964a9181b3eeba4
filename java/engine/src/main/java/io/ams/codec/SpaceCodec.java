package io.ams.codec;

import io.ams.space.Config;
import io.ams.space.FixedParameter;
import io.ams.space.LayerConfig;
import io.ams.space.LayerStack;
import io.ams.space.Parameter;
import io.ams.space.Scale;
import io.ams.space.SearchSpace;
import io.jenetics.DoubleChromosome;
import io.jenetics.DoubleGene;
import io.jenetics.Genotype;
import io.jenetics.engine.Codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The joint encoding of a {@link SearchSpace}: every configuration is a point of the unit cube
 * [0, 1]^D, the one representation shared by the GA (as a Jenetics genotype), differential
 * evolution, random sampling and the Gaussian-process surrogates.
 *
 * <p>Layout: one coordinate per non-fixed top-level parameter, in declaration order; then, per
 * stack, one depth coordinate followed by the per-layer coordinates of all {@code maxDepth}
 * layers, layer by layer. Reals map linearly (or linearly in the logarithm); integers,
 * categories, booleans and depths give each value a cell of [0, 1] (equal widths, or widths
 * equal in the logarithm for log integers). Fixed parameters have no coordinate. Decoded
 * reals are rounded to 12 significant digits, so that every configuration, hand-written ones
 * included, survives encode and decode exactly.
 *
 * <p>Coordinates of inactive parameters (a condition fails, a layer beyond the depth) are
 * carried but ignored by {@link #decode}: changing them changes nothing. {@link #encode} sets
 * them to {@link #INACTIVE}, so that equal configurations encode to equal vectors, which is what
 * a surrogate needs ({@link #imputed}).
 */
public final class SpaceCodec {

    /**
     * The value of inactive coordinates in {@link #encode} and {@link #imputed}: the centre of
     * the cube, the same for every configuration and no nearer to one end of any range.
     */
    public static final double INACTIVE = 0.5;

    private final SearchSpace space;
    private final List<Dimension> dimensions;
    private final Axis[] axes;
    private final Map<String, Slot> top = new LinkedHashMap<>();
    private final Map<String, StackSlots> stacks = new LinkedHashMap<>();
    /** No conditions and no layer stacks: every coordinate is always active. */
    private final boolean flat;

    /** A parameter's axis and coordinate. */
    private record Slot(Parameter parameter, Axis axis, int index) {}

    /** A stack's depth coordinate and, per layer, its per-layer parameters' slots. */
    private record StackSlots(LayerStack stack, Axis depth, int depthIndex, List<Map<String, Slot>> layers) {}

    private SpaceCodec(SearchSpace space) {
        this.space = space;
        List<Dimension> dims = new ArrayList<>();
        List<Axis> axisList = new ArrayList<>();
        for (Parameter p : space.parameters()) {
            if (p instanceof FixedParameter) continue;
            Axis axis = Axis.of(p);
            top.put(p.name(), new Slot(p, axis, dims.size()));
            dims.add(new Dimension(dims.size(), p.name(), axis.cells(), axis instanceof Axis.Choices));
            axisList.add(axis);
        }
        for (LayerStack s : space.stacks()) {
            Axis depth = new Axis.Grid(s.minDepth(), 1, s.maxDepth() - s.minDepth() + 1L, Scale.LINEAR);
            int depthIndex = dims.size();
            dims.add(new Dimension(depthIndex, s.name() + ".depth", depth.cells(), false));
            axisList.add(depth);
            List<Map<String, Slot>> layers = new ArrayList<>();
            for (int l = 0; l < s.maxDepth(); l++) {
                Map<String, Slot> slots = new LinkedHashMap<>();
                for (Parameter p : s.perLayer()) {
                    if (p instanceof FixedParameter) continue;
                    Axis axis = Axis.of(p);
                    slots.put(p.name(), new Slot(p, axis, dims.size()));
                    dims.add(new Dimension(dims.size(), s.name() + "[" + l + "]." + p.name(), axis.cells(),
                            axis instanceof Axis.Choices));
                    axisList.add(axis);
                }
                layers.add(slots);
            }
            stacks.put(s.name(), new StackSlots(s, depth, depthIndex, layers));
        }
        this.dimensions = List.copyOf(dims);
        this.axes = axisList.toArray(new Axis[0]);
        this.flat = stacks.isEmpty() && space.parameters().stream().allMatch(p -> p.conditions().isEmpty());
    }

    /** The encoding of {@code space}. */
    public static SpaceCodec of(SearchSpace space) {
        return new SpaceCodec(space);
    }

    /** The space this codec encodes. */
    public SearchSpace space() {
        return space;
    }

    /** D, the number of coordinates. */
    public int size() {
        return dimensions.size();
    }

    /** What each coordinate encodes, in vector order. */
    public List<Dimension> dimensions() {
        return dimensions;
    }

    /**
     * The configuration at {@code u}. Coordinates outside [0, 1] are clamped to it, so that
     * strategies stepping off the cube (differential evolution, local search) need no repair.
     */
    public Config decode(double[] u) {
        checkLength(u);
        Map<String, Object> values = new HashMap<>();
        top.forEach((name, slot) -> values.put(name, slot.axis.decode(Axis.clamp(u[slot.index]))));
        Map<String, List<Map<String, Object>>> layers = new HashMap<>();
        stacks.forEach((name, s) -> {
            int depth = Math.toIntExact((Long) s.depth.decode(Axis.clamp(u[s.depthIndex])));
            List<Map<String, Object>> list = new ArrayList<>(depth);
            for (int l = 0; l < depth; l++) {
                Map<String, Object> layer = new HashMap<>();
                s.layers.get(l).forEach((p, slot) -> layer.put(p, slot.axis.decode(Axis.clamp(u[slot.index]))));
                list.add(layer);
            }
            layers.put(name, list);
        });
        return space.config(values, layers);
    }

    /**
     * The point of {@code config}: discrete values at their cells' centres, reals at the point
     * that decodes to them, inactive coordinates at {@link #INACTIVE}.
     *
     * @throws IllegalArgumentException if the configuration is not one of this space's: an
     *                                  invalid value, a missing active parameter, or a value
     *                                  for an inactive one
     */
    public double[] encode(Config config) {
        Config checked = space.config(config.values(), layerMaps(config));
        if (!checked.values().keySet().equals(config.values().keySet())) {
            throw new IllegalArgumentException("not a configuration of this space, which makes "
                    + checked.values().keySet() + " active: " + config);
        }
        double[] u = new double[size()];
        Arrays.fill(u, INACTIVE);
        top.forEach((name, slot) -> {
            if (checked.has(name)) u[slot.index] = slot.axis.encode(checked.get(name));
        });
        stacks.forEach((name, s) -> {
            List<LayerConfig> layers = checked.layers(name);
            u[s.depthIndex] = s.depth.encode((long) layers.size());
            for (int l = 0; l < layers.size(); l++) {
                LayerConfig layer = layers.get(l);
                if (!layer.values().keySet().equals(config.layers(name).get(l).values().keySet())) {
                    throw new IllegalArgumentException("not a configuration of this space: layer " + l + " of '"
                            + name + "' should have " + layer.values().keySet() + ": " + config);
                }
                s.layers.get(l).forEach((p, slot) -> {
                    if (layer.has(p)) u[slot.index] = slot.axis.encode(layer.get(p));
                });
            }
        });
        return u;
    }

    private static Map<String, List<Map<String, Object>>> layerMaps(Config config) {
        Map<String, List<Map<String, Object>>> maps = new HashMap<>();
        config.stacks().forEach((name, layers) -> maps.put(name, layers.stream().map(LayerConfig::values).toList()));
        return maps;
    }

    /**
     * The canonical point of the configuration {@code u} decodes to: active discrete
     * coordinates moved to their cells' centres and inactive ones set to {@link #INACTIVE}.
     * Points that decode alike impute alike, so a surrogate sees one input per configuration
     * and no signal from genes the objective never saw.
     */
    public double[] imputed(double[] u) {
        if (!flat) return encode(decode(u));
        // Every coordinate always active: axis by axis, without building a configuration
        // (surrogates impute thousands of candidates per proposal).
        checkLength(u);
        double[] x = new double[u.length];
        for (Slot slot : top.values()) x[slot.index] = slot.axis.encode(slot.axis.decode(Axis.clamp(u[slot.index])));
        return x;
    }

    /** The coordinates that {@link #decode} reads at {@code u}, ascending. */
    public int[] activeDimensions(double[] u) {
        if (flat) {
            checkLength(u);
            return java.util.stream.IntStream.range(0, size()).toArray();
        }
        Config c = decode(u);
        List<Integer> active = new ArrayList<>();
        top.forEach((name, slot) -> {
            if (c.has(name)) active.add(slot.index);
        });
        stacks.forEach((name, s) -> {
            active.add(s.depthIndex);
            List<LayerConfig> layers = c.layers(name);
            for (int l = 0; l < layers.size(); l++) {
                LayerConfig layer = layers.get(l);
                s.layers.get(l).forEach((p, slot) -> {
                    if (layer.has(p)) active.add(slot.index);
                });
            }
        });
        return active.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** A point drawn uniformly from the cube. */
    public double[] random(RandomGenerator rnd) {
        double[] u = new double[size()];
        for (int i = 0; i < u.length; i++) u[i] = rnd.nextDouble();
        return u;
    }

    /** The configuration at a point drawn uniformly from the cube. */
    public Config sample(RandomGenerator rnd) {
        return decode(random(rnd));
    }

    /**
     * The configuration a search starts from: each parameter at its declared default, or at
     * the centre of its coordinate when it has none; each stack at its default depth (or the
     * centre), every layer alike.
     */
    public Config defaults() {
        Map<String, Object> values = new HashMap<>();
        top.forEach((name, slot) -> values.put(name, startValue(slot)));
        Map<String, List<Map<String, Object>>> layers = new HashMap<>();
        stacks.forEach((name, s) -> {
            int depth = s.stack.defaultDepth().orElseGet(() -> Math.toIntExact((Long) s.depth.decode(0.5)));
            List<Map<String, Object>> list = new ArrayList<>(depth);
            for (int l = 0; l < depth; l++) {
                Map<String, Object> layer = new HashMap<>();
                s.layers.get(l).forEach((p, slot) -> layer.put(p, startValue(slot)));
                list.add(layer);
            }
            layers.put(name, list);
        });
        return space.config(values, layers);
    }

    private static Object startValue(Slot slot) {
        return slot.parameter.defaultValue().map(v -> (Object) v).orElseGet(() -> slot.axis.decode(0.5));
    }

    /**
     * A copy of {@code u} with one active coordinate, chosen uniformly, redrawn until its
     * parameter takes a different value: the "mutate one gene" step of regularised evolution.
     * Coordinates with a single value cannot change and are never chosen; with none left the
     * copy is unchanged.
     */
    public double[] mutateOne(double[] u, RandomGenerator rnd) {
        double[] out = u.clone();
        int[] changeable = Arrays.stream(activeDimensions(u)).filter(i -> dimensions.get(i).cells() != 1).toArray();
        if (changeable.length == 0) return out;
        int dim = changeable[rnd.nextInt(changeable.length)];
        Axis axis = axes[dim];
        Object before = axis.decode(Axis.clamp(u[dim]));
        // Rejection terminates quickly: every axis here has at least two cells, none covering the cube.
        do {
            out[dim] = rnd.nextDouble();
        } while (axis.decode(out[dim]).equals(before));
        return out;
    }

    /**
     * The genotype of {@code u}: one {@link DoubleChromosome} of length D over [0, 1). One
     * chromosome rather than one per block keeps the GA's genome the very vector the
     * surrogates and samplers use, and lets crossover cut between any two genes, joining the
     * training algorithm of one parent with the architecture of the other. Coordinates are
     * clamped into [0, 1), as Jenetics treats a gene at its upper bound as invalid.
     */
    public Genotype<DoubleGene> toGenotype(double[] u) {
        checkLength(u);
        checkSearchable();
        double top = Math.nextDown(1.0);
        DoubleGene[] genes = new DoubleGene[u.length];
        for (int i = 0; i < u.length; i++) genes[i] = DoubleGene.of(Math.min(Axis.clamp(u[i]), top), 0, 1);
        return Genotype.of(DoubleChromosome.of(genes));
    }

    /** The point a genotype of {@link #toGenotype}'s shape encodes. */
    public double[] fromGenotype(Genotype<DoubleGene> genotype) {
        if (genotype.length() != 1 || genotype.chromosome().length() != size()) {
            throw new IllegalArgumentException("expected one chromosome of length " + size() + ", got " + genotype);
        }
        double[] u = new double[size()];
        for (int i = 0; i < u.length; i++) u[i] = genotype.chromosome().get(i).doubleValue();
        return u;
    }

    /** The encoding as a Jenetics {@link Codec}, for an {@code Engine.builder(fitness, codec)}. */
    public Codec<Config, DoubleGene> jenetics() {
        checkSearchable();
        return Codec.of(Genotype.of(DoubleChromosome.of(0, 1, size())), g -> decode(fromGenotype(g)));
    }

    private void checkLength(double[] u) {
        if (u.length != size()) throw new IllegalArgumentException("expected " + size() + " coordinates, got " + u.length);
    }

    private void checkSearchable() {
        if (size() == 0) throw new IllegalStateException("the space has only fixed parameters: nothing to evolve");
    }
}
