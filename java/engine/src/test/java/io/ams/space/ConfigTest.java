package io.ams.space;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigTest {

    private static Config sample() {
        return new Config(Map.of("optimizer", "adam", "lr", 0.001, "batch", 64, "nesterov", false),
                Map.of("layers", List.of(LayerConfig.of(Map.of("units", 128, "activation", "relu")),
                        LayerConfig.of(Map.of("units", 32, "activation", "gelu")))));
    }

    @Test
    void typedGetters() {
        Config c = sample();
        assertEquals(0.001, c.getDouble("lr"));
        assertEquals(64, c.getInt("batch"));
        assertEquals(64L, c.getLong("batch"));
        assertEquals(64.0, c.getDouble("batch"));
        assertEquals("adam", c.getString("optimizer"));
        assertFalse(c.getBoolean("nesterov"));
        assertEquals(0.9, c.getDouble("momentum", 0.9));
        assertEquals(0.001, c.getDouble("lr", 0.9));
        assertThrows(NoSuchElementException.class, () -> c.getDouble("momentum"));
        assertThrows(IllegalArgumentException.class, () -> c.getInt("lr"));
        assertThrows(IllegalArgumentException.class, () -> c.getString("batch"));
        assertEquals(List.of(128, 32), c.layers("layers").stream().map(l -> l.getInt("units")).toList());
        assertThrows(NoSuchElementException.class, () -> c.layers("blocks"));
    }

    @Test
    void equalConfigsAreEqualWhateverTheJavaNumberTypes() {
        Config ints = Config.of(Map.of("batch", 64, "lr", 0.5f, "x", -0.0));
        Config longs = Config.of(Map.of("batch", 64L, "lr", 0.5, "x", 0.0));
        assertEquals(ints, longs);
        assertEquals(ints.hashCode(), longs.hashCode());
        assertEquals(ints.canonical(), longs.canonical());
        Set<Config> seen = new HashSet<>(List.of(ints));
        assertTrue(seen.contains(longs));
        // a real and an integer of the same size are different values
        assertNotEquals(Config.of(Map.of("x", 1)), Config.of(Map.of("x", 1.0)));
    }

    @Test
    void canonicalFormHasSortedKeysAndRoundTrips() {
        Config c = sample();
        assertEquals("{\"batch\":64,\"layers\":[{\"activation\":\"relu\",\"units\":128},{\"activation\":\"gelu\",\"units\":32}],"
                + "\"lr\":0.001,\"nesterov\":false,\"optimizer\":\"adam\"}", c.canonical());
        assertEquals(c, Config.fromCanonical(c.canonical()));
        Config reals = Config.of(Map.of("a", 1.0, "b", 1e-300, "c", 0.1 + 0.2, "d", 12345678901L));
        Config back = Config.fromCanonical(reals.canonical());
        assertEquals(reals, back);
        assertEquals(Double.class, back.get("a").getClass());
        assertEquals(Long.class, back.get("d").getClass());
        assertThrows(IllegalArgumentException.class, () -> Config.fromCanonical("[1,2]"));
        assertThrows(IllegalArgumentException.class, () -> Config.fromCanonical("{\"x\":{\"y\":1}}"));
    }

    @Test
    void valuesAreImmutable() {
        Config c = sample();
        assertThrows(UnsupportedOperationException.class, () -> c.values().put("x", 1L));
        assertThrows(UnsupportedOperationException.class, () -> c.layers("layers").add(LayerConfig.of(Map.of())));
        assertThrows(IllegalArgumentException.class, () -> Config.of(Map.of("x", new Object())));
        assertThrows(IllegalArgumentException.class, () -> Config.of(Map.of("x", Double.NaN)));
        assertThrows(IllegalArgumentException.class, () -> new Config(Map.of("layers", 1), Map.of("layers", List.of())));
    }
}
