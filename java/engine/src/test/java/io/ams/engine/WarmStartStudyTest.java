package io.ams.engine;

import io.ams.core.Direction;
import io.ams.engine.strategies.Strategies;
import io.ams.meta.ArchiveEntry;
import io.ams.meta.StudyArchive;
import io.ams.meta.TaskFeatures;
import io.ams.meta.WarmStart;
import io.ams.models.TestFunctions;
import io.ams.space.Config;
import io.ams.space.Parameter;
import io.ams.space.SearchSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A warm start's configurations are what every strategy evaluates first, and a resume keeps them. */
class WarmStartStudyTest {
    private static final SearchSpace BRANIN = SearchSpace.builder()
            .add(Parameter.real("x1", -5, 10))
            .add(Parameter.real("x2", 0, 15))
            .build();

    /** Branin, described as a task by one fixed number, so that neighbours are chosen by features. */
    private static final io.ams.eval.Objective OBJECTIVE = new io.ams.eval.Objective() {
        @Override
        public double evaluate(Config c, io.ams.eval.TrialContext ctx) {
            return TestFunctions.branin(c.getDouble("x1"), c.getDouble("x2"));
        }

        @Override
        public Optional<TaskFeatures> describe() {
            return Optional.of(new TaskFeatures(TaskFeatures.DATASET, List.of("f"), new double[] {1}, ""));
        }
    };

    private static Config config(double x1, double x2) {
        return Config.of(Map.of("x1", x1, "x2", x2));
    }

    /** Four configurations near Branin's three minima and one far off, best first, as an earlier study left them. */
    private static final List<Config> EARLIER = List.of(config(-3.125, 12.25), config(3.125, 2.25), config(9.5, 2.5),
            config(0.0, 0.0));

    private static Path archiveWithOneStudy(Path dir) {
        List<ArchiveEntry.Scored> best = new ArrayList<>();
        for (int i = 0; i < EARLIER.size(); i++) best.add(new ArchiveEntry.Scored(EARLIER.get(i), i));
        new StudyArchive(dir).add(new ArchiveEntry("earlier", 1, 2, "function:branin", "value", Direction.MINIMIZE, "bo", 40,
                new TaskFeatures(TaskFeatures.DATASET, List.of("f"), new double[] {2}, ""), best, ""));
        return dir;
    }

    private static StudyBuilder study(String strategy, Map<String, ?> options, Path archive) {
        return Study.builder().space(BRANIN).objective(OBJECTIVE).strategy(strategy, options).seed(7).workers(1)
                .budget(Budget.trials(12)).warmStart(new WarmStart(archive, 3, 4));
    }

