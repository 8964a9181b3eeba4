package io.ams.report;

import io.ams.codec.Dimension;
import io.ams.codec.SpaceCodec;
import io.ams.genome.Genome;
import io.ams.genome.GenomeException;
import io.ams.space.Config;
import io.ams.space.LayerConfig;
import io.ams.space.LayerStack;
import io.ams.space.Parameter;
import io.ams.space.SearchSpace;
import io.ams.store.StudyMeta;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The searched coordinates of a space, one gene per {@link SpaceCodec} dimension and named as
 * the codec names them ({@code lr}, {@code layers.depth}, {@code layers[1].units}), with what each
 * trial's configuration sets them to. What the report plots, ranks by importance and exports to
 * Optuna, so that every view names a gene the same way.
 */
public final class Genes {

    /**
     * One searched coordinate.
     *
     * @param index     its position in the codec's vector
     * @param label     its name: {@code lr}, {@code layers.depth}, {@code layers[1].units}
     * @param parameter the parameter it encodes; empty for a stack's depth
     * @param stack     the stack it belongs to (a depth or a per-layer parameter); empty for a
     *                  top-level parameter
     * @param layer     the layer it belongs to, {@code -1} for a top-level parameter or a depth
     * @param cells     how many values it can take, 0 for a real
     * @param categorical whether its values are unordered choices
     */
    public record Gene(int index, String label, Optional<Parameter> parameter, Optional<LayerStack> stack,
                       int layer, long cells, boolean categorical) {
        /** Whether this gene is the number of layers of a stack. */
        public boolean isDepth() {
            return parameter.isEmpty();
        }

        /** Whether the gene is active only under a condition, or only in stacks deeper than their least depth. */
        public boolean conditional() {
            return layer >= stack.map(LayerStack::minDepth).orElse(0) && layer >= 0
                    || parameter.map(p -> !p.conditions().isEmpty()).orElse(false);
        }
    }

    private final SpaceCodec codec;
    private final List<Gene> genes;

    private Genes(SearchSpace space) {
        this.codec = SpaceCodec.of(space);
        List<Gene> list = new ArrayList<>();
        Map<String, Parameter> top = new LinkedHashMap<>();
        for (Parameter p : space.parameters()) top.put(p.name(), p);
        for (Dimension d : codec.dimensions()) {
            String label = d.label();
            int bracket = label.indexOf('[');
            if (top.containsKey(label)) {
                list.add(new Gene(d.index(), label, Optional.of(top.get(label)), Optional.empty(), -1, d.cells(), d.categorical()));
            } else if (label.endsWith(".depth") && space.stack(label.substring(0, label.length() - 6)).isPresent()) {
                LayerStack s = space.stack(label.substring(0, label.length() - 6)).orElseThrow();
                list.add(new Gene(d.index(), label, Optional.empty(), Optional.of(s), -1, d.cells(), false));
            } else if (bracket > 0) {
                LayerStack s = space.stack(label.substring(0, bracket)).orElseThrow();
                int close = label.indexOf(']', bracket);
                int layer = Integer.parseInt(label.substring(bracket + 1, close));
                String name = label.substring(close + 2);
                Parameter p = s.perLayer().stream().filter(q -> q.name().equals(name)).findFirst().orElseThrow();
                list.add(new Gene(d.index(), label, Optional.of(p), Optional.of(s), layer, d.cells(), d.categorical()));
            } else {
                throw new IllegalStateException("the codec names a dimension '" + label + "' that the space does not have");
            }
        }
        this.genes = List.copyOf(list);
    }

    /** The genes of {@code space}. */
    public static Genes of(SearchSpace space) {
        return new Genes(space);
    }

    /**
     * The genes of the study a store keeps, read from the genome it was run with; empty for a
     * study made through the Study API, whose space the store does not keep (only its text).
     *
     * @throws IllegalArgumentException when the kept genome no longer reads
     */
    public static Optional<Genes> ofStudy(StudyMeta meta) {
        if (meta.spaceSource().isBlank()) return Optional.empty();
        try {
            return Optional.of(of(Genome.parse(meta.spaceSource(), meta.name()).space()));
        } catch (GenomeException e) {
            throw new IllegalArgumentException("the genome kept in the store no longer reads: " + e.getMessage(), e);
        }
    }

    /** The genes, in the codec's order. */
    public List<Gene> genes() {
        return genes;
    }

    /** The encoding the genes are coordinates of. */
    public SpaceCodec codec() {
        return codec;
    }

    /**
     * What {@code config} sets each active gene to, by label, in gene order: a parameter's value
     * (Double, Long, String, Boolean), a depth as a Long. Inactive genes (a condition fails, a
     * layer beyond the depth) are absent.
     */
    public Map<String, Object> values(Config config) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Gene g : genes) {
            if (g.stack().isEmpty()) {
                if (config.has(g.label())) out.put(g.label(), config.get(g.label()));
                continue;
            }
            List<LayerConfig> layers = config.stacks().get(g.stack().get().name());
            if (layers == null) continue;
            if (g.isDepth()) {
                out.put(g.label(), (long) layers.size());
            } else if (g.layer() < layers.size() && layers.get(g.layer()).has(g.parameter().get().name())) {
                out.put(g.label(), layers.get(g.layer()).get(g.parameter().get().name()));
            }
        }
        return out;
    }

    /**
     * {@code config} as a point of the unit cube, with {@code NaN} at inactive genes: the
     * coordinates the search itself used (log-scaled reals in their logarithm, integers and
     * choices at their cells' centres).
     *
     * @throws IllegalArgumentException when {@code config} is not a configuration of this space
     */
    public double[] unit(Config config) {
        double[] u;
        try {
            u = codec.encode(config);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a configuration of this space: " + e.getMessage(), e);
        }
        boolean[] active = new boolean[u.length];
        for (int i : codec.activeDimensions(u)) active[i] = true;
        double[] out = Arrays.copyOf(u, u.length);
        for (int i = 0; i < out.length; i++) if (!active[i]) out[i] = Double.NaN;
        return out;
    }
}
