package io.ams.meta;

import io.ams.core.Direction;
import io.ams.space.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The archive keeps what a warm start needs, and one bad file never takes the others down. */
class StudyArchiveTest {
    static ArchiveEntry entry(String study, long finished, TaskFeatures features, List<ArchiveEntry.Scored> best) {
        return new ArchiveEntry(study, 1_000 + study.hashCode() % 100, finished, "function:branin", "value",
                Direction.MINIMIZE, "bo", 50, features, best, "/stores/" + study + ".ams");
    }

    static ArchiveEntry.Scored scored(double x1, double x2, double value) {
        return new ArchiveEntry.Scored(Config.of(Map.of("x1", x1, "x2", x2)), value);
    }

    @Test
    void anEntryReadsBackAsItWasWritten(@TempDir Path dir) {
        StudyArchive archive = new StudyArchive(dir);
        TaskFeatures features = new TaskFeatures(TaskFeatures.PROBES, List.of("p1", "p2"), new double[] {0.25, 81.5}, "2 probes");
        Config mixed = Config.of(Map.of("lr", 0.00123456789012, "units", 64L, "optimizer", "adam"));
        ArchiveEntry written = new ArchiveEntry("genomes/digits.yaml", 1234, 5678, "mlp:digits", "accuracy",
                Direction.MAXIMIZE, "ga", 120, features, List.of(new ArchiveEntry.Scored(mixed, 0.97), scored(1, 2, 0.5)), "/s.ams");
        Path file = archive.add(written);
        assertEquals("genomes_digits.yaml-1234.json", file.getFileName().toString());
        List<String> notes = new ArrayList<>();
        List<ArchiveEntry> read = archive.entries(notes::add);
        assertEquals(List.of(), notes);
        assertEquals(1, read.size());
        ArchiveEntry back = read.get(0);
        assertEquals(written.study(), back.study());
        assertEquals(Direction.MAXIMIZE, back.direction());
        assertEquals("mlp:digits", back.objective());
        assertEquals(features, back.features());
        // value types survive: a real stays a Double, an integer a Long, a choice a String
        assertEquals(mixed, back.best().get(0).config());
        assertEquals(0.97, back.best().get(0).value());
        assertEquals(written.best(), back.best());
    }

    @Test
    void archivingAStudyAgainReplacesItsEntry(@TempDir Path dir) {
        StudyArchive archive = new StudyArchive(dir);
        archive.add(entry("a", 10, null, List.of(scored(1, 1, 3))));
        archive.add(entry("a", 20, null, List.of(scored(2, 2, 1))));
        List<ArchiveEntry> read = archive.entries(n -> {});
        assertEquals(1, read.size());
        assertEquals(20, read.get(0).finishedAtMillis());
        assertNull(read.get(0).features());
    }

    @Test
    void unreadableEntriesAreSkippedWithANoteNamingTheFile(@TempDir Path dir) throws Exception {
        StudyArchive archive = new StudyArchive(dir);
        Path good = archive.add(entry("good", 10, null, List.of(scored(1, 1, 3))));
        Path truncated = archive.add(entry("truncated", 10, null, List.of(scored(1, 1, 3))));
        byte[] bytes = Files.readAllBytes(truncated);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path future = dir.resolve("future-1.json");
        Files.writeString(future, Files.readString(good).replace("\"format\" : 1", "\"format\" : 9"));
        Files.writeString(dir.resolve("notes.txt"), "not an entry, not read");
        List<String> notes = new ArrayList<>();
        List<ArchiveEntry> read = archive.entries(notes::add);
        assertEquals(List.of("good"), read.stream().map(ArchiveEntry::study).toList());
        assertEquals(2, notes.size(), notes.toString());
        assertTrue(notes.stream().anyMatch(n -> n.contains(truncated.toString())), notes.toString());
        assertTrue(notes.stream().anyMatch(n -> n.contains(future.toString()) && n.contains("format 9")), notes.toString());
    }

    @Test
    void aMissingArchiveHoldsNothingAndSaysSo(@TempDir Path dir) {
        List<String> notes = new ArrayList<>();
        assertEquals(List.of(), new StudyArchive(dir.resolve("nope")).entries(notes::add));
        assertEquals(1, notes.size());
        assertTrue(notes.get(0).contains("does not exist"), notes.get(0));
    }

    @Test
    void datasetFeaturesAreTheMetaFeatureVector() {
        io.ams.data.MetaFeatures m = new io.ams.data.MetaFeatures(100, 4, 3, Math.log(100), Math.log(4), 1.0, 0.9, 0.5,
                0.1, -0.2, 2, 0.5, 0.8, 0.7);
        TaskFeatures f = TaskFeatures.of(m);
        assertEquals(TaskFeatures.DATASET, f.kind());
        assertEquals(m.names(), f.names());
        assertArrayEquals(m.vector(), f.values());
    }
}
