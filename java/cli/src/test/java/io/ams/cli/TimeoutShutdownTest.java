package io.ams.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `ams run --timeout` and `--time` on trainings far longer than either, in a child JVM (so that
 * a crash fails the test instead of killing the test JVM). Before, the timed-out trainings ran
 * on, and the run's end freed their data under them: SIGSEGV in ams_mlp_train_epoch, every time.
 */
class TimeoutShutdownTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path genome;

    /** 12000 random rows of 100 features, two 1024-wide layers, batches of 16, 20 epochs: a minute or more per trial. */
    @BeforeAll
    static void longTrainings() throws IOException {
        Path csv = dir.resolve("noise.csv");
        SplittableRandom r = new SplittableRandom(5);
        try (BufferedWriter w = Files.newBufferedWriter(csv)) {
            for (int i = 0; i < 12000; i++) {
                StringBuilder row = new StringBuilder();
                for (int c = 0; c < 100; c++) row.append(String.format(Locale.ROOT, "%.3f,", r.nextDouble()));
                w.write(row.append(r.nextInt(10)).append('\n').toString());
            }
        }
        genome = dir.resolve("long.yaml");
        Files.writeString(genome, """
                objective: {mlp: {dataset: "csv:%s"}}
                space:
                  training:
                    lr: {log_real: [1.0e-4, 1.0e-2]}
                    batch: 16
                    epochs: 20
                  architecture:
                    layers:
                      min: 2
                      max: 2
                      units: {int: [1000, 1024]}
                strategy: {name: random, seed: 1}
                budget: {trials: 4}
                """.formatted(csv));
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void timedOutTrialsStopBeforeTheRunEnds() throws Exception {
        Result r = run("run", genome.toString(), "--trials", "4", "--workers", "2", "--timeout", "1s", "--json");
        assertNoCrash(r);
        assertEquals(1, r.exit, "no trial completed, the run ends normally: " + r.err);
        JsonNode o = JSON.readTree(r.out);
        assertEquals(4, o.get("counts").get("failed").asInt(), r.out);
        // the failure is said in the one JSON object, not on stderr
        assertTrue(o.get("error").asText().startsWith("no trial completed (first error: "), r.out);
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void theEndOfTheTimeBudgetCancelsRunningTrials() throws Exception {
        Result r = run("run", genome.toString(), "--workers", "2", "--time", "2s", "--json");
        assertNoCrash(r);
        assertEquals(1, r.exit, r.err);
        JsonNode o = JSON.readTree(r.out);
        assertTrue(o.get("stop_reason").asText().startsWith("time budget"), r.out);
        // Cancelled, not failed: they stay running in the store, for a resume to run again.
        assertTrue(o.get("counts").get("cancelled").asInt() >= 1, r.out);
        assertEquals(0, o.get("counts").get("failed").asInt(), r.out);
        assertTrue(o.get("seconds").asDouble() < 30, "the run took " + o.get("seconds") + " s: trials were not cancelled");
    }

    private static void assertNoCrash(Result r) {
        assertFalse(r.err.contains("SIGSEGV") || r.err.contains("fatal error"), r.err);
        assertTrue(r.exit != 134 && r.exit != 139, "the JVM crashed (exit " + r.exit + "): " + r.err);
    }

    private record Result(int exit, String out, String err) {}

    /** Runs io.ams.cli.Main in a child JVM with the store's flags, and waits for it. */
    private static Result run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
                "-Dchronicle.analytics.disable=true", "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log")));
        for (String p : List.of("org.bytedeco.javacpp.cachedir", "jna.tmpdir")) {
            if (System.getProperty(p) != null) cmd.add("-D" + p + "=" + System.getProperty(p));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(Arrays.asList(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child ran over 120 s: " + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
