package io.ams.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.ams.cli.TrainCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With --json, a failure is one JSON object on stdout ({"error": ..., "hint": ...}) and nothing
 * else, with the exit code the command has without --json.
 */
class JsonErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BRANIN = Path.of("..", "..", "genomes", "branin.yaml").toString();

    @Test
    void aParseErrorIsOneJsonObjectWithTheHint() throws Exception {
        JsonNode o = jsonError(2, "run", BRANIN, "--trials", "x");
        assertTrue(o.get("error").asText().contains("'x'") && o.get("error").asText().contains("--trials"), o.toString());
        assertEquals("see 'ams run --help'", o.get("hint").asText());

        // a misspelled option: picocli's suggestion, then where to look
        o = jsonError(2, "run", BRANIN, "--trails", "5");
        assertTrue(o.get("error").asText().startsWith("Unknown options: '--trails'"), o.toString());
        assertTrue(o.get("hint").asText().contains("--trials") && o.get("hint").asText().endsWith("see 'ams run --help'"),
                o.toString());

        o = jsonError(2, "train", "--layers", "wide");
        assertEquals("see 'ams train --help'", o.get("hint").asText());
    }

    @Test
    void aGenomeErrorNamesFileLineAndKey(@TempDir Path dir) throws Exception {
        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, Files.readString(Path.of(BRANIN)).replace("budget:", "budjet:"));
        JsonNode o = jsonError(1, "run", typo.toString());
        assertTrue(o.get("error").asText().startsWith(typo + ":"), o.toString());
        assertTrue(o.get("error").asText().contains("budjet"), o.toString());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(typo), files.toList(), "no store was made");
        }
        jsonError(1, "run", BRANIN, "--strategy", "annealing");
        jsonError(1, "run", dir.resolve("missing.yaml").toString());
    }

    @Test
    void aMissingStoreIsAJsonError(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.ams");
        JsonNode o = jsonError(1, "resume", missing.toString());
        assertEquals(missing + ": no such file", o.get("error").asText());
        // export's --json is its output format, and asks for JSON errors too
        var csv = run("export", missing.toString(), "--csv");
        assertEquals("error: " + missing + ": no such file", csv.err().strip());
        var r = run("export", missing.toString(), "--json");
        assertEquals(csv.exit(), r.exit());
        assertEquals("", r.err());
        assertEquals(missing + ": no such file", JSON.readTree(r.out()).get("error").asText());
        o = jsonError(1, "train", "--config", missing.toString());
        assertTrue(o.get("error").asText().contains(missing.toString()), o.toString());
    }

    @Test
    void anOptionValueAfterDoubleDashIsNotAFlag() {
        // `--` ends the options: a genome file named --json is not a request for JSON
        var r = run("run", "--trials", "x", "--", "--json");
        assertEquals(2, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("error: "), r.err());
    }

    /**
     * Runs the command with --json, checks that stdout is exactly one JSON object with an
     * "error", that stderr is empty, and that the exit code is {@code exit}, as without --json.
     */
    private static JsonNode jsonError(int exit, String... args) throws Exception {
        var plain = run(args);
        assertEquals(exit, plain.exit(), plain.out() + plain.err());
        assertTrue(plain.err().startsWith("error: "), plain.err());
        List<String> withJson = new ArrayList<>(List.of(args));
        withJson.add("--json");
        var r = run(withJson.toArray(String[]::new));
        assertEquals(exit, r.exit(), r.out() + r.err());
        assertEquals(1, r.out().strip().lines().count(), "one line on stdout: " + r.out());
        JsonNode o = JSON.readTree(r.out());
        assertTrue(o.isObject() && o.get("error").isTextual() && !o.get("error").asText().isBlank(), r.out());
        assertEquals("", r.err(), "nothing on stderr either");
        // the same error as the text says
        assertEquals("error: " + o.get("error").asText(), plain.err().lines().findFirst().orElseThrow());
        assertNotEquals(0, r.exit());
        return o;
    }
}
