package io.ams.space;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * One point of a search space as a trial sees it: the values of the active parameters (fixed
 * ones included, inactive ones absent) and the layers of each stack, as many as its depth.
 * Immutable; equal configurations are equal and hash alike, which is what lets a study skip a
 * configuration it has already trained, and {@link #canonical()} gives the same key string for
 * them.
 *
 * @param values the active top-level parameters by name
 * @param stacks the layers of each stack by stack name; a stack of depth 0 has an empty list
 */
public record Config(Map<String, Object> values, Map<String, List<LayerConfig>> stacks) implements Values {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    public Config {
        values = sortedCopy(values);
        TreeMap<String, List<LayerConfig>> s = new TreeMap<>();
        for (Map.Entry<String, List<LayerConfig>> e : stacks.entrySet()) {
            if (values.containsKey(e.getKey())) {
                throw new IllegalArgumentException("'" + e.getKey() + "' is both a parameter and a stack");
            }
            s.put(e.getKey(), List.copyOf(e.getValue()));
        }
        stacks = Collections.unmodifiableMap(s);
    }

    /** A configuration without stacks. */
    public static Config of(Map<String, ?> values) {
        return new Config(new TreeMap<String, Object>(values), Map.of());
    }

    /** The layers of the stack {@code name}, bottom (input side) first. */
    public List<LayerConfig> layers(String name) {
        List<LayerConfig> layers = stacks.get(name);
        if (layers == null) throw new NoSuchElementException("no layer stack '" + name + "' in " + stacks.keySet());
        return layers;
    }

    /**
     * The configuration as compact JSON with keys sorted at every level, stacks as arrays of
     * layer objects: {@code {"layers":[{"units":64}],"lr":0.001,"optimizer":"adam"}}. Reals
     * always carry a decimal point or exponent and integers never do, so {@link
     * #fromCanonical} restores the exact value types. Equal configs give equal strings.
     */
    public String canonical() {
        Map<String, Object> all = new TreeMap<>(values);
        stacks.forEach((name, layers) -> all.put(name, layers.stream().map(LayerConfig::values).toList()));
        try {
            return JSON.writeValueAsString(all);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + all, e);
        }
    }

    /** The configuration a {@link #canonical()} string describes. */
    public static Config fromCanonical(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a canonical configuration: " + json, e);
        }
        if (root == null || !root.isObject()) throw new IllegalArgumentException("not a canonical configuration: " + json);
        Map<String, Object> values = new TreeMap<>();
        Map<String, List<LayerConfig>> stacks = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isArray()) {
                List<LayerConfig> layers = new ArrayList<>();
                for (JsonNode layer : e.getValue()) {
                    if (!layer.isObject()) throw new IllegalArgumentException("layer of '" + e.getKey() + "' is not an object: " + json);
                    Map<String, Object> lv = new TreeMap<>();
                    layer.fields().forEachRemaining(f -> lv.put(f.getKey(), scalar(f.getKey(), f.getValue())));
                    layers.add(new LayerConfig(lv));
                }
                stacks.put(e.getKey(), layers);
            } else {
                values.put(e.getKey(), scalar(e.getKey(), e.getValue()));
            }
        }
        return new Config(values, stacks);
    }

    private static Object scalar(String name, JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToLong()) return node.longValue();
        if (node.isNumber()) return node.doubleValue();
        if (node.isTextual()) return node.textValue();
        if (node.isBoolean()) return node.booleanValue();
        throw new IllegalArgumentException("'" + name + "' is not a number, string or boolean: " + node);
    }

    static Map<String, Object> sortedCopy(Map<String, ?> values) {
        TreeMap<String, Object> copy = new TreeMap<>();
        values.forEach((k, v) -> {
            try {
                copy.put(k, Scalars.normalize(v));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + k + "': " + e.getMessage(), e);
            }
        });
        return Collections.unmodifiableMap(copy);
    }

    @Override
    public String toString() {
        return canonical();
    }
}
