package io.ams.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ams.core.Direction;
import io.ams.engine.Budget;
import io.ams.engine.Goal;
import io.ams.engine.Pruners;
import io.ams.engine.Study;
import io.ams.eval.TrialPruned;
import io.ams.space.SearchSpace;
import io.ams.engine.ParetoSummary;
import io.ams.genome.Genome;
import io.ams.genome.GenomeStudy;
import io.ams.space.Config;
import io.ams.store.ChronicleTrialStore;
import io.ams.store.StudyMeta;
import io.ams.store.TrialRecord;
import io.ams.store.TrialState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real studies, exported and loaded back by Optuna itself (bench/python/optuna_journal_check.py):
 * what Optuna sees must be the Ams trials, every one. Skipped, saying so, where
 * {@code /usr/bin/python3} has no Optuna.
 */
class OptunaJournalRoundTripTest {
    static final String PYTHON = "/usr/bin/python3";
    static final Path CHECK = Path.of("..", "..", "bench", "python", "optuna_journal_check.py");
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void needsOptuna() throws Exception {
        boolean ok;
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import optuna").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            ok = false;
        }
        assumeTrue(ok, PYTHON + " -c 'import optuna' failed: the round trip through Optuna is skipped");
    }

    /** A stored genome study: run, closed, then read back as `ams export` reads it. */
    record Stored(StudyMeta meta, List<TrialRecord> trials) {
    }

    static Stored run(Genome g, String text, GenomeStudy.Overrides o, Path store) {
        try (GenomeStudy gs = GenomeStudy.open(g, text, o, List.of())) {
            gs.study().optimize();
        }
        try (ChronicleTrialStore s = ChronicleTrialStore.openForReading(store)) {
            return new Stored(s.meta(), s.all());
        }
    }

    static JsonNode exportAndLoad(Stored st, Path dir) throws Exception {
        return exportAndLoad(st, Genes.ofStudy(st.meta()).orElseThrow(), dir);
    }

    static JsonNode exportAndLoad(Stored st, Genes genes, Path dir) throws Exception {
        Path journal = dir.resolve("study.journal");
        try (Writer w = Files.newBufferedWriter(journal, StandardCharsets.UTF_8)) {
            OptunaJournal.write(st.meta(), st.trials(), genes, w);
        }
        Path err = dir.resolve("check.err");
        Path out = dir.resolve("check.json");
        // to files: a pipe read one after the other deadlocks once the other fills
        Process p = new ProcessBuilder(PYTHON, CHECK.toString(), journal.toString())
                .redirectError(err.toFile()).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the check did not end");
        assertEquals(0, p.exitValue(), "Optuna could not load the journal: " + Files.readString(err));
        return JSON.readTree(out.toFile());
    }

    /** Every trial as Optuna sees it is the Ams trial: state, values, params, intermediate values. */
    static void assertSame(Stored st, JsonNode seen) {
        assertSame(st, Genes.ofStudy(st.meta()).orElseThrow(), seen);
    }

    static void assertSame(Stored st, Genes genes, JsonNode seen) {
        List<Goal> goals = Goal.parseAll(st.meta().attrs().get("study.goals"));
        assertEquals(st.meta().name(), seen.get("study_name").asText());
        List<String> directions = new ArrayList<>();
        directions.add(st.meta().direction().name());
        goals.forEach(g -> directions.add(g.direction().name()));
        assertEquals(directions, strings(seen.get("directions")));
        assertEquals(st.trials().size(), seen.get("n_trials").asInt());
        for (int i = 0; i < st.trials().size(); i++) {
            TrialRecord t = st.trials().get(i);
            JsonNode o = seen.get("trials").get(i);
            String where = "trial " + t.id();
            assertEquals(i, o.get("number").asInt());
            assertEquals(t.id(), o.get("user_attrs").get("ams_id").asLong(), where);
            assertEquals(switch (t.state()) {
                case COMPLETE -> "COMPLETE";
                case PRUNED -> "PRUNED";
                case FAILED -> "FAIL";
                case RUNNING -> "RUNNING";
            }, o.get("state").asText(), where);
            if (t.state() == TrialState.COMPLETE) {
                assertEquals(1 + goals.size(), o.get("values").size(), where);
                assertEquals(t.value(), o.get("values").get(0).asDouble(), 1e-12, where);
                for (int k = 0; k < goals.size(); k++) {
                    assertEquals(t.metrics().get(goals.get(k).metric()), o.get("values").get(k + 1).asDouble(), 1e-12, where);
                }
            }
            Map<String, Object> params = genes.values(Config.fromCanonical(t.config()));
            assertEquals(params.keySet(), fieldNames(o.get("params")), where);
            params.forEach((k, v) -> {
                JsonNode p = o.get("params").get(k);
                if (v instanceof Double d) assertEquals(d, p.asDouble(), 1e-12, where + " " + k);
                else if (v instanceof Long l) assertEquals((long) l, p.asLong(), where + " " + k);
                else assertEquals(v.toString(), p.asText(), where + " " + k);
            });
            double[] curve = t.curve();
            assertEquals(curve.length, o.get("intermediate_values").size(), where);
            for (int s = 0; s < curve.length; s++) {
                assertEquals(curve[s], o.get("intermediate_values").get(Integer.toString(s)).asDouble(), 1e-12, where);
            }
        }
    }

    static Map<String, Integer> states(JsonNode seen) {
        Map<String, Integer> m = new java.util.TreeMap<>();
        seen.get("states").fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asInt()));
        return m;
    }

    @Test
    void aBraninStudyLoadsInOptunaWithItsBestTrial(@TempDir Path dir) throws Exception {
        Path file = Path.of("..", "..", "genomes", "branin.yaml");
        Path store = dir.resolve("branin.store");
        Stored st = run(Genome.read(file), Files.readString(file),
                new GenomeStudy.Overrides("regevo", 40, null, 4L, 1, store, null), store);
        JsonNode seen = exportAndLoad(st, dir);
        assertSame(st, seen);
        assertEquals(Map.of("COMPLETE", 40), states(seen));
        TrialRecord best = st.trials().stream().filter(t -> t.state() == TrialState.COMPLETE)
                .min(java.util.Comparator.comparingDouble(TrialRecord::value)).orElseThrow();
        assertEquals(best.value(), seen.get("best_value").asDouble(), 1e-12);
        assertEquals(best.id(), seen.get("trials").get(seen.get("best_number").asInt()).get("user_attrs").get("ams_id").asLong());
        assertEquals(Set.of("x1", "x2"), fieldNames(seen.get("best_params")));
        assertEquals("MINIMIZE", seen.get("directions").get(0).asText());
        assertEquals(Files.readString(file), seen.get("user_attrs").get("genome").asText());
        assertEquals("regevo", seen.get("user_attrs").get("strategy").asText());
    }

    /** A choice, a log real, a real under a condition, a stack of one or two layers. */
    static final SearchSpace SPACE = GenesTest.SPACE;

    /** A loss that falls with the epochs towards a floor set by the configuration. */
    static double loss(Config c, int epoch) {
        double floor = Math.pow(Math.log10(c.getDouble("lr")) + 2, 2) + (c.has("momentum") ? 1 - c.getDouble("momentum") : 0.5)
                + c.layers("layers").stream().mapToDouble(l -> Math.abs(l.getLong("units") - 32) / 32.0).sum();
        return floor + 5.0 / epoch;
    }

    /**
     * Successive halving through the Study API (a store without a genome: the genes come from
     * the program's space), a curve point per epoch, continued parents, a median pruner.
     */
    @Test
    void aMultiFidelityStudyKeepsItsCurvesAsIntermediateValuesAndItsPrunedTrials(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("sh.store");
        try (Study study = Study.builder().name("sh").space(SPACE)
                .objective((c, ctx) -> {
                    for (int epoch = ctx.curve().length + 1; epoch <= (int) ctx.fidelity(); epoch++) {
                        ctx.report(loss(c, epoch));
                        if (ctx.shouldPrune()) throw new TrialPruned();
                    }
                    return loss(c, (int) ctx.fidelity());
                })
                .strategy("sh", Map.of("n", 9, "min_fidelity", 1, "max_fidelity", 9, "eta", 3))
                .pruner(Pruners.median(1, 2)).budget(Budget.trials(13)).seed(2).workers(1).store(store).build()) {
            study.optimize();
        }
        Stored st;
        try (ChronicleTrialStore s = ChronicleTrialStore.openForReading(store)) {
            st = new Stored(s.meta(), s.all());
        }
        assertTrue(Genes.ofStudy(st.meta()).isEmpty(), "a Study API store keeps no genome");
        Genes genes = Genes.of(SPACE);
        JsonNode seen = exportAndLoad(st, genes, dir);
        assertSame(st, genes, seen);
        assertTrue(st.trials().stream().anyMatch(t -> t.parent().isPresent()), "no trial continued another");
        assertTrue(states(seen).getOrDefault("PRUNED", 0) > 0, "no pruned trial: " + states(seen));
        assertTrue(st.trials().stream().anyMatch(t -> t.config().contains("momentum\"")), "no momentum trial");
        assertTrue(st.trials().stream().anyMatch(t -> !t.config().contains("momentum\"")), "no sgd trial");
        assertEquals(st.trials().stream().mapToInt(TrialRecord::curveLength).sum(), seen.get("intermediate_values_count").asInt());
        assertTrue(seen.get("intermediate_values_count").asInt() > st.trials().size());
        for (int i = 0; i < st.trials().size(); i++) {
            TrialRecord t = st.trials().get(i);
            JsonNode o = seen.get("trials").get(i);
            assertEquals(t.fidelity(), o.get("user_attrs").get("fidelity").asDouble(), 0);
            if (t.parent().isPresent()) assertEquals(t.parent().getAsLong(), o.get("user_attrs").get("parent").asLong());
            if (t.state() == TrialState.PRUNED) {
                assertEquals(t.value(), o.get("values").get(0).asDouble(), 1e-12, "a pruned trial keeps its last value");
                assertEquals(t.curve()[t.curveLength() - 1], o.get("values").get(0).asDouble(), 1e-12);
            }
        }
        assertEquals("MINIMIZE", seen.get("directions").get(0).asText());
    }

    @Test
    void aMultiObjectiveStudyHasTwoDirectionsAndItsFrontAsBestTrials(@TempDir Path dir) throws Exception {
        Path file = Path.of("..", "..", "genomes", "zdt1.yaml");
        Path store = dir.resolve("zdt1.store");
        Stored st = run(Genome.read(file), Files.readString(file),
                new GenomeStudy.Overrides(null, 40, null, null, 1, store, null), store);
        JsonNode seen = exportAndLoad(st, dir);
        assertSame(st, seen);
        assertEquals(List.of("MINIMIZE", "MINIMIZE"), strings(seen.get("directions")));
        assertFalse(seen.get("best_trials").isEmpty());
        Set<Long> front = ParetoSummary.of(st.trials(), st.meta()).frontIds();
        Set<Long> best = new TreeSet<>();
        Set<Long> repeats = new TreeSet<>();
        seen.get("best_trials").forEach(n -> {
            TrialRecord t = st.trials().get(n.asInt());
            // a duplicate (a configuration proposed again, its result reused) is on Optuna's front
            // beside its original; Ams counts the original only
            if (t.isDuplicate()) {
                assertTrue(front.contains(t.duplicateOf().getAsLong()), "trial " + t.id() + " repeats one off the front");
                repeats.add(t.id());
            } else {
                best.add(t.id());
            }
        });
        assertEquals(new TreeSet<>(front), best, "Optuna's best trials are the Ams front (less " + repeats + ", repeats)");
        assertEquals(Direction.MINIMIZE, st.meta().direction());
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static Set<String> fieldNames(JsonNode object) {
        Set<String> out = new java.util.LinkedHashSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
