package io.ams.models;

import io.ams.engine.KeepCheckpoints;
import io.ams.engine.StudyResult;
import io.ams.genome.Genome;
import io.ams.genome.GenomeStudy;
import io.ams.store.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checkpoints are written atomically under names nobody can plant a link at, owner-only. */
class CheckpointFilesTest {
    private static final String GENOME = """
            objective: {mlp: {dataset: iris}}
            split: {validation: 0.2, test: 0.2, seed: 1}
            space:
              training:
                lr: {log_real: [1.0e-3, 1.0e-1]}
                batch: 16
              architecture:
                layers: {min: 1, max: 1, units: {int: [4, 16]}}
            strategy: {name: sh, seed: 3, min_fidelity: 1, max_fidelity: 3, n: 3}
            budget: {trials: 4}
            """;

    @Test
    void aLinkPlantedAtACheckpointsOldTemporaryNameIsNotFollowed(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("s.ams");
        Path checkpoints = dir.resolve("s.ams.checkpoints");
        Files.createDirectories(checkpoints);
        Path victim = dir.resolve("victim.txt");
        Files.writeString(victim, "precious");
        // Before, a trial saved through "<id>.ckpt.tmp", truncating whatever such a link pointed at.
        for (int id = 0; id < 8; id++) Files.createSymbolicLink(checkpoints.resolve(id + ".ckpt.tmp"), victim);

        Genome g = Genome.parse(GENOME, "sh.yaml");
        // keep_checkpoints all: the files are looked at after the run.
        try (GenomeStudy gs = GenomeStudy.open(g, GENOME,
                new GenomeStudy.Overrides(null, null, null, null, 1, store, null, null, KeepCheckpoints.ALL), List.of())) {
            StudyResult r = gs.study().optimize();
            assertTrue(r.count(TrialState.COMPLETE) >= 3, r.trials().toString());
        }
        assertEquals("precious", Files.readString(victim));
        try (Stream<Path> files = Files.list(checkpoints)) {
            List<Path> saved = files.filter(f -> f.getFileName().toString().endsWith(".ckpt")).toList();
            assertTrue(saved.size() >= 3, "checkpoints " + saved);
            for (Path f : saved) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
            }
        }
    }

    @Test
    void theCheckpointDirectoryIsOwnerOnlyAndNeverALink(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("s.ams");
        Genome g = Genome.parse(GENOME, "sh.yaml");
        try (GenomeStudy gs = GenomeStudy.open(g, GENOME,
                new GenomeStudy.Overrides(null, null, null, null, 1, store, null, null), List.of())) {
            gs.study().optimize();
        }
        Path checkpoints = dir.resolve("s.ams.checkpoints");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(checkpoints)));

        // A link in place of the directory would send the checkpoints wherever it points.
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path store2 = dir.resolve("t.ams");
        Files.createSymbolicLink(dir.resolve("t.ams.checkpoints"), elsewhere);
        try (GenomeStudy gs = GenomeStudy.open(g, GENOME,
                new GenomeStudy.Overrides(null, null, null, null, 1, store2, null, null), List.of())) {
            StudyResult r = gs.study().optimize();
            assertTrue(r.trials().stream().filter(t -> t.state() == TrialState.FAILED)
                    .anyMatch(t -> t.error().contains("symbolic link")), r.trials().toString());
        }
        try (Stream<Path> files = Files.list(elsewhere)) {
            assertEquals(0, files.count(), "nothing written through the link");
        }
    }
}
