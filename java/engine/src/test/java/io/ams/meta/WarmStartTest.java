package io.ams.meta;

import io.ams.space.Config;
import io.ams.space.Parameter;
import io.ams.space.SearchSpace;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.ams.meta.StudyArchiveTest.entry;
import static io.ams.meta.StudyArchiveTest.scored;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which earlier studies a warm start takes, and which of their configurations, in what order. */
class WarmStartTest {
    private static final SearchSpace BRANIN = SearchSpace.builder()
            .add(Parameter.real("x1", -5, 10))
            .add(Parameter.real("x2", 0, 15))
            .build();

    private static TaskFeatures features(double a, double b) {
        return new TaskFeatures(TaskFeatures.DATASET, List.of("a", "b"), new double[] {a, b}, "");
    }

    private static Config config(double x1, double x2) {
        return Config.of(Map.of("x1", x1, "x2", x2));
    }

    /**
     * Features on very different scales are standardised first. Target (0, 0); e1 (1000, 0),
     * e2 (0, 3), e3 (0, 0.5). Feature a over the four: mean 250, sd 433.01; b: mean 0.875,
     * sd 1.2437. Distances sqrt(mean of squared z-differences): e3 0.5/1.2437/sqrt2 = 0.284,
     * e1 1000/433.01/sqrt2 = 1.633, e2 3/1.2437/sqrt2 = 1.706. Raw Euclidean would put e2 before e1.
     */
    @Test
    void neighboursAreNearestByStandardisedFeatures() {
        List<ArchiveEntry> entries = List.of(
                entry("e1", 1, features(1000, 0), List.of(scored(1, 1, 0))),
                entry("e2", 2, features(0, 3), List.of(scored(2, 2, 0))),
                entry("e3", 3, features(0, 0.5), List.of(scored(3, 3, 0))));
        WarmStart.Plan plan = new WarmStart(Path.of("unused"), 3, 10).plan(features(0, 0), BRANIN, entries, n -> {});
        assertEquals(List.of("e3", "e1", "e2"), plan.neighbours().stream().map(n -> n.entry().study()).toList());
        assertEquals(0.5 / 1.2437 / Math.sqrt(2), plan.neighbours().get(0).distance(), 1e-3);
        assertEquals(1000 / 433.01 / Math.sqrt(2), plan.neighbours().get(1).distance(), 1e-3);
        assertEquals(3 / 1.2437 / Math.sqrt(2), plan.neighbours().get(2).distance(), 1e-3);
        assertEquals(List.of(config(3, 3), config(1, 1), config(2, 2)), plan.configurations());
    }

    @Test
    void configurationsComeRoundRobinBestFirstWithoutRepeats() {
        List<ArchiveEntry> entries = List.of(
                entry("near", 1, features(0, 1), List.of(scored(1, 1, 0), scored(1, 2, 1), scored(1, 3, 2))),
                entry("middle", 1, features(0, 2), List.of(scored(2, 1, 0), scored(1, 1, 1), scored(2, 3, 2))),
                entry("far", 1, features(0, 3), List.of(scored(3, 1, 0), scored(3, 2, 1))),
                entry("farthest", 1, features(0, 9), List.of(scored(9, 9, 0))));
        WarmStart.Plan plan = new WarmStart(Path.of("unused"), 3, 7).plan(features(0, 0), BRANIN, entries, n -> {});
        assertEquals(List.of("near", "middle", "far"), plan.neighbours().stream().map(n -> n.entry().study()).toList());
        // rank 1: near's, middle's, far's best; rank 2: near's second, middle's second (= near's best: skipped),
        // far's second; rank 3: near's third, then the count (7) is reached
        assertEquals(List.of(config(1, 1), config(2, 1), config(3, 1), config(1, 2), config(3, 2), config(1, 3), config(2, 3)),
                plan.configurations());
        WarmStart.Plan few = new WarmStart(Path.of("unused"), 1, 2).plan(features(0, 0), BRANIN, entries, n -> {});
        assertEquals(List.of(config(1, 1), config(1, 2)), few.configurations());
    }

    @Test
    void configurationsOutsideTheSpaceAreLeftOutAndEntriesWithNoneSkipped() {
        List<ArchiveEntry> entries = List.of(
                // x1 = 50 is outside [-5, 10]: only its second configuration fits
                entry("partly", 1, features(0, 1), List.of(scored(50, 1, 0), scored(4, 4, 1))),
                entry("other-space", 1, features(0, 0), List.of(new ArchiveEntry.Scored(Config.of(Map.of("lr", 0.1)), 0))));
        List<String> notes = new ArrayList<>();
        WarmStart.Plan plan = new WarmStart(Path.of("unused"), 3, 10).plan(features(0, 0), BRANIN, entries, notes::add);
        assertEquals(List.of(config(4, 4)), plan.configurations());
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).startsWith("archived study other-space skipped: none of its 1 best configurations fits"), notes.get(0));
    }

    @Test
    void entriesDescribedOtherwiseAreSkippedAndAnUndescribedTaskTakesTheLatest() {
        TaskFeatures probes = new TaskFeatures(TaskFeatures.PROBES, List.of("a", "b"), new double[] {0, 0}, "");
        List<ArchiveEntry> entries = List.of(
                entry("old", 10, features(0, 0), List.of(scored(1, 1, 0))),
                entry("probed", 30, probes, List.of(scored(2, 2, 0))),
                entry("new", 20, null, List.of(scored(3, 3, 0))));
        List<String> notes = new ArrayList<>();
        WarmStart.Plan described = new WarmStart(Path.of("unused"), 3, 10).plan(features(0, 0), BRANIN, entries, notes::add);
        assertEquals(List.of("old"), described.neighbours().stream().map(n -> n.entry().study()).toList());
        assertEquals(2, notes.size(), notes.toString());
        assertTrue(notes.stream().anyMatch(n -> n.contains("probed") && n.contains("other features (probes)")), notes.toString());
        assertTrue(notes.stream().anyMatch(n -> n.contains("new") && n.contains("not described")), notes.toString());

        WarmStart.Plan undescribed = new WarmStart(Path.of("unused"), 2, 10).plan(null, BRANIN, entries, n -> {});
        assertEquals(List.of("probed", "new"), undescribed.neighbours().stream().map(n -> n.entry().study()).toList());
        assertEquals(List.of(config(2, 2), config(3, 3)), undescribed.configurations());
    }

    @Test
    void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new WarmStart(Path.of("a"), 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new WarmStart(Path.of("a"), 3, 0));
        assertThrows(IllegalArgumentException.class, () -> new WarmStart(Path.of("a"), 3, WarmStart.MAX + 1));
    }
}
