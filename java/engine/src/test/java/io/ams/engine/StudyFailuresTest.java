package io.ams.engine;

import io.ams.store.TrialState;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retries, the failure budget and the log of failures. */
class StudyFailuresTest {
    /** One attempt of a trial as its objective saw it. */
    private record Attempt(double fidelity, Optional<Path> resumeFrom) {}

    /**
     * A flaky trial is retried as the same trial: in successive halving, at its own fidelity and
     * from its parent's checkpoint, not from scratch at full fidelity.
     */
    @Test
    void aRetriedTrialKeepsItsFidelityAndItsParentsCheckpoint() throws Exception {
        Map<Long, List<Attempt>> attempts = new ConcurrentHashMap<>();
        try (Study study = Study.builder().space(TestSpaces.branin())
                .objective((c, ctx) -> {
                    List<Attempt> mine = attempts.computeIfAbsent(ctx.trialId(), id -> new ArrayList<>());
                    mine.add(new Attempt(ctx.fidelity(), ctx.resumeFrom()));
                    // Every other trial fails on its first attempt, promoted ones included.
                    if (mine.size() == 1 && ctx.trialId() % 2 == 1) throw new IllegalStateException("flaky " + ctx.trialId());
                    Files.writeString(ctx.checkpoint(), "trained to " + ctx.fidelity());
                    return TestSpaces.branin(c) + ctx.fidelity();
                })
                .strategy("sh", Map.of("min_fidelity", 1, "max_fidelity", 9, "eta", 3))
                .budget(Budget.trials(13)).workers(1).retries(1).build()) {
            StudyResult r = study.optimize();
            assertEquals(13, r.count(TrialState.COMPLETE), r.stopReason());
            int retriedPromotions = 0;
            for (Trial t : r.trials()) {
                List<Attempt> seen = attempts.get(t.id());
                if (t.id() % 2 == 0) {
                    assertEquals(1, seen.size(), "trial " + t.id());
                    continue;
                }
                assertEquals(2, seen.size(), "trial " + t.id() + " ran twice");
                assertEquals(2, t.record().attempt());
                assertEquals(t.record().fidelity(), seen.get(1).fidelity(), "the retry trains at the trial's fidelity");
                assertEquals(seen.get(0), seen.get(1), "trial " + t.id() + ": the retry is the same trial");
                if (t.record().parent().isPresent()) {
                    assertTrue(seen.get(1).resumeFrom().isPresent(), "a promotion's retry continues its parent");
                    retriedPromotions++;
                }
            }
            assertTrue(retriedPromotions > 0, "some promoted trial was retried");
        }
    }

    @Test
    void theFirstTrialsAllFailingAlikeStopTheStudyNamingTheError() {
        AtomicInteger calls = new AtomicInteger();
        try (Study study = Study.builder().space(TestSpaces.branin())
                .objective((c, ctx) -> {
                    calls.incrementAndGet();
                    throw new IllegalStateException("no such dataset: digitz");
                })
                .budget(Budget.trials(100)).workers(1).build()) {
            StudyResult r = study.optimize();
            assertEquals(StudyBuilder.DEFAULT_SAME_ERROR_TRIALS, r.trials().size());
            assertEquals(StudyBuilder.DEFAULT_SAME_ERROR_TRIALS, calls.get());
            assertEquals("the first 5 trials all failed with the same error: IllegalStateException: no such dataset: digitz",
                    r.stopReason());
            assertTrue(r.best().isEmpty());
        }
        // Configurable, and 0 leaves the decision to the other budgets.
        try (Study study = Study.builder().space(TestSpaces.branin()).objective((c, ctx) -> Double.NaN)
                .budget(Budget.trials(12)).workers(1).stopWhenFirstTrialsFailAlike(2).build()) {
            assertEquals(2, study.optimize().trials().size());
        }
        try (Study study = Study.builder().space(TestSpaces.branin()).objective((c, ctx) -> Double.NaN)
                .budget(Budget.trials(12)).workers(1).stopWhenFirstTrialsFailAlike(0).build()) {
            assertEquals("trial budget spent", study.optimize().stopReason());
        }
    }

