package io.ams.lcbench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ams.engine.StudyResult;
import io.ams.engine.Trial;
import io.ams.genome.Genome;
import io.ams.genome.GenomeException;
import io.ams.genome.GenomeStudy;
import io.ams.space.Config;
import io.ams.store.TrialState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LcBenchTest {
    static LcBenchSurrogate surrogate;

    @BeforeAll
    static void open() {
        surrogate = LcBenchSurrogate.open();
    }

    @AfterAll
    static void close() {
        surrogate.close();
    }

    /**
     * Every prediction of reference.json (Python's ONNX Runtime on inputs built as yahpo_gym builds
     * them; see REFERENCE.md): within 1e-5 relative, or 1e-4 absolute for the smallest times, where
     * ONNX Runtime's approximate sigmoid differs most between versions.
     */
    @Test
    void predictionsEqualYahpoGymsOnTheSameInputs() throws Exception {
        JsonNode cases;
        try (InputStream in = LcBenchTest.class.getResourceAsStream("reference.json")) {
            cases = new ObjectMapper().readTree(in);
        }
        assertEquals(47, cases.size());
        double worst = 0;
        for (JsonNode c : cases) {
            double[] inputs = new double[LcBench.INPUTS.size()];
            inputs[0] = c.get("epoch").asDouble();
            for (int i = 1; i < inputs.length; i++) inputs[i] = c.get("config").get(LcBench.INPUTS.get(i)).asDouble();
            for (int i = 0; i < inputs.length; i++) assertEquals(c.get("x_cont").get(i).asDouble(), (double) (float) inputs[i], 0.0, "input " + i);
            float[] got = surrogate.predict(c.get("task").asText(), inputs);
            for (int k = 0; k < LcBench.TARGETS.size(); k++) {
                double want = c.get("outputs").get(LcBench.TARGETS.get(k)).asDouble();
                double error = Math.abs(got[k] - want);
                worst = Math.max(worst, error / Math.max(1e-12, Math.abs(want)));
                assertTrue(error <= Math.max(1e-5 * Math.abs(want), 1e-4), c.get("task") + " " + c.get("label") + " epoch " + c.get("epoch")
                        + " " + LcBench.TARGETS.get(k) + ": " + got[k] + " vs " + want);
            }
        }
        System.out.println("LCBench: largest relative difference from Python's ONNX Runtime " + worst);
    }

    @Test
    void anUnknownTaskOrTargetIsAClearError() {
        var e = assertThrows(IllegalArgumentException.class, () -> surrogate.predict("3946", new double[8]));
        assertTrue(e.getMessage().contains("unknown LCBench task '3946'; the 34 tasks: 3945, 7593"), e.getMessage());
        var t = assertThrows(IllegalArgumentException.class, () -> new LcBenchObjective("3945", "val_acc"));
        assertTrue(t.getMessage().contains("unknown target 'val_acc'"), t.getMessage());
    }

    static final String SPACE = """
            space:
              batch_size: {log_int: [16, 512]}
              learning_rate: {log_real: [1.0e-4, 0.1]}
              momentum: {real: [0.1, 0.99]}
              weight_decay: {real: [1.0e-5, 0.1]}
              num_layers: {int: [1, 5]}
              max_units: {log_int: [64, 1024]}
              max_dropout: {real: [0, 1]}
            """;

    @Test
    void aHyperbandGenomeSearchesTheSurrogateWithEpochsAsFidelity() {
        String text = "objective: {lcbench: {task: \"7593\"}}\n" + SPACE
                + "strategy: {name: hyperband, seed: 3, min_fidelity: 2, max_fidelity: 52, eta: 3}\nbudget: {trials: 60}\n";
        Genome g = Genome.parse(text, "lcbench.yaml");
        assertEquals("val_accuracy", g.metric().name());
        try (GenomeStudy gs = GenomeStudy.open(g, text, GenomeStudy.Overrides.NONE, List.of());
             LcBenchObjective plain = new LcBenchObjective("7593", "val_accuracy")) {
            StudyResult r = gs.study().optimize();
            assertEquals(60, r.trials().size());
            int continued = 0;
            for (Trial t : r.trials()) {
                assertEquals(TrialState.COMPLETE, t.state());
                int epoch = (int) Math.round(t.record().fidelity());
                float[] direct = plain.predict(t.config(), epoch);
                assertEquals(direct[1], t.value(), 0.0, "trial " + t.id() + " is the surrogate at epoch " + epoch);
                assertEquals(direct[0], t.metrics().get("time"), 0.0);
                assertEquals(epoch, t.record().curve().length, "one value per epoch, a promotion's after its parent's");
                assertEquals(direct[1], t.record().curve()[epoch - 1], 0.0);
                if (t.record().parent().isPresent()) {
                    continued++;
                    Trial parent = r.trials().stream().filter(p -> p.id() == t.record().parent().getAsLong()).findFirst().orElseThrow();
                    int from = parent.record().curve().length;
                    assertEquals(parent.record().curve()[from - 1], t.record().curve()[from - 1], 0.0, "the parent's epochs come first");
                }
            }
            assertTrue(continued > 0, "promotions continue their parents");
        }
    }

    @Test
    void theGenomeIsCheckedAgainstLcBenchWhenRead() {
        String ok = "objective: {lcbench: {task: \"3945\"}}\n" + SPACE + "budget: {trials: 5}\n";
        // no strategy named: auto, with the objective's fidelities up to all it has (so bohb)
        assertEquals(Map.of("max_fidelity", 52L), Genome.parse(ok, "g.yaml").strategy().options());
        Map<String, String> cases = new HashMap<>();
        cases.put(ok.replace("\"3945\"", "\"3946\""), "g.yaml:1: objective.lcbench.task: unknown LCBench task '3946'");
        cases.put(ok.replace("task: \"3945\"", "task: \"3945\", target: accuracy"), "unknown LCBench target 'accuracy'");
        cases.put(ok.replace("task: \"3945\"", "task: \"3945\", epochs: 3"), "unknown option 'epochs' of lcbench");
        cases.put(ok.replace("{lcbench: {task: \"3945\"}}", "{lcbench: {target: time}}"), "lcbench needs task");
        cases.put(ok.replace("momentum:", "momentun:"), "g.yaml:5: space.momentun: lcbench has no hyperparameter 'momentun'");
        cases.put(ok.replace("{int: [1, 5]}", "{int: [1, 6]}"), "g.yaml:7: space.num_layers: num_layers spans [1, 5] in LCBench");
        cases.put(ok.replace("  max_dropout: {real: [0, 1]}\n", ""), "the space lacks max_dropout (search it, or fix it");
        cases.put(ok.replace("  max_dropout: {real: [0, 1]}\n", "  max_dropout: {real: [0, 1]}\n  epoch: {int: [1, 52]}\n"),
                "lcbench's epochs are the trial's fidelity");
        cases.put(ok.replace("budget:", "strategy: {name: hyperband, max_fidelity: 81}\nbudget:"),
                "fidelity goes up to 52: give hyperband max_fidelity of at most 52, not 81");
        cases.put(ok.replace("budget:", "strategy: {name: asha}\nbudget:"), "give asha max_fidelity (at most 52)");
        cases.put(ok.replace("budget:", "metric: {name: val_accuracy, direction: minimize}\nbudget:"),
                "the lcbench objective's value is val_accuracy, to maximize");
        cases.put(ok + "split: {validation: 0.2}\n", "a split applies to an mlp objective, not to a lcbench objective (it has its own data)");
        cases.forEach((text, expected) -> {
            GenomeException e = assertThrows(GenomeException.class, () -> Genome.parse(text, "g.yaml"), expected);
            assertTrue(e.getMessage().contains(expected), e.getMessage() + "\n  expected: " + expected);
        });
    }

    @Test
    void anotherTargetIsTheValueAndTheRestAreRecorded() throws Exception {
        String text = "objective: {lcbench: {task: \"189909\", target: val_cross_entropy}}\n" + SPACE
                + "metrics: [{name: val_cross_entropy, direction: minimize}, {name: time, direction: minimize}]\nbudget: {trials: 30}\n";
        Genome g = Genome.parse(text, "mo.yaml");
        try (GenomeStudy gs = GenomeStudy.open(g, text, GenomeStudy.Overrides.NONE, List.of())) {
            StudyResult r = gs.study().optimize();
            Trial any = r.trials().get(0);
            assertEquals(List.of("test_balanced_accuracy", "test_cross_entropy", "time", "val_accuracy", "val_balanced_accuracy"),
                    any.metrics().keySet().stream().sorted().toList());
            Config c = any.config();
            try (LcBenchObjective o = new LcBenchObjective("189909", "val_cross_entropy")) {
                assertEquals(o.predict(c, 52)[2], any.value(), 0.0, "the full 52 epochs outside multi-fidelity search");
            }
        }
    }

    /** The shipped genomes of this plug-in (genomes/lcbench*.yaml) parse, and the quick one runs. */
    @Test
    void theShippedLcBenchGenomesParseAndRun() throws Exception {
        java.nio.file.Path genomes = java.nio.file.Path.of("..", "..", "genomes");
        List<java.nio.file.Path> files;
        try (var s = java.nio.file.Files.list(genomes)) {
            files = s.filter(p -> p.getFileName().toString().startsWith("lcbench") && p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertEquals(List.of("lcbench-hyperband.yaml", "lcbench.yaml"), files.stream().map(p -> p.getFileName().toString()).toList());
        for (java.nio.file.Path f : files) Genome.read(f);
        java.nio.file.Path hb = genomes.resolve("lcbench-hyperband.yaml");
        try (GenomeStudy gs = GenomeStudy.open(Genome.read(hb), java.nio.file.Files.readString(hb), GenomeStudy.Overrides.NONE, List.of())) {
            StudyResult r = gs.study().optimize();
            assertEquals(300, r.trials().size());
            assertTrue(r.best().orElseThrow().value() > 95, "val_accuracy in percent: " + r.best().get().value());
        }
    }

    /**
     * A task is described by its probes' values: 8 fixed configurations inside the space, read at
     * epoch 4, equal to the surrogate's own predictions; two tasks differ, one task repeats.
     */
    @Test
    void aTaskIsDescribedByItsProbesAtALowFidelity() throws Exception {
        java.util.List<io.ams.space.Config> probes = LcBench.probes();
        assertEquals(LcBench.PROBE_COUNT, probes.size());
        assertEquals(probes, LcBench.probes());
        assertEquals(LcBench.PROBE_COUNT, new java.util.HashSet<>(probes).size());
        for (io.ams.space.Config p : probes) {
            for (LcBench.Hyperparameter h : LcBench.HYPERPARAMETERS) {
                assertTrue(h.contains(p.getDouble(h.name())), h.name() + " " + p);
            }
        }
        try (LcBenchObjective a = new LcBenchObjective("3945", "val_accuracy");
             LcBenchObjective b = new LcBenchObjective("7593", "val_accuracy")) {
            io.ams.meta.TaskFeatures fa = a.describe().orElseThrow();
            assertEquals(io.ams.meta.TaskFeatures.PROBES, fa.kind());
            assertEquals("probe_1_epoch_4", fa.names().get(0));
            for (int i = 0; i < probes.size(); i++) {
                assertEquals(a.predict(probes.get(i), LcBench.PROBE_EPOCH)[1], fa.values()[i], 0.0);
            }
            assertEquals(fa, a.describe().orElseThrow());
            assertTrue(fa.comparable(b.describe().orElseThrow()));
            assertTrue(!java.util.Arrays.equals(fa.values(), b.describe().orElseThrow().values()));
            assertTrue(fa.cost().startsWith("8 probe configurations x 4 epochs = 32 epochs"), fa.cost());
        }
    }
}
