package io.ams.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

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
