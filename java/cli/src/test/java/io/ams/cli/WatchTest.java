package io.ams.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Watching a search: {@code ams show} and {@code ams export} on a store that {@code ams run}
 * (another JVM) is writing, again and again, then after that run is killed with SIGKILL, and a
 * resume of it afterwards.
 */
class WatchTest {
    private static final Pattern TRIALS = Pattern.compile("(?m)^trials: (\\d+)");

    private static int storedTrials(String show) {
        Matcher m = TRIALS.matcher(show);
        assertTrue(m.find(), show);
        return Integer.parseInt(m.group(1));
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void showAndExportReadAStoreWhileARunWritesItAndAfterItIsKilled(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("watched.ams");
        ObjectMapper json = new ObjectMapper();
        int seen = 0;
        try (KillResumeTest.Child writer = KillResumeTest.Child.start(dir, 0, "run", "branin", "--strategy", "random",
                "--trials", "1000000", "--workers", "1", "--store", store.toString())) {
            while (!writer.nextLine().startsWith("trial 20 ")) {
                // until the store has trials
            }
            for (int look = 0; look < 4; look++) {
                TrainCommandTest.Run show = TrainCommandTest.run("show", store.toString(), "--top", "3");
                assertEquals(0, show.exit(), show.err());
                assertTrue(show.out().contains("being written by a running search"), show.out());
                int stored = storedTrials(show.out());
                assertTrue(stored > seen, "the store grows between looks: " + seen + " then " + stored);
                seen = stored;

                TrainCommandTest.Run export = TrainCommandTest.run("export", store.toString(), "--json");
                assertEquals(0, export.exit(), export.err());
                JsonNode trials = json.readTree(export.out()).get("trials");
                assertTrue(trials.size() >= seen, trials.size() + " exported after " + seen + " shown");
                for (JsonNode t : trials) {
                    if (t.get("state").asText().equals("COMPLETE")) {
                        assertTrue(t.get("value").isNumber(), "a whole record: " + t);
                    }
                }
            }
            assertTrue(writer.process().isAlive(), "the run went on: " + writer.stderr());
            writer.process().destroyForcibly(); // SIGKILL while it writes
            assertTrue(writer.process().waitFor(30, TimeUnit.SECONDS));
        }
        TrainCommandTest.Run afterKill = TrainCommandTest.run("show", store.toString());
        assertEquals(0, afterKill.exit(), afterKill.err());
        assertFalse(afterKill.out().contains("being written"), afterKill.out());
        int stored = storedTrials(afterKill.out());
        assertTrue(stored >= seen, "nothing lost: " + seen + " shown before the kill, " + stored + " after");

        // the run resumes after all that looking: no reader left anything in its way
        TrainCommandTest.Run resume = TrainCommandTest.run("resume", store.toString(), "--trials", Integer.toString(stored + 5), "--json");
        assertEquals(0, resume.exit(), resume.out() + resume.err());
        assertEquals(stored + 5, json.readTree(resume.out()).get("trials").asInt(), resume.out());
    }
}
