package io.ams.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrialExportTest {

    private static final TrialRecord DONE = TrialRecord.running(1, new double[] {0.5}, "{\"lr\":0.01,\"act\":\"relu\",\"value\":3}",
            9, 7, 1, 1_700_000_000_000L, Map.of("worker", "w1")).completed(0.125, new double[] {0.5, Double.NaN}, 1_700_000_060_000L);
    private static final TrialRecord FAILED = TrialRecord.running(2, new double[] {0.1}, "{\"lr\":0.1,\"units\":64}",
            0, 8, 2, 1_700_000_000_500L, null).failed("loss is NaN, \"diverged\"\nat epoch 3", null, 1_700_000_001_000L);
    private static final TrialRecord RUNNING = TrialRecord.running(3, new double[0], "{\"lr\":1e-3}", 0, 9, 1,
            1_700_000_002_000L, null);

    private static String csv(List<TrialRecord> trials) throws IOException {
        StringWriter w = new StringWriter();
        TrialExport.toCsv(trials, TrialExport.Marks.NONE, w);
        return w.toString();
    }

    @Test
    void csvWithFlatConfigsHasAColumnPerKey() throws IOException {
        String out = csv(List.of(DONE, FAILED, RUNNING));
        String[] lines = out.split("\n", -1);
        assertEquals("id,state,value,fidelity,seed,started,ended,error,lr,act,config.value,units", lines[0]);
        assertEquals("1,COMPLETE,0.125,9.0,7,2023-11-14T22:13:20Z,2023-11-14T22:14:20Z,,0.01,relu,3,", lines[1]);
        // the error is quoted: it has a comma, quotes and a newline
        assertTrue(out.contains("2,FAILED,,0.0,8,2023-11-14T22:13:20.500Z,2023-11-14T22:13:21Z,\"loss is NaN, \"\"diverged\"\"\nat epoch 3\",0.1,,,64\n"), out);
        assertTrue(out.endsWith("3,RUNNING,,0.0,9,2023-11-14T22:13:22Z,,,0.001,,,\n"), out);
    }

    @Test
    void csvWithNestedConfigsKeepsTheJson() throws IOException {
        TrialRecord nested = TrialRecord.running(4, null, "{\"layers\":[{\"units\":32}],\"lr\":0.1}", 0, 1, 1, 5, null);
        String out = csv(List.of(DONE, nested));
        String[] lines = out.split("\n");
        assertEquals("id,state,value,fidelity,seed,started,ended,error,config", lines[0]);
        assertTrue(lines[2].endsWith(",\"{\"\"layers\"\":[{\"\"units\"\":32}],\"\"lr\"\":0.1}\""), lines[2]);
    }

    @Test
    void jsonParsesBackWithEveryField() throws IOException {
        TrialRecord notJson = TrialRecord.running(5, null, "lr=0.1", 0, 1, 1, 5, null);
        StringWriter w = new StringWriter();
        TrialExport.toJson(List.of(DONE, FAILED, RUNNING, notJson), TrialExport.Marks.NONE, w);
        JsonNode trials = new ObjectMapper().readTree(w.toString()).get("trials");
        assertEquals(4, trials.size());
        JsonNode t = trials.get(0);
        assertEquals(1, t.get("id").asLong());
        assertEquals("COMPLETE", t.get("state").asText());
        assertEquals(0.125, t.get("value").asDouble());
        assertEquals(0.01, t.get("config").get("lr").asDouble());
        assertEquals("relu", t.get("config").get("act").asText());
        assertEquals(9.0, t.get("fidelity").asDouble());
        assertEquals(2, t.get("curve").size());
        assertEquals(0.5, t.get("curve").get(0).asDouble());
        assertTrue(t.get("curve").get(1).isNull(), "NaN in a curve is null");
        assertEquals(7, t.get("seed").asLong());
        assertEquals("2023-11-14T22:13:20Z", t.get("started").asText());
        assertEquals("2023-11-14T22:14:20Z", t.get("ended").asText());
        assertTrue(t.get("error").isNull());
        assertEquals("w1", t.get("attrs").get("worker").asText());
        JsonNode f = trials.get(1);
        assertTrue(f.get("value").isNull(), "no value is null");
        assertEquals("loss is NaN, \"diverged\"\nat epoch 3", f.get("error").asText());
        assertEquals(2, f.get("attempt").asInt());
        assertTrue(trials.get(2).get("ended").isNull());
        assertEquals("lr=0.1", trials.get(3).get("config").asText(), "a config that is not JSON stays a string");
    }

    @Test
    void exportsWhatAStoreHolds() throws IOException {
        try (TrialStore store = new InMemoryTrialStore(Trials.meta())) {
            for (long id = 0; id < 8; id++) {
                store.put(Trials.sample(id));
            }
            StringWriter w = new StringWriter();
            TrialExport.toJson(store.all(), TrialExport.Marks.NONE, w);
            JsonNode trials = new ObjectMapper().readTree(w.toString()).get("trials");
            assertEquals(8, trials.size());
            assertEquals("trial-ü-日本-5", trials.get(5).get("config").get("name").asText());
            assertEquals(9, csv(store.all()).split("\n").length);
        }
    }
}
