package io.ams.cli;

import io.ams.store.ChronicleTrialStore;
import io.ams.store.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SIGTERM (what Ctrl-C's SIGINT also does) during a search: an orderly stop, exit 130, a store to resume. */
class InterruptTest {
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void sigtermStopsTheSearchPrintsTheBestAndHowToResume(@TempDir Path dir) throws Exception {
        Path genome = SearchCommandsTest.tinyMlp(dir, 6, 400, 100);
        Path store = dir.resolve("stopped.ams");
        List<String> lines = new ArrayList<>();
        int exit;
        try (KillResumeTest.Child child = KillResumeTest.Child.start(dir, 0,
                "run", genome.toString(), "--store", store.toString(), "--workers", "2")) {
            // a few trials done, others running: then the signal
            int complete = 0;
            while (complete < 3) {
                String line = child.nextLine();
                assertFalse(line.equals(KillResumeTest.EOF), "ended before the signal: " + lines + child.stderr());
                lines.add(line);
                if (line.startsWith("trial ") && line.contains(" COMPLETE ")) complete++;
            }
            terminate(child.process());
            for (String line; !(line = child.nextLine()).equals(KillResumeTest.EOF); ) lines.add(line);
            assertTrue(child.process().waitFor(60, TimeUnit.SECONDS));
            exit = child.process().exitValue();
            String out = String.join("\n", lines);
            assertEquals(130, exit, out + "\nstderr: " + child.stderr());
            assertTrue(out.contains("stopped: interrupted"), out + "\nstderr: " + child.stderr());
            assertTrue(out.contains("best: trial "), out);
            assertTrue(out.contains("to continue: ams resume " + store), out);
        }
        // The store was closed (its lock file says so: the next open needs no recovery), and opens.
        assertTrue(Files.readString(store.resolveSibling(store.getFileName() + ".lock")).startsWith("closed"),
                "the store was not closed");
        try (ChronicleTrialStore s = ChronicleTrialStore.open(store)) {
            assertTrue(s.all().stream().anyMatch(t -> t.state() == TrialState.COMPLETE));
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void withoutAStoreItSaysNothingWasKept(@TempDir Path dir) throws Exception {
        Path genome = SearchCommandsTest.tinyMlp(dir, 6, 400, 100);
        List<String> lines = new ArrayList<>();
        try (KillResumeTest.Child child = KillResumeTest.Child.start(dir, 0, "run", genome.toString(), "--workers", "2")) {
            for (int complete = 0; complete < 2; ) {
                String line = child.nextLine();
                assertFalse(line.equals(KillResumeTest.EOF), "ended before the signal: " + lines + child.stderr());
                lines.add(line);
                if (line.startsWith("trial ") && line.contains(" COMPLETE ")) complete++;
            }
            terminate(child.process());
            for (String line; !(line = child.nextLine()).equals(KillResumeTest.EOF); ) lines.add(line);
            assertTrue(child.process().waitFor(60, TimeUnit.SECONDS));
            String out = String.join("\n", lines);
            assertEquals(130, child.process().exitValue(), out + "\nstderr: " + child.stderr());
            assertTrue(out.contains("nothing was kept"), out);
            assertTrue(out.contains("best: trial "), out);
        }
    }

    /**
     * SIGTERM, as kill(1) sends it. Not Process.destroy(): it sends the same signal but then
     * closes our end of the child's stdout, and what the child prints on its way out is lost.
     */
    static void terminate(Process p) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor());
    }
}
