package io.ams.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ams.core.Direction;
import io.ams.space.Config;
import io.ams.space.LayerStack;
import io.ams.space.Parameter;
import io.ams.space.SearchSpace;
import io.ams.store.StudyMeta;
import io.ams.store.TrialRecord;
import io.ams.store.TrialState;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptunaJournalTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static final SearchSpace SPACE = GenesTest.SPACE;

    static final long T0 = 1_700_000_000_123L;

    static String config(String optimizer, double lr, Double momentum, int... units) {
        Map<String, Object> v = new java.util.LinkedHashMap<>();
        v.put("optimizer", optimizer);
        v.put("lr", lr);
        if (momentum != null) v.put("momentum", momentum);
        List<Map<String, Object>> layers = new ArrayList<>();
        for (int u : units) layers.add(Map.of("units", (long) u));
        return SPACE.config(v, Map.of("layers", layers)).canonical();
    }

    static TrialRecord record(long id, TrialState state, double value, String config, double[] curve, String error) {
        return new TrialRecord(id, state, value, new double[0], config, 0, curve, 10 + id, T0 + id * 1000,
                state == TrialState.RUNNING ? 0 : T0 + id * 1000 + 500, error, 1, Map.of("worker", "w0"),
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), Map.of("params", 123.0));
    }

    static List<JsonNode> lines(String text) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : text.split("\n")) out.add(JSON.readTree(line));
        return out;
    }

    static List<JsonNode> ops(List<JsonNode> lines, int op, int trial) {
        return lines.stream().filter(l -> l.get("op_code").asInt() == op
                && (trial < 0 || l.path("trial_id").asInt(-1) == trial)).toList();
    }

    @Test
    void aSmallStudyIsTheOperationsOptunaWouldHaveLogged() throws Exception {
        StudyMeta meta = StudyMeta.of("tiny", "", "", Direction.MAXIMIZE, 7, "random",
                Map.of("study.metric", "accuracy", "study.goals", "none", "study.pruner", "median"));
        List<TrialRecord> trials = List.of(
                record(0, TrialState.COMPLETE, 0.9, config("momentum", 0.01, 0.9, 8, 16), new double[]{0.5, 0.8, 0.9}, null),
                record(1, TrialState.PRUNED, 0.3, config("sgd", 1e-3, null, 32), new double[]{0.2, 0.3}, null),
                record(2, TrialState.FAILED, Double.NaN, config("sgd", 0.5, null, 4), new double[]{Double.NaN}, "diverged"),
                record(3, TrialState.RUNNING, Double.NaN, config("sgd", 0.1, null, 4, 4), new double[0], null)
                        .withParent(0).withDuplicateOf(0));
        StringWriter w = new StringWriter();
        OptunaJournal.write(meta, trials, Genes.of(SPACE), w, ZoneOffset.UTC);
        List<JsonNode> lines = lines(w.toString());

        String worker = lines.get(0).get("worker_id").asText();
        assertTrue(lines.stream().allMatch(l -> l.get("worker_id").asText().equals(worker)), "one worker writes it all");
        JsonNode create = lines.get(0);
        assertEquals(0, create.get("op_code").asInt());
        assertEquals("tiny", create.get("study_name").asText());
        assertEquals(List.of(2), ints(create.get("directions")), "maximize");

        Map<String, String> studyAttrs = new java.util.LinkedHashMap<>();
        for (JsonNode l : ops(lines, 2, -1)) {
            assertEquals(0, l.get("study_id").asInt());
            l.get("user_attr").fields().forEachRemaining(e -> studyAttrs.put(e.getKey(), e.getValue().asText()));
        }
        assertEquals(Map.of("strategy", "random", "seed", "7", "metric", "accuracy", "direction", "maximize",
                "pruner", "median"), studyAttrs, "goals 'none' is left out");

        assertEquals(4, ops(lines, 4, -1).size());
        assertEquals("2023-11-14T22:13:20.123000", ops(lines, 4, -1).get(0).get("datetime_start").asText());

        // trial 0: every gene active, momentum under momentum, two layers
        List<JsonNode> params0 = ops(lines, 5, 0);
        assertEquals(List.of("optimizer", "lr", "momentum", "layers.depth", "layers[0].units", "layers[1].units"),
                params0.stream().map(p -> p.get("param_name").asText()).toList());
        assertEquals(1, params0.get(0).get("param_value_internal").asInt(), "the index of 'momentum'");
        assertTrue(params0.get(0).get("param_value_internal").isIntegralNumber());
        assertEquals(0.01, params0.get(1).get("param_value_internal").asDouble(), 0);
        assertEquals(2, params0.get(3).get("param_value_internal").asLong());
        assertEquals(16, params0.get(5).get("param_value_internal").asLong());
        // the distribution is a JSON text, as distribution_to_json gives it
        JsonNode lr = JSON.readTree(params0.get(1).get("distribution").asText());
        assertEquals("FloatDistribution", lr.get("name").asText());
        assertEquals(1e-4, lr.get("attributes").get("low").asDouble(), 0);
        assertEquals(1.0, lr.get("attributes").get("high").asDouble(), 0);
        assertTrue(lr.get("attributes").get("log").asBoolean());
        assertTrue(lr.get("attributes").get("step").isNull());
        JsonNode opt = JSON.readTree(params0.get(0).get("distribution").asText());
        assertEquals("CategoricalDistribution", opt.get("name").asText());
        assertEquals("[\"sgd\",\"momentum\"]", opt.get("attributes").get("choices").toString());
        JsonNode depth = JSON.readTree(params0.get(3).get("distribution").asText());
        assertEquals("IntDistribution", depth.get("name").asText());
        assertEquals(1, depth.get("attributes").get("low").asInt());
        assertEquals(2, depth.get("attributes").get("high").asInt());
        assertEquals(1, depth.get("attributes").get("step").asInt());
        JsonNode units = JSON.readTree(params0.get(4).get("distribution").asText());
        assertEquals("{\"log\":false,\"step\":1,\"low\":4,\"high\":64}", units.get("attributes").toString());

        // trial 1: momentum inactive under sgd, one layer
        assertEquals(List.of("optimizer", "lr", "layers.depth", "layers[0].units"),
                ops(lines, 5, 1).stream().map(p -> p.get("param_name").asText()).toList());

        // curves: steps 0, 1, ...; a NaN is left out and counted
        List<JsonNode> curve0 = ops(lines, 7, 0);
        assertEquals(List.of(0, 1, 2), curve0.stream().map(l -> l.get("step").asInt()).toList());
        assertEquals(List.of(0.5, 0.8, 0.9), curve0.stream().map(l -> l.get("intermediate_value").asDouble()).toList());
        assertEquals(0, ops(lines, 7, 2).size());

        // ends
        JsonNode end0 = ops(lines, 6, 0).get(0);
        assertEquals(1, end0.get("state").asInt());
        assertEquals("[0.9]", end0.get("values").toString());
        assertEquals("2023-11-14T22:13:20.623000", end0.get("datetime_complete").asText());
        JsonNode end1 = ops(lines, 6, 1).get(0);
        assertEquals(2, end1.get("state").asInt(), "PRUNED");
        assertEquals("[0.3]", end1.get("values").toString(), "the last value, as Optuna's tell gives a pruned trial");
        JsonNode end2 = ops(lines, 6, 2).get(0);
        assertEquals(3, end2.get("state").asInt(), "FAIL");
        assertTrue(end2.get("values").isNull());
        assertEquals(0, ops(lines, 6, 3).size(), "a running trial is left as CREATE_TRIAL made it");

        Map<String, JsonNode> attrs2 = userAttrs(lines, 2);
        assertEquals("diverged", attrs2.get("error").asText());
        assertEquals(1, attrs2.get("curve_left_out").asInt());
        assertEquals(2, attrs2.get("ams_id").asLong());
        assertEquals(12, attrs2.get("seed").asLong());
        assertEquals(123.0, attrs2.get("metric.params").asDouble(), 0);
        assertEquals("w0", attrs2.get("attr.worker").asText());
        Map<String, JsonNode> attrs3 = userAttrs(lines, 3);
        assertEquals(0, attrs3.get("parent").asLong());
        assertEquals(0, attrs3.get("duplicate_of").asLong());
        assertFalse(userAttrs(lines, 0).containsKey("parent"));

        assertFalse(w.toString().contains("NaN") || w.toString().contains("Infinity"));
    }

    @Test
    void aMultiObjectiveStudyHasADirectionPerGoalAndACompleteTrialWithoutAGoalsMetricFails() throws Exception {
        SearchSpace space = SearchSpace.builder().add(Parameter.real("x", 0, 1)).build();
        StudyMeta meta = StudyMeta.of("mo", "", "", Direction.MINIMIZE, 1, "nsga2",
                Map.of("study.goals", "f2 maximize, f3 minimize"));
        String c = space.config(Map.of("x", 0.25), Map.of()).canonical();
        TrialRecord ok = new TrialRecord(0, TrialState.COMPLETE, 0.5, new double[0], c, 0, null, 1, T0, T0 + 1, null, 1, Map.of())
                .withMetrics(Map.of("f2", 2.0, "f3", 3.0));
        TrialRecord missing = new TrialRecord(1, TrialState.COMPLETE, 0.5, new double[0], c, 0, null, 1, T0, T0 + 1, null, 1, Map.of())
                .withMetrics(Map.of("f2", 2.0));
        TrialRecord infinite = new TrialRecord(2, TrialState.COMPLETE, Double.POSITIVE_INFINITY, new double[0], c, 0, null, 1, T0,
                T0 + 1, null, 1, Map.of()).withMetrics(Map.of("f2", 2.0, "f3", 3.0));
        TrialRecord pruned = new TrialRecord(3, TrialState.PRUNED, 0.7, new double[0], c, 0, new double[]{0.7}, 1, T0, T0 + 1,
                null, 1, Map.of());
        StringWriter w = new StringWriter();
        OptunaJournal.write(meta, List.of(ok, missing, infinite, pruned), Genes.of(space), w, ZoneOffset.UTC);
        List<JsonNode> lines = lines(w.toString());
        assertEquals(List.of(1, 2, 1), ints(lines.get(0).get("directions")));
        assertEquals("[0.5,2.0,3.0]", ops(lines, 6, 0).get(0).get("values").toString());
        assertEquals(3, ops(lines, 6, 1).get(0).get("state").asInt());
        assertEquals("metric f3 is missing, which an Optuna trial cannot have", userAttrs(lines, 1).get("error").asText());
        assertEquals("COMPLETE", userAttrs(lines, 1).get("ams_state").asText());
        assertEquals(3, ops(lines, 6, 2).get(0).get("state").asInt());
        assertEquals("the value is Infinity, which an Optuna trial cannot have", userAttrs(lines, 2).get("error").asText());
        assertTrue(ops(lines, 6, 3).get(0).get("values").isNull(), "Optuna gives a multi-objective pruned trial no values");
        assertEquals("0.25", ops(lines, 5, 0).get(0).get("param_value_internal").toString());
        // Jackson's reader, strict by default, already refused any NaN or Infinity token; in a string it may be said
        assertFalse(w.toString().matches("(?s).*[:,\\[]-?(Infinity|NaN).*"));
    }

    @Test
    void aChoiceSetToAValueTheSpaceDoesNotOfferIsRefused() {
        StudyMeta meta = StudyMeta.of("s", "", "", Direction.MINIMIZE, 1, "random", Map.of());
        TrialRecord t = record(0, TrialState.COMPLETE, 1, config("sgd", 0.1, null, 4), null, null);
        SearchSpace narrower = SearchSpace.builder()
                .add(Parameter.choice("optimizer", "adam"), Parameter.logReal("lr", 1e-4, 1.0))
                .add(LayerStack.of("layers", 1, 2).with(Parameter.integer("units", 4, 64)))
                .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OptunaJournal.write(meta, List.of(t), Genes.of(narrower), new StringWriter(), ZoneOffset.UTC));
        assertTrue(e.getMessage().contains("optimizer"), e.getMessage());
    }

    static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }

    static Map<String, JsonNode> userAttrs(List<JsonNode> lines, int trial) {
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        for (JsonNode l : ops(lines, 8, trial)) l.get("user_attr").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
