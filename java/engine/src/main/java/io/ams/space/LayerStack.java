package io.ams.space;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A variable-depth stack of layers: a depth in {@code [minDepth, maxDepth]} and, for each layer,
 * its own values of the per-layer parameters (units, activation, dropout, normalisation...).
 * The encoding carries the genes of all {@code maxDepth} layers and ignores those beyond the
 * depth, so a mutation that deepens the network revives layers that already have values.
 * Per-layer parameters may carry conditions on their siblings in the same layer.
 *
 * @param name         the stack's name, a key of {@link Config#layers(String)}
 * @param minDepth     the fewest layers, {@code >= 0}
 * @param maxDepth     the most layers, {@code >= max(1, minDepth)}
 * @param defaultDepth the depth to start from, if declared
 * @param perLayer     the parameters every layer has, in declaration order
 */
public record LayerStack(String name, int minDepth, int maxDepth, Optional<Integer> defaultDepth,
                         List<Parameter> perLayer) {
    public LayerStack {
        Parameters.checkName(name);
        if (minDepth < 0) throw new SpaceException(name, "min depth must be >= 0, got " + minDepth);
        if (maxDepth < minDepth) throw new SpaceException(name, "min depth " + minDepth + " > max depth " + maxDepth);
        if (maxDepth < 1) throw new SpaceException(name, "max depth must be >= 1, got " + maxDepth);
        if (defaultDepth == null) defaultDepth = Optional.empty();
        defaultDepth.ifPresent(d -> {
            if (d < minDepth || d > maxDepth) {
                throw new SpaceException(name, "default depth " + d + " is outside [" + minDepth + ", " + maxDepth + "]");
            }
        });
        perLayer = List.copyOf(perLayer);
        Set<String> names = new HashSet<>();
        for (Parameter p : perLayer) {
            if (!names.add(p.name())) throw new SpaceException(name + "." + p.name(), "declared twice in the stack");
        }
        ConditionGraph.order(perLayer, name + ".");
    }

    /** A stack of {@code minDepth..maxDepth} layers, with no per-layer parameters yet. */
    public static LayerStack of(String name, int minDepth, int maxDepth) {
        return new LayerStack(name, minDepth, maxDepth, Optional.empty(), List.of());
    }

    /** A copy with more per-layer parameters. */
    public LayerStack with(Parameter... parameters) {
        List<Parameter> more = new ArrayList<>(perLayer);
        more.addAll(Arrays.asList(parameters));
        return new LayerStack(name, minDepth, maxDepth, defaultDepth, more);
    }

    /** A copy that starts from {@code depth} layers. */
    public LayerStack withDefaultDepth(int depth) {
        return new LayerStack(name, minDepth, maxDepth, Optional.of(depth), perLayer);
    }
}
