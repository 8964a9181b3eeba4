package io.ams.engine;

import io.ams.store.TrialState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Running trials when a trial times out or the time budget ends: cancelled, and waited for. */
class StudyCancelTest {
    /** Counts the objectives running at once, and the most seen. */
    static final class Running {
        final AtomicInteger now = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();

        void enter() {
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
        }

        void exit() {
            now.decrementAndGet();
        }
    }

    /** Busy for {@code millis}, deaf to interrupts and to cancellation. */
    static void spin(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) Thread.onSpinWait();
    }

    @Test
    void aTimedOutTrialHoldsItsSlotUntilItsTaskHasReturned() {
        Running running = new Running();
        try (Study study = Study.builder().space(TestSpaces.branin())
                .objective((c, ctx) -> {
                    running.enter();
                    try {
                        spin(400); // ignores its 50 ms timeout
                        return 1.0;
                    } finally {
                        running.exit();
                    }
                })
                .strategy("random").budget(Budget.trials(4)).seed(1).workers(1).stopWhenFirstTrialsFailAlike(0)
                .trialTimeout(Duration.ofMillis(50)).build()) {
            StudyResult r = study.optimize();
            assertEquals(4, r.count(TrialState.FAILED));
            r.trials().forEach(t -> assertTrue(t.error().contains("timeout"), t.error()));
            assertEquals(1, running.most.get(), "objectives running at once with 1 worker");
            assertEquals(0, running.now.get(), "an objective still running after optimize()");
            assertTrue(r.seconds() >= 4 * 0.4, "the slots were reused early: " + r.seconds() + " s");
        }
    }

    @Test
    void theEndOfTheTimeBudgetCancelsRunningTrialsWhichRunAgainLater() {
        Running running = new Running();
        try (Study study = Study.builder().space(TestSpaces.branin())
                .objective((c, ctx) -> {
                    running.enter();
                    try {
                        // A long objective that looks at cancelled() (not at interrupts).
                        for (int i = 0; i < 2000 && !ctx.cancelled(); i++) spin(10);
                        if (ctx.cancelled()) throw new IllegalStateException("cancelled");
                        return 1.0;
                    } finally {
                        running.exit();
                    }
                })
                .strategy("random").budget(Budget.trials(10).withTime(Duration.ofMillis(300))).seed(1).workers(2).build()) {
            StudyResult r = study.optimize();
            assertTrue(r.stopReason().startsWith("time budget"), r.stopReason());
            assertTrue(r.seconds() < 5, "optimize() took " + r.seconds() + " s: running trials were not cancelled");
            assertEquals(0, running.now.get(), "an objective still running after optimize()");
            // Two workers: two trials started, or one when a loaded machine let the 300 ms pass first.
            int started = r.trials().size();
            assertTrue(started == 1 || started == 2, r.trials().toString());
            // Neither failed nor complete: they stay RUNNING, and the next optimize() runs them again.
            r.trials().forEach(t -> assertEquals(TrialState.RUNNING, t.state(), t.toString()));
            StudyResult again = study.optimize();
            // The next run starts with the cancelled trials, under their ids.
            for (Trial t : again.trials().subList(0, started)) assertEquals(2, t.record().attempt(), t.toString());
        }
    }

    @Test
    void withFinishRunningTheTimeBudgetLetsRunningTrialsFinish() {
        try (Study study = Study.builder().space(TestSpaces.branin())
                .objective((c, ctx) -> {
                    spin(600);
                    return TestSpaces.branin(c);
                })
                .strategy("random").budget(Budget.trials(10).withTime(Duration.ofMillis(200)).withFinishRunning(true))
                .seed(1).workers(2).build()) {
            StudyResult r = study.optimize();
            assertTrue(r.stopReason().startsWith("time budget"), r.stopReason());
            assertEquals(2, r.count(TrialState.COMPLETE), r.trials().toString());
            assertTrue(r.seconds() >= 0.6, r.seconds() + " s");
        }
    }

    /** An objective deaf to cancellation must not stall the search: past the grace it is abandoned. */
    @Test
    @org.junit.jupiter.api.Timeout(120)
    void aTrialIgnoringItsCancellationIsAbandonedAfterTheGrace() {
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        Running running = new Running();
        StudyResult r;
        try (Study study = Study.builder().space(TestSpaces.branin())
                .objective((c, ctx) -> {
                    running.enter();
                    try {
                        while (!released.get()) Thread.onSpinWait(); // hangs until the test lets go
                        return 1.0;
                    } finally {
                        running.exit();
                    }
                })
                .strategy("random").budget(Budget.trials(3)).seed(1).workers(1).stopWhenFirstTrialsFailAlike(0)
                .trialTimeout(Duration.ofMillis(50)).cancelGrace(Duration.ofMillis(100)).build()) {
            r = study.optimize(); // before the grace, this never returned while the objectives hung
        } finally {
            released.set(true);
        }
        assertEquals(3, r.count(TrialState.FAILED));
        r.trials().forEach(t -> assertTrue(t.error().contains("timeout"), t.error()));
        assertEquals(3, running.most.get(), "each abandoned trial kept its thread; the next got a fresh one");
    }
}
