package io.ams.lcbench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ams.space.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServeTest {
    static LcBenchSurrogate surrogate;
    static LcBenchObjective objective;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void open() {
        surrogate = LcBenchSurrogate.open();
        objective = new LcBenchObjective("7593", "val_accuracy");
    }

    @AfterAll
    static void close() {
        surrogate.close();
        objective.close();
    }

    static Map<String, Object> config(java.util.Random r) {
        Map<String, Object> c = new LinkedHashMap<>();
        for (LcBench.Hyperparameter h : LcBench.HYPERPARAMETERS) {
            double u = r.nextDouble();
            double x = h.log() ? Math.exp(Math.log(h.low()) + u * (Math.log(h.high()) - Math.log(h.low()))) : h.low() + u * (h.high() - h.low());
            if (h.integer()) c.put(h.name(), (long) Math.max(h.low(), Math.min(h.high(), Math.round(x))));
            else c.put(h.name(), x);
        }
        return c;
    }

    static List<String> serve(String input) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new Serve(surrogate).serve(new StringReader(input), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void answersEqualTheObjectivesPredictions() throws Exception {
        java.util.Random r = new java.util.Random(5);
        StringBuilder in = new StringBuilder();
        List<Map<String, Object>> configs = new java.util.ArrayList<>();
        List<Integer> epochs = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Map<String, Object> c = config(r);
            int epoch = 1 + r.nextInt(LcBench.MAX_EPOCH);
            configs.add(c);
            epochs.add(epoch);
            in.append(JSON.writeValueAsString(Map.of("task", "7593", "config", c, "epoch", epoch))).append('\n');
        }
        List<String> out = serve(in.toString());
        assertEquals(20, out.size());
        for (int i = 0; i < 20; i++) {
            float[] want = objective.predict(Config.of(configs.get(i)), epochs.get(i));
            JsonNode got = JSON.readTree(out.get(i));
            assertEquals(6, got.size(), out.get(i));
            for (int k = 0; k < 6; k++) {
                // written as the float's exact double, so that a reader gets the same number back
                assertEquals((double) want[k], got.get(LcBench.TARGETS.get(k)).asDouble(), 0.0, LcBench.TARGETS.get(k) + " of line " + i);
            }
        }
    }

    @Test
    void aBadLineGetsAnErrorNamingTheProblemAndTheServerGoesOn() throws Exception {
        Map<String, Object> c = config(new java.util.Random(1));
        String good = JSON.writeValueAsString(Map.of("task", "3945", "config", c, "epoch", 52));
        Map<String, Object> outside = new LinkedHashMap<>(c);
        outside.put("num_layers", 6);
        Map<String, Object> lacking = new LinkedHashMap<>(c);
        lacking.remove("momentum");
        Map<String, Object> unknown = new LinkedHashMap<>(c);
        unknown.put("momentun", 0.5);
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("{not json", "not a JSON object");
        bad.put(JSON.writeValueAsString(Map.of("task", "3946", "config", c, "epoch", 5)), "unknown LCBench task '3946'");
        bad.put(JSON.writeValueAsString(Map.of("task", "3945", "config", c, "epoch", 53)), "epoch must be an integer 1..52, got 53");
        bad.put(JSON.writeValueAsString(Map.of("task", "3945", "config", c)), "epoch must be an integer 1..52");
        bad.put(JSON.writeValueAsString(Map.of("task", "3945", "config", outside, "epoch", 5)), "config.num_layers = 6.0 is outside [1.0, 5.0]");
        bad.put(JSON.writeValueAsString(Map.of("task", "3945", "config", lacking, "epoch", 5)), "config lacks momentum");
        bad.put(JSON.writeValueAsString(Map.of("task", "3945", "config", unknown, "epoch", 5)), "no hyperparameter 'momentun'");
        StringBuilder in = new StringBuilder(good).append('\n');
        for (String line : bad.keySet()) in.append(line).append('\n').append(good).append('\n');
        List<String> out = serve(in.toString());
        assertEquals(1 + 2 * bad.size(), out.size());
        String answer = out.get(0);
        assertEquals(6, JSON.readTree(answer).size(), answer);
        int i = 1;
        for (String expected : bad.values()) {
            JsonNode e = JSON.readTree(out.get(i));
            assertTrue(e.has("error") && e.get("error").asText().contains(expected), out.get(i) + "\n  expected: " + expected);
            assertEquals(answer, out.get(i + 1), "the server goes on after a bad line");
            i += 2;
        }
    }
}
