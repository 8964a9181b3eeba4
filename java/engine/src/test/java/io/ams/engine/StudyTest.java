package io.ams.engine;

import io.ams.store.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StudyTest {
    /**
     * A store resumes only its own study: another objective (by the id the program gives it),
     * another pruner or other strategy options are refused by name, like another space; an
     * objective without an id is unknown and not held against the store.
     */
    @Test
    void aStoreRefusesAnotherObjectivePrunerOrStrategyOptions(@TempDir Path dir) {
        Path file = dir.resolve("s.ams");
        java.util.function.Supplier<StudyBuilder> base = () -> Study.builder().space(TestSpaces.branin())
                .objective((c, ctx) -> TestSpaces.branin(c)).strategy("ga", Map.of("population", 4))
                .pruner(Pruners.median(1, 5)).budget(Budget.trials(4)).workers(1).store(file);
        try (Study s = base.get().objectiveId("branin").build()) {
            s.optimize();
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> base.get().objectiveId("rosenbrock").build());
        assertTrue(e.getMessage().contains("holds another study: objective branin, not rosenbrock"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> base.get().objectiveId("branin").pruner(Pruners.median(2, 5)).build());
        assertTrue(e.getMessage().contains(
                "pruner median(warmup=1, min_trials=5), not median(warmup=2, min_trials=5)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> base.get().objectiveId("branin").strategy("ga", Map.of("population", 6)).build());
        assertTrue(e.getMessage().contains("strategy options {population=4}, not {population=6}"), e.getMessage());
        // The same study resumes, and so does one whose objective has no id (a lambda: unknown).
        try (Study s = base.get().objectiveId("branin").budget(Budget.trials(8)).build()) {
            assertEquals(8, s.optimize().trials().size());
        }
        try (Study s = base.get().build()) {
            assertEquals(8, s.trials().size());
        }
    }

    /** A store written before the study's objective and pruner were recorded still resumes, with a note saying what is unchecked. */
    @Test
    void anOlderStoreWithoutTheStudysIdentityResumesWithANote(@TempDir Path dir) {
        Path file = dir.resolve("old.ams");
        io.ams.store.StudyMeta old = io.ams.store.StudyMeta.of("old", "", TestSpaces.branin().canonicalSpace(),
                io.ams.core.Direction.MINIMIZE, 0, "random", Map.of("slots", "1", "strategy_options", "{}"));
        io.ams.store.ChronicleTrialStore.create(file, old, 10).close();
        List<String> notes = new java.util.ArrayList<>();
        try (Study s = Study.builder().space(TestSpaces.branin()).objective((c, ctx) -> TestSpaces.branin(c))
                .objectiveId("branin").strategy("random").budget(Budget.trials(3)).workers(1).store(file)
                .listener(new StudyListener() {
                    @Override public void note(String message) { notes.add(message); }
                }).build()) {
            assertEquals(3, s.optimize().trials().size());
        }
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("does not record its study's constraints, goals, objective, pruner"), notes.toString());
    }

    /**
     * What the study's thread allocates per trial does not grow with the number of trials: the
     * completed trials' curves used to be a CopyOnWriteArrayList, copied whole on every trial
     * (O(n^2) garbage: a trivial 100,000-trial search reached gigabytes of RSS).
     */
    @Test
    void allocationPerTrialStaysFlatAsTrialsAccumulate() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long[] at = new long[4];
        int[] marks = {2_000, 4_000, 18_000, 20_000};
        try (Study study = Study.builder().space(TestSpaces.branin())
                .objective((c, ctx) -> {
                    ctx.report(TestSpaces.branin(c) + 1);
                    return TestSpaces.branin(c);
                })
                .pruner(Pruners.median(1, 5)).strategy("random").budget(Budget.trials(20_000)).seed(1).workers(1)
                .listener(new StudyListener() {
                    @Override public void trialEnded(Trial trial, Trial best, int done, int budget) {
                        for (int i = 0; i < marks.length; i++) {
                            if (done == marks[i]) at[i] = threads.getCurrentThreadAllocatedBytes();
                        }
                    }
                }).build()) {
            assertEquals(20_000, study.optimize().trials().size());
        }
        double early = (at[1] - at[0]) / 2_000.0;
        double late = (at[3] - at[2]) / 2_000.0;
        assertTrue(late < 2 * early, "bytes allocated per trial on the study's thread: " + Math.round(early)
                + " at trials 2,000-4,000, " + Math.round(late) + " at trials 18,000-20,000");
    }

    @Test
    void optimizeFindsBraninsBasinAndStopsAtTheBudget() {
        try (Study study = Study.builder().space(TestSpaces.branin()).objective((c, ctx) -> TestSpaces.branin(c))
                // one worker: regevo learns from results in arrival order, which two workers would make vary from run to run
                .strategy("regevo").budget(Budget.trials(120)).seed(3).workers(1).build()) {
            StudyResult r = study.optimize();
            assertEquals(120, r.trials().size());
            assertEquals(120, r.count(TrialState.COMPLETE));
            // Branin spans about 0.4 to 300 on this box: below 2 is its basins.
            assertTrue(r.best().orElseThrow().value() < 2, "best " + r.best().get().value());
            double min = r.trials().stream().mapToDouble(Trial::value).min().orElseThrow();
            assertEquals(min, r.best().get().value(), "best is the minimum of the history");
        }
    }

    @Test
    void failuresTimeoutsAndNaNAreMarkedAndTheSearchGoesOn() {
        try (Study study = Study.builder().space(TestSpaces.branin())
                .objective((c, ctx) -> {
                    double x1 = c.getDouble("x1");
                    if (x1 < -2) throw new IllegalStateException("diverged at x1=" + x1);
                    if (x1 > 8) return Double.NaN;
                    if (x1 > 7) Thread.sleep(10_000);
                    return TestSpaces.branin(c);
                })
                .strategy("random").budget(Budget.trials(60)).seed(1).workers(2).trialTimeout(Duration.ofMillis(200)).build()) {
            StudyResult r = study.optimize();
            assertEquals(60, r.trials().size());
            List<Trial> failed = r.trials().stream().filter(t -> t.state() == TrialState.FAILED).toList();
            assertFalse(failed.isEmpty());
            for (Trial t : failed) {
                double x1 = t.config().getDouble("x1");
                String why = x1 < -2 ? "IllegalStateException: diverged" : x1 > 8 ? "objective returned NaN" : "timeout";
                assertTrue(t.error().contains(why), "x1=" + x1 + " error " + t.error());
            }
            assertTrue(r.count(TrialState.COMPLETE) > 20);
            assertTrue(r.best().orElseThrow().config().getDouble("x1") <= 7);
        }
    }

    @Test
    void retriesRerunAFailedTrialBeforeItCountsAsFailed() {
        AtomicInteger calls = new AtomicInteger();
        try (Study study = Study.builder().space(TestSpaces.branin())
                .objective((c, ctx) -> {
                    if (calls.incrementAndGet() % 2 == 1) throw new RuntimeException("flaky");
                    return TestSpaces.branin(c);
                }).budget(Budget.trials(10)).workers(1).retries(1).build()) {
            StudyResult r = study.optimize();
            assertEquals(10, r.count(TrialState.COMPLETE));
            assertEquals(20, calls.get());
            assertTrue(r.trials().stream().allMatch(t -> t.record().attempt() == 2));
        }
    }

    @Test
    void identicalConfigurationsAreNotEvaluatedTwice() {
        AtomicInteger calls = new AtomicInteger();
        try (Study study = Study.builder().space(TestSpaces.tiny())
                .objective((c, ctx) -> {
                    calls.incrementAndGet();
                    return c.getLong("a") + 10 * c.getLong("b");
                }).strategy("random").budget(Budget.trials(60)).workers(1).build()) {
            StudyResult r = study.optimize();
            assertEquals(60, r.trials().size());
            assertTrue(calls.get() <= 16, "16 distinct configurations, evaluated " + calls.get() + " times");
            long duplicates = r.trials().stream().filter(t -> t.record().isDuplicate()).count();
            assertEquals(60 - calls.get(), duplicates);
            assertEquals(0.0, r.best().orElseThrow().value());
        }
    }

    @Test
    void askAndTellByHand() {
        try (Study study = Study.builder().space(TestSpaces.branin()).objective((c, ctx) -> 0)
                .strategy("ga", Map.of("population", 4)).budget(Budget.trials(12)).build()) {
            int told = 0;
            while (true) {
                var trial = study.ask();
                if (trial.isEmpty()) break;
                assertEquals(TrialState.RUNNING, study.store().get(trial.get().id()).orElseThrow().state());
                study.tell(trial.get(), TestSpaces.branin(trial.get().config()));
                told++;
            }
            // A GA re-proposes some configurations; those are answered from the store, not asked.
            long duplicates = study.trials().stream().filter(t -> t.record().isDuplicate()).count();
            assertEquals(12, told + duplicates);
            assertTrue(told >= 4);
            assertThrows(IllegalArgumentException.class, () -> study.tell(study.trials().get(0), 1.0), "told twice");
            assertEquals(12, study.trials().stream().filter(t -> t.state() == TrialState.COMPLETE).count());
        }
    }

    @Test
    void targetStopsEarly() {
        try (Study study = Study.builder().space(TestSpaces.branin()).objective((c, ctx) -> TestSpaces.branin(c))
                .strategy("local").budget(Budget.trials(500).withTarget(5.0)).seed(2).workers(1).build()) {
            StudyResult r = study.optimize();
            assertTrue(r.trials().size() < 500);
            assertTrue(r.best().orElseThrow().value() <= 5.0);
            assertTrue(r.stopReason().contains("target"), r.stopReason());
        }
    }

    /**
     * Stopping and resuming (twice) gives the very trials of an uninterrupted run. Asynchronous
     * strategies run on one worker here: with more, the order results arrive in is part of
     * their trajectory, and that order is not reproducible from run to run (a resume replays
     * the recorded one).
     */
    @Test
    void resumingFromTheStoreContinuesTheSameTrajectory(@TempDir Path dir) {
        for (String strategy : List.of("ga", "regevo", "local", "random", "bo", "saga")) {
            List<double[]> uninterrupted = points(run(dir.resolve(strategy + "-a.store"), strategy, 40));
            Path file = dir.resolve(strategy + "-b.store");
            run(file, strategy, 17);
            run(file, strategy, 29);
            List<double[]> resumed = points(run(file, strategy, 40));
            assertEquals(uninterrupted.size(), resumed.size());
            for (int i = 0; i < resumed.size(); i++) {
                assertArrayEquals(uninterrupted.get(i), resumed.get(i), strategy + " trial " + i);
            }
        }
    }

    @Test
    void aStoreOfAnotherStudyIsRefused(@TempDir Path dir) {
        Path file = dir.resolve("s.store");
        run(file, "ga", 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Study.builder()
                .space(TestSpaces.branin()).objective((c, ctx) -> 0).strategy("regevo").store(file).build());
        assertTrue(e.getMessage().contains("s.store") && e.getMessage().contains("strategy"), e.getMessage());
    }

    /** The strategy is built, its options checked, before the store file is created: a mistake leaves no file. */
    @Test
    void aBadStrategyLeavesNoStoreFile(@TempDir Path dir) {
        Path file = dir.resolve("s.store");
        for (Map.Entry<String, Map<String, ?>> bad : List.<Map.Entry<String, Map<String, ?>>>of(
                Map.entry("nosuch", Map.of()), Map.entry("hyperband", Map.of("eta", 1)),
                Map.entry("hyperband", Map.of("min_fidelity", 1e-308)), Map.entry("ga", Map.of("population", 1e8)),
                Map.entry("ga", Map.of("populaton", 10)))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Study.builder()
                    .space(TestSpaces.branin()).objective((c, ctx) -> 0).strategy(bad.getKey(), bad.getValue())
                    .store(file).build(), bad.toString());
            assertTrue(e.getMessage().contains(bad.getValue().isEmpty() ? "unknown strategy 'nosuch'"
                    : "'" + bad.getValue().keySet().iterator().next() + "'"), e.getMessage());
            try (var left = java.nio.file.Files.list(dir)) {
                assertEquals(List.of(), left.toList(), bad + " left files behind");
            } catch (java.io.IOException io) {
                throw new java.io.UncheckedIOException(io);
            }
        }
    }

    private static List<Trial> run(Path file, String strategy, int trials) {
        try (Study study = Study.builder().space(TestSpaces.branin()).objective((c, ctx) -> TestSpaces.branin(c))
                .strategy(strategy, strategy.equals("ga") ? Map.of("population", 6) : Map.of())
                .budget(Budget.trials(trials)).seed(11).workers(List.of("ga", "random").contains(strategy) ? 2 : 1)
                .store(file).build()) {
            return study.optimize().trials();
        }
    }

    private static List<double[]> points(List<Trial> trials) {
        return trials.stream().map(t -> t.record().point()).toList();
    }
}
