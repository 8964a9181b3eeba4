package io.ams.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ams.core.Direction;
import io.ams.store.ChronicleTrialStore;
import io.ams.store.StudyMeta;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.ams.cli.TrainCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ams export STORE --optuna-journal FILE}: a new file or none, never with -o. */
class ExportOptunaJournalTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void writesANewJournalAndRefusesAnExistingFileOrAnOutput(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("branin.ams");
        var r = run("run", Path.of("..", "..", "genomes", "branin.yaml").toString(), "--trials", "6", "--workers", "1",
                "--store", store.toString());
        assertEquals(0, r.exit(), r.err());

        Path journal = dir.resolve("branin.journal");
        var e = run("export", store.toString(), "--optuna-journal", journal.toString());
        assertEquals(0, e.exit(), e.err());
        assertTrue(e.err().contains("wrote " + journal), e.err());
        List<JsonNode> lines = new ArrayList<>();
        for (String l : Files.readAllLines(journal)) lines.add(JSON.readTree(l));
        assertEquals(0, lines.get(0).get("op_code").asInt(), "CREATE_STUDY first");
        assertEquals(6, lines.stream().filter(l -> l.get("op_code").asInt() == 4).count(), "a CREATE_TRIAL per trial");
        assertEquals(6, lines.stream().filter(l -> l.get("op_code").asInt() == 6
                && l.get("state").asInt() == 1).count(), "six COMPLETE ends");
        assertEquals(12, lines.stream().filter(l -> l.get("op_code").asInt() == 5).count(), "x1 and x2 per trial");

        // append-only: an existing file is refused and left as it was
        byte[] before = Files.readAllBytes(journal);
        var again = run("export", store.toString(), "--optuna-journal", journal.toString());
        assertEquals(1, again.exit());
        assertTrue(again.err().startsWith("error: " + journal + ": already exists"), again.err());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(journal)));

        Path other = dir.resolve("other.journal");
        var withOutput = run("export", store.toString(), "--optuna-journal", other.toString(), "-o", dir.resolve("x").toString());
        assertEquals(2, withOutput.exit(), withOutput.err());
        assertTrue(withOutput.err().contains("--optuna-journal writes its own file: it takes no -o/--output"), withOutput.err());
        assertFalse(Files.exists(other));
        assertFalse(Files.exists(dir.resolve("x")));

        var both = run("export", store.toString(), "--optuna-journal", other.toString(), "--csv");
        assertEquals(2, both.exit(), "the formats exclude each other: " + both.err());
        assertFalse(Files.exists(other));
    }

    @Test
    void aStudyApiStoreIsRefusedSayingWhyAndWhatToDo(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("api.ams");
        StudyMeta meta = StudyMeta.of("api", "", "SearchSpace[x: real [0, 1]]", Direction.MINIMIZE, 1, "random", Map.of());
        ChronicleTrialStore.create(store, meta, 4).close();
        Path journal = dir.resolve("api.journal");
        var r = run("export", store.toString(), "--optuna-journal", journal.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("made through the Study API"), r.err());
        assertTrue(r.err().contains("OptunaJournal.write(meta, trials, Genes.of(space), writer)"), r.err());
        assertFalse(Files.exists(journal), "no half journal is left");
    }
}