    @Test
    void maxFailuresStopsTheStudy() {
        // Failures with different errors, among successes: only the failure budget stops this.
        try (Study study = Study.builder().space(TestSpaces.branin())
                .objective((c, ctx) -> {
                    if (ctx.trialId() % 3 == 0) throw new IllegalStateException("diverged in trial " + ctx.trialId());
                    return TestSpaces.branin(c);
                })
                .budget(Budget.trials(100)).workers(1).maxFailures(4).build()) {
            StudyResult r = study.optimize();
            assertEquals(4, r.count(TrialState.FAILED));
            assertEquals(10, r.trials().size(), "trials 0, 3, 6 and 9 failed");
            assertTrue(r.stopReason().startsWith("4 trials failed, the failure budget (max failures 4)"), r.stopReason());
            assertTrue(r.stopReason().endsWith("the last error: IllegalStateException: diverged in trial 9"), r.stopReason());
        }
    }

    /** A logger that keeps what it is given: the library logs only through the SLF4J API. */
    static final class RecordingLogger extends LegacyAbstractLogger {
        record Event(Level level, String message, Throwable error) {}

        final List<Event> events = new ArrayList<>();

        @Override protected String getFullyQualifiedCallerName() { return null; }
        @Override public boolean isTraceEnabled() { return true; }
        @Override public boolean isDebugEnabled() { return true; }
        @Override public boolean isInfoEnabled() { return true; }
        @Override public boolean isWarnEnabled() { return true; }
        @Override public boolean isErrorEnabled() { return true; }

        @Override
        protected synchronized void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                                                                Throwable error) {
            events.add(new Event(level, MessageFormatter.basicArrayFormat(pattern, args), error));
        }

        synchronized List<Event> at(Level level) {
            return events.stream().filter(e -> e.level() == level).toList();
        }
    }

    @Test
    void failedTrialsAreLoggedWithTheirStackTraceAndTheStudyAtItsStartAndEnd() {
        RecordingLogger log = new RecordingLogger();
        IllegalStateException boom = new IllegalStateException("boom");
        try (Study study = Study.builder().space(TestSpaces.branin()).name("logged")
                .objective((c, ctx) -> {
                    if (ctx.trialId() == 1) throw boom;
                    return TestSpaces.branin(c);
                })
                .budget(Budget.trials(4)).workers(1).logger(log).build()) {
            study.optimize();
        }
        List<RecordingLogger.Event> warnings = log.at(Level.WARN);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).message().startsWith("trial 1 failed (attempt 1): IllegalStateException: boom"),
                warnings.get(0).message());
        assertEquals(boom, warnings.get(0).error(), "logged with the exception, hence its stack trace");
        List<RecordingLogger.Event> info = log.at(Level.INFO);
        assertEquals(2, info.size(), info.toString());
        assertTrue(info.get(0).message().startsWith("study logged: auto search"), info.get(0).message());
        assertTrue(info.get(1).message().startsWith("study logged stopped: trial budget spent; 4 trials (3 complete, 1 failed"),
                info.get(1).message());
    }

    @Test
    void aRetriedAttemptIsLoggedBeforeItRunsAgain() {
        RecordingLogger log = new RecordingLogger();
        Map<Long, Integer> runs = new HashMap<>();
        try (Study study = Study.builder().space(TestSpaces.branin())
                .objective((c, ctx) -> {
                    synchronized (runs) {
                        if (runs.merge(ctx.trialId(), 1, Integer::sum) == 1) throw new RuntimeException("flaky");
                    }
                    return TestSpaces.branin(c);
                })
                .budget(Budget.trials(3)).workers(1).retries(1).logger(log).build()) {
            assertEquals(3, study.optimize().count(TrialState.COMPLETE));
        }
        List<RecordingLogger.Event> warnings = log.at(Level.WARN);
        assertEquals(3, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).message().startsWith("trial 0 attempt 1 failed, running it again: RuntimeException: flaky"),
                warnings.get(0).message());
        assertTrue(warnings.get(0).error() instanceof RuntimeException);
    }
}
