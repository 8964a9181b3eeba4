package io.ams.models;

import io.ams.core.Direction;
import io.ams.engine.Budget;
import io.ams.engine.Study;
import io.ams.engine.StudyResult;
import io.ams.nn.Network;
import io.ams.space.Config;
import io.ams.space.Parameter;
import io.ams.space.SearchSpace;
import io.ams.store.TrialState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Trials the study gives up on (a timeout, the end of the time budget) stop training: no more
 * trainings run at once than workers, none outlives optimize(), and closing the objective (its
 * native data) afterwards is safe. Before, abandoned trials trained on, more of them than
 * workers, and the data was freed under them (a SIGSEGV in ams_mlp_train_epoch).
 */
class MlpCancelStudyTest {
    @TempDir
    static Path dir;
    static Path csv;

    /** 12000 random rows of 100 features: 20 epochs in batches of 16 through 2 x 1024 units take a minute or more. */
    @BeforeAll
    static void data() throws IOException {
        csv = dir.resolve("noise.csv");
        SplittableRandom r = new SplittableRandom(3);
        try (BufferedWriter w = Files.newBufferedWriter(csv)) {
            for (int i = 0; i < 12000; i++) {
                StringBuilder row = new StringBuilder();
                for (int c = 0; c < 100; c++) row.append(String.format(Locale.ROOT, "%.3f,", r.nextDouble()));
                w.write(row.append(r.nextInt(10)).append('\n').toString());
            }
        }
    }

    @AfterAll
    static void noTrainingLeft() {
        assertEquals(0, Network.activeTrainings());
    }

    /** The searched lr on a long training: batches of 16, 20 epochs, two 1024-wide layers. */
    static Config longTraining(Config searched) {
        return MlpObjectiveTest.config(Map.of("lr", searched.getDouble("lr"), "batch", 16L, "epochs", 20L),
                List.of(Map.of("units", 1024L), Map.of("units", 1024L)));
    }

    static SearchSpace space() {
        return SearchSpace.builder().add(Parameter.real("lr", 1e-4, 1e-2)).build();
    }

    /** Samples the native trainings in progress until stopped; returns the most seen at once. */
    static final class Sampler implements AutoCloseable {
        final AtomicLong most = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread thread = new Thread(() -> {
            while (!stop.get()) {
                most.accumulateAndGet(Network.activeTrainings(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "training-sampler");

        Sampler() {
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join();
        }
    }

    @Test
    void timedOutTrialsStopAndHoldTheirSlotsUntilTheyHave() throws Exception {
        MlpObjective mlp = new MlpObjective("csv:" + csv, 0.1, 0.1, 1L, MlpObjective.Metric.ACCURACY);
        StudyResult result;
        long most;
        try (Sampler sampler = new Sampler();
             Study study = Study.builder().space(space()).objective((c, ctx) -> mlp.evaluate(longTraining(c), ctx))
                     .direction(Direction.MAXIMIZE).strategy("random").seed(1).budget(Budget.trials(5)).workers(2)
                     .stopWhenFirstTrialsFailAlike(0).trialTimeout(Duration.ofMillis(400)).build()) {
            result = study.optimize();
            // Right after optimize(): nothing it started still trains.
            assertEquals(0, Network.activeTrainings(), "trainings still running after optimize()");
            sampler.close();
            most = sampler.most.get();
        } finally {
            mlp.close(); // frees the native data: crashed the JVM under abandoned trainings
        }
        assertEquals(5, result.count(TrialState.FAILED), result.trials().toString());
        result.trials().forEach(t -> assertTrue(t.error().contains("timeout"), t.error()));
        assertTrue(most <= 2, most + " trainings at once with 2 workers");
        assertEquals(List.of(), trialThreadsAlive(), "trial threads alive after optimize() and close()");
    }

    @Test
    void theEndOfTheTimeBudgetCancelsRunningTrialsPromptly() throws Exception {
        MlpObjective mlp = new MlpObjective("csv:" + csv, 0.1, 0.1, 1L, MlpObjective.Metric.ACCURACY);
        StudyResult result;
        try (Study study = Study.builder().space(space()).objective((c, ctx) -> mlp.evaluate(longTraining(c), ctx))
                .direction(Direction.MAXIMIZE).strategy("random").seed(1)
                .budget(Budget.trials(10).withTime(Duration.ofSeconds(2))).workers(2).build()) {
            result = study.optimize();
            assertEquals(0, Network.activeTrainings(), "trainings still running after optimize()");
        } finally {
            mlp.close();
        }
        // A training takes a minute or more: the 2 s budget ended with both trials cancelled, not finished.
        assertTrue(result.seconds() < 15, "optimize() took " + result.seconds() + " s");
        assertTrue(result.stopReason().startsWith("time budget"), result.stopReason());
        // Both workers' trials, or one when the machine is so loaded that starting the first took the budget.
        assertTrue(result.trials().size() >= 1 && result.trials().size() <= 2, result.trials().toString());
        // Not failures: they stay RUNNING, for a resume to run again.
        result.trials().forEach(t -> assertEquals(TrialState.RUNNING, t.state(), t.toString()));
    }

    @Test
    void closingTheObjectiveCancelsAndWaitsForItsTrainings() throws Exception {
        MlpObjective mlp = new MlpObjective("csv:" + csv, 0.1, 0.1, 1L, MlpObjective.Metric.ACCURACY);
        Config c = longTraining(new Config(Map.of("lr", 1e-3), Map.of()));
        var context = new io.ams.eval.TrialContext(0, 1, 1);
        var outcome = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return mlp.evaluate(c, context);
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        });
        while (Network.activeTrainings() == 0) Thread.sleep(5);
        long t0 = System.nanoTime();
        mlp.close(); // cancels the trial and waits for it before freeing the data
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, Network.activeTrainings(), "close() returned before the training");
        assertTrue(Double.isNaN(outcome.get(5, java.util.concurrent.TimeUnit.SECONDS)));
        assertTrue(context.cancelled());
        assertTrue(seconds < 5, "close() took " + seconds + " s");
    }

    /** Threads of the study's default evaluator still alive (after a short grace to exit). */
    static List<String> trialThreadsAlive() throws InterruptedException {
        List<Thread> threads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().matches("ams-trial-\\d+")).toList();
        for (Thread t : threads) t.join(5000);
        return threads.stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }
}