    @ParameterizedTest
    @ValueSource(strings = {"random", "ga", "saga", "regevo", "local", "cmaes", "bo", "turbo", "pbt", "sh", "hyperband", "asha", "dehb", "bohb"})
    void everyStrategyEvaluatesTheWarmStartFirst(String strategy, @TempDir Path dir) {
        Map<String, Object> options = switch (strategy) {
            case "ga", "saga", "regevo", "pbt" -> Map.of("population", 6);
            case "bo" -> Map.of("initial", 2);
            default -> Map.of();
        };
        try (Study s = study(strategy, options, archiveWithOneStudy(dir)).build()) {
            s.optimize();
            assertEquals(EARLIER, s.warmStart());
            // the first new configurations (asha may promote one before its fourth: a continuation is not new)
            List<Config> first = s.trials().stream().filter(t -> t.record().parent().isEmpty()).limit(EARLIER.size())
                    .map(Trial::config).toList();
            assertEquals(EARLIER, first, strategy);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hyperband", "sh", "bohb", "dehb"})
    void aHyperbandStyleStrategyTrainsEveryWarmConfigurationAtTheTopFidelity(String strategy, @TempDir Path dir) {
        try (Study s = study(strategy, Map.of("min_fidelity", 1, "max_fidelity", 9, "eta", 3), archiveWithOneStudy(dir))
                .budget(Budget.trials(8)).build()) {
            s.optimize();
            List<Trial> first = s.trials().subList(0, EARLIER.size());
            assertEquals(EARLIER, first.stream().map(Trial::config).toList());
            for (Trial t : first) assertEquals(9.0, t.record().fidelity(), strategy);
            // then the cycle of brackets begins, at the lowest rung
            assertEquals(1.0, s.trials().get(EARLIER.size()).record().fidelity(), strategy);
        }
    }

    @Test
    void theSameStudyColdStartsElsewhere(@TempDir Path dir) {
        try (Study s = Study.builder().space(BRANIN).objective(OBJECTIVE).strategy("ga", Map.of("population", 6)).seed(7)
                .workers(1).budget(Budget.trials(6)).build()) {
            s.optimize();
            assertEquals(List.of(), s.warmStart());
            assertNotEquals(EARLIER.get(0), s.trials().get(0).config());
        }
    }

    @Test
    void aResumeStartsFromTheStoredChoiceWhateverTheArchiveHoldsNow(@TempDir Path dir) throws Exception {
        Path archive = archiveWithOneStudy(dir.resolve("archive"));
        Path store = dir.resolve("s.ams");
        List<Config> whole;
        try (Study s = study("bo", Map.of("initial", 2), archive).store(store).budget(Budget.trials(10)).build()) {
            s.optimize();
            whole = s.trials().stream().map(Trial::config).toList();
        }
        Path store2 = dir.resolve("s2.ams");
        try (Study s = study("bo", Map.of("initial", 2), archive).store(store2).budget(Budget.trials(5)).build()) {
            s.optimize();
        }
        // the archive changes (emptied) before the resume: the resumed study still has its start points
        try (var files = Files.list(archive)) {
            for (Path f : files.toList()) Files.delete(f);
        }
        try (Study s = study("bo", Map.of("initial", 2), archive).store(store2).budget(Budget.trials(10)).build()) {
            s.optimize();
            assertEquals(EARLIER, s.warmStart());
            assertEquals(whole, s.trials().stream().map(Trial::config).toList());
        }
    }

    @Test
    void aFinishedStudyIsArchivedAndWarmStartsTheNext(@TempDir Path dir) {
        Path archive = dir.resolve("archive");
        List<Config> bestFirst;
        try (Study s = Study.builder().space(BRANIN).objective(OBJECTIVE).strategy("random").seed(3).workers(1)
                .budget(Budget.trials(30)).name("first").archive(archive).build()) {
            s.optimize();
            bestFirst = s.trials().stream().sorted(java.util.Comparator.comparingDouble(Trial::value)).map(Trial::config).toList();
        }
        List<ArchiveEntry> entries = new StudyArchive(archive).entries(n -> {});
        assertEquals(1, entries.size());
        ArchiveEntry e = entries.get(0);
        assertEquals("first", e.study());
        assertEquals(30, e.trials());
        assertEquals("random", e.strategy());
        assertEquals(List.of(1.0), java.util.Arrays.stream(e.features().values()).boxed().toList());
        assertEquals(bestFirst.subList(0, StudyArchive.BEST_KEPT), e.best().stream().map(ArchiveEntry.Scored::config).toList());
        List<String> notes = new ArrayList<>();
        try (Study s = study("bo", Map.of("initial", 3), archive).listener(new StudyListener() {
            @Override public void note(String message) { notes.add(message); }
        }).build()) {
            s.optimize();
            assertEquals(bestFirst.subList(0, 4), s.trials().subList(0, 4).stream().map(Trial::config).toList());
        }
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("warm start: 4 configurations from first")), notes.toString());
    }

    @Test
    void anInterruptedOrEmptyStudyIsNotArchivedAndAMissingArchiveStartsCold(@TempDir Path dir) {
        Path archive = dir.resolve("archive");
        try (Study s = Study.builder().space(BRANIN).objective((c, ctx) -> { throw new IllegalStateException("broken"); })
                .strategy("random").workers(1).budget(Budget.trials(3)).archive(archive).build()) {
            s.optimize();
        }
        assertTrue(Files.notExists(archive));
        List<String> notes = new ArrayList<>();
        try (Study s = study("ga", Map.of("population", 4), dir.resolve("nowhere")).listener(new StudyListener() {
            @Override public void note(String message) { notes.add(message); }
        }).build()) {
            s.optimize();
            assertEquals(List.of(), s.warmStart());
        }
        assertTrue(notes.stream().anyMatch(n -> n.contains("does not exist")), notes.toString());
        assertTrue(notes.stream().anyMatch(n -> n.contains("the search starts cold")), notes.toString());
    }

    @Test
    void aStrategyThatCannotBeToldItsStartPointsIsRefused(@TempDir Path dir) {
        Path archive = archiveWithOneStudy(dir);
        StrategyFactory factory = (domain, direction, seed, o) -> Strategies.create("random", Map.of(), domain, direction, seed);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Study.builder().space(BRANIN)
                .objective(OBJECTIVE).strategy(factory).warmStart(WarmStart.from(archive)).build());
        assertTrue(e.getMessage().contains("needs a strategy by name"), e.getMessage());
    }
}
