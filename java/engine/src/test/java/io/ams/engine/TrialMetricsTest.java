package io.ams.engine;

import io.ams.store.ChronicleTrialStore;
import io.ams.store.TrialExport;
import io.ams.store.TrialRecord;
import io.ams.store.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an objective measures besides its value: kept with each trial, through the store, a resume and the exports. */
class TrialMetricsTest {

    @Test
    void anObjectivesMetricsAreStoredWithItsTrialAndSurviveReopening(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("metrics.ams");
        try (Study study = Study.builder().space(TestSpaces.branin())
                .objective((c, ctx) -> {
                    double v = TestSpaces.branin(c);
                    ctx.metric("size", 10 * v);
                    ctx.metric("seconds_left", 0);
                    return v;
                })
                .strategy("random").budget(Budget.trials(12)).seed(3).workers(2).store(file).build()) {
            for (Trial t : study.optimize().trials()) {
                assertEquals(Map.of("seconds_left", 0.0, "size", 10 * t.value()), t.metrics(), "trial " + t.id());
            }
        }
        try (ChronicleTrialStore store = ChronicleTrialStore.openForReading(file)) {
            List<TrialRecord> all = store.all();
            assertEquals(12, all.size());
            for (TrialRecord r : all) {
                assertEquals(10 * r.value(), r.metrics().get("size"), 0.0, "trial " + r.id());
            }
            StringWriter json = new StringWriter();
            TrialExport.toJson(all, TrialExport.Marks.NONE, json);
            assertTrue(json.toString().contains("\"metrics\" : {"), json.toString());
            StringWriter csv = new StringWriter();
            TrialExport.toCsv(all, TrialExport.Marks.NONE, csv);
            String header = csv.toString().lines().findFirst().orElseThrow();
            assertTrue(header.contains("metric.seconds_left,metric.size"), header);
        }
    }

    @Test
    void askAndTellTakeMetricsAndRefuseOnesTheStoreCannotKeep() {
        try (Study study = Study.builder().space(TestSpaces.branin()).strategy("random").budget(Budget.trials(2))
                .seed(1).build()) {
            Trial t = study.ask().orElseThrow();
            assertThrows(IllegalArgumentException.class, () -> study.tell(t, 1.0, Map.of("Latency ms", 1.0)));
            assertThrows(IllegalArgumentException.class, () -> study.tell(t, 1.0, Map.of("latency_ms", Double.NaN)));
            Trial told = study.tell(t, 1.0, Map.of("latency_ms", 0.25));
            assertEquals(TrialState.COMPLETE, told.state());
            assertEquals(Map.of("latency_ms", 0.25), told.metrics());
        }
    }

    @Test
    void anObjectiveRecordingABadMetricFailsItsTrialSayingWhy() {
        try (Study study = Study.builder().space(TestSpaces.branin())
                .objective((c, ctx) -> {
                    ctx.metric("Size", 1);
                    return TestSpaces.branin(c);
                })
                .strategy("random").budget(Budget.trials(2)).seed(1).workers(1).stopWhenFirstTrialsFailAlike(0).build()) {
            for (Trial t : study.optimize().trials()) {
                assertEquals(TrialState.FAILED, t.state());
                assertTrue(t.error().contains("a metric name is lower-case letters"), t.error());
            }
        }
    }
}
