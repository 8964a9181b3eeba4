package io.ams.cli;

import io.ams.meta.ArchiveEntry;
import io.ams.meta.StudyArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.ams.cli.TrainCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `ams run --archive` keeps a finished study; a genome's warm_start begins where it ended. */
class ArchiveCommandTest {
    private static final String BRANIN = """
            objective: {function: branin}
            space:
              x1: {real: [-5, 10]}
              x2: {real: [0, 15]}
            strategy: {name: bo, seed: 5}
            budget: {trials: 10}
            """;

    @Test
    void aFinishedRunIsArchivedAndAWarmStartedGenomeBeginsWithItsBest(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("archive");
        Path first = dir.resolve("first.yaml");
        Files.writeString(first, BRANIN.replace("name: bo", "name: random"));
        var r = run("run", first.toString(), "--trials", "30", "--workers", "1", "--archive", archive.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("archived in " + archive.toAbsolutePath().normalize()), r.out());
        List<ArchiveEntry> entries = new StudyArchive(archive).entries(n -> {});
        assertEquals(1, entries.size());
        List<String> best = entries.get(0).best().stream().map(s -> s.config().canonical()).limit(4).toList();

        Path warm = dir.resolve("warm.yaml");
        Files.writeString(warm, BRANIN + "warm_start: {archive: " + archive + ", configurations: 4}\n");
        Path store = dir.resolve("warm.ams");
        var w = run("run", warm.toString(), "--workers", "1", "--archive", "none", "--store", store.toString());
        assertEquals(0, w.exit(), w.err());
        String all = w.out() + w.err();
        assertTrue(all.contains("warm start: 4 configurations from " + first), all);
        var show = run("show", store.toString());
        assertTrue(show.out().contains("warm start: the first 4 configurations came from earlier studies"), show.out());
        assertTrue(all.contains("this objective does not describe its task"), all);
        List<String> logged = w.out().lines().filter(l -> l.startsWith("trial ")).limit(4)
                .map(l -> l.substring(l.indexOf('{'))).toList();
        assertEquals(best, logged);
        // --archive none: the warm-started run left no entry of its own
        assertEquals(1, new StudyArchive(archive).entries(n -> {}).size());
        assertTrue(!all.contains("archived in"), all);
    }

    @Test
    void aWarmStartFromAnArchiveThatIsNotThereRunsColdSayingSo(@TempDir Path dir) throws Exception {
        Path warm = dir.resolve("warm.yaml");
        Files.writeString(warm, BRANIN + "warm_start: {archive: " + dir.resolve("missing") + "}\n");
        var w = run("run", warm.toString(), "--workers", "1", "--archive", "none");
        assertEquals(0, w.exit(), w.err());
        String all = w.out() + w.err();
        assertTrue(all.contains("does not exist yet"), all);
        assertTrue(all.contains("the search starts cold"), all);
    }

    @Test
    void anEmptyArchiveFlagIsAnError() {
        var r = run("run", Path.of("..", "..", "genomes", "branin.yaml").toString(), "--trials", "2", "--archive", "");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("--archive needs a folder, or 'none'"), r.err());
    }
}
