package io.ams.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ams.models.MlpParameters;
import io.ams.nn.TrainConfig;
import io.ams.space.Config;
import io.ams.space.LayerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainCommandTest {
    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void jsonResultHoldsCurveAndFigures() throws Exception {
        Run r = run("train", "--dataset", "digits", "--layers", "32", "--epochs", "3", "--batch", "32", "--lr", "0.01", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertEquals(3, o.get("curve").size());
        assertTrue(o.get("samples_per_s").asDouble() > 0);
        // GEMM FLOPs a training sample costs (64-32-10: forward and weight gradients, the input
        // gradient of the second layer only) times the samples per second
        assertEquals(o.get("samples_per_s").asDouble() * (3 * 2 * (64 * 32 + 32 * 10) - 2 * 64 * 32) / 1e9,
                o.get("train_gflops").asDouble(), 1e-9 * o.get("train_gflops").asDouble());
        assertTrue(o.get("latency_ms").asDouble() > 0, r.out());
        assertTrue(o.get("test_accuracy").asDouble() > 0.8, r.out());
        assertEquals(64 * 32 + 32 + 32 * 10 + 10, o.get("params").asLong());
        assertEquals("train", o.get("curve").get(0).get("phase").asText());
    }

    @Test
    void configFileWithFlagOverrideAndPruning(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("net.yaml");
        Files.writeString(file, """
                dataset: digits
                layers: [24, 12]
                optimizer: nesterov
                lr: 0.05
                epochs: 9
                prune: {mode: neurons, sparsity: 0.5, steps: 1, finetune_epochs: 1}
                """);
        Run r = run("train", "--config", file.toString(), "--epochs", "2", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertEquals(2, o.get("epochs").asInt(), "flag overrides the file");
        assertEquals("nesterov", o.get("optimizer").asText());
        assertEquals(3, o.get("curve").size(), "2 epochs + 1 fine-tuning epoch");
        assertEquals("neurons", o.get("pruning").get("mode").asText());
    }

    /** The command as picocli fills it from the arguments, without running it. */
    static TrainCommand parsed(String... args) {
        TrainCommand command = new TrainCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void trainsWhatTheSearchsObjectiveTrainsFromTheSameSettings(@TempDir Path dir) throws Exception {
        // no flags: the defaults of a configuration that names nothing (they were 30 epochs here, 20 and no hidden layer there)
        assertEquals(MlpParameters.trainConfig(Config.of(Map.of()), 1L, 1), parsed().trainConfig(TrainFile.EMPTY, 1L));

        // every setting, as flags and as a file, against the configuration a trial would receive
        Config trial = new Config(Map.ofEntries(Map.entry("optimizer", "nesterov"), Map.entry("lr", 0.05),
                Map.entry("momentum", 0.8), Map.entry("weight_decay", 1e-4), Map.entry("clip", 2.0),
                Map.entry("schedule", "step"), Map.entry("warmup_epochs", 0.5), Map.entry("step_epochs", 5L),
                Map.entry("gamma", 0.5), Map.entry("batch", 32L), Map.entry("epochs", 7L), Map.entry("patience", 3L),
                Map.entry("init", "xavier"), Map.entry("prune", "neurons"), Map.entry("sparsity", 0.6),
                Map.entry("prune_steps", 2L), Map.entry("finetune_epochs", 1L)),
                Map.of("layers", List.of(
                        LayerConfig.of(Map.of("units", 32L, "activation", "tanh", "dropout", 0.1, "batchnorm", true)),
                        LayerConfig.of(Map.of("units", 16L, "activation", "tanh", "dropout", 0.1, "batchnorm", true)))));
        TrainConfig expected = MlpParameters.trainConfig(trial, 5L, 2);
        TrainCommand flags = parsed("--layers", "32,16", "--activation", "tanh", "--dropout", "0.1", "--batchnorm",
                "--init", "xavier", "--optimizer", "nesterov", "--lr", "0.05", "--momentum", "0.8", "--weight-decay", "1e-4",
                "--clip", "2", "--schedule", "step", "--warmup", "0.5", "--step-epochs", "5", "--gamma", "0.5",
                "--batch", "32", "--epochs", "7", "--patience", "3", "--prune", "0.6", "--prune-mode", "neurons",
                "--prune-steps", "2", "--finetune", "1", "--threads", "2");
        assertEquals(expected, flags.trainConfig(TrainFile.EMPTY, 5L));

        Path file = dir.resolve("all.yaml");
        Files.writeString(file, """
                layers: [32, 16]
                activation: tanh
                dropout: 0.1
                batchnorm: true
                init: xavier
                optimizer: nesterov
                lr: 0.05
                momentum: 0.8
                weight_decay: 1.0e-4
                clip: 2
                schedule: step
                warmup_epochs: 0.5
                step_epochs: 5
                gamma: 0.5
                batch: 32
                epochs: 7
                patience: 3
                prune: {mode: neurons, sparsity: 0.6, steps: 2, finetune_epochs: 1}
                threads: 2
                """);
        assertEquals(expected, parsed().trainConfig(TrainFile.read(file), 5L));
    }

    @Test
    void tableOutputForPeople() {
        Run r = run("train", "--layers", "16", "--epochs", "2");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("dataset digits"), r.out());
        assertTrue(r.out().contains("test accuracy"), r.out());
        assertTrue(r.out().contains("samples/s"), r.out());
    }

    @Test
    void badConfigFileNamesFileLineAndKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "layers: [8]\nlearning_rate: 0.1\n");
        Run r = run("train", "--config", file.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("bad.yaml") && r.err().contains("line 2") && r.err().contains("learning_rate"), r.err());

        Files.writeString(file, "layers: [8]\nepochs: many\n");
        r = run("train", "--config", file.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("line 2") && r.err().contains("epochs"), r.err());
    }

    @Test
    void badValuesAreClearErrors() {
        Run r = run("train", "--optimizer", "adamx");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("unknown optimizerkind 'adamx'") || r.err().contains("adamx"), r.err());
        r = run("train", "--dataset", "no-such-set");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("no-such-set"), r.err());
        r = run("train", "--epochs", "zero");
        assertEquals(2, r.exit(), "usage error");
    }
}
