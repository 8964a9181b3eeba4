package io.ams.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The progress bar on a real terminal of a given width: ams.jar run under a pseudo-terminal
 * made by util-linux {@code script} (so that System.console() is there and the bar is drawn),
 * its width set with {@code stty cols}. No line the bar draws may reach the last column: a
 * wrapped line can no longer be redrawn in place. Runs after the package phase, as LauncherIT.
 */
class ProgressWidthIT {
    private static final Path JAR = Path.of("target", "ams.jar").toAbsolutePath();
    private static final Path SCRIPT = Path.of("/usr/bin/script");
    /** One progress render: '\r', the line, then ESC[K clearing the rest. */
    private static final Pattern RENDER = Pattern.compile("\r([^\r\n]*?)\u001b\\[K");
    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;?]*[A-Za-z]");

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void at80ColumnsTheBarNeverWraps(@TempDir Path dir) throws Exception {
        List<String> renders = checkedRenders(dir, 80, null);
        // 80 columns have room for every field
        assertTrue(renders.stream().anyMatch(r -> r.startsWith("[") && r.contains(" elapsed  ETA ")), renders.toString());
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void at50ColumnsTheBarDropsFieldsAndNeverWraps(@TempDir Path dir) throws Exception {
        List<String> renders = checkedRenders(dir, 50, null);
        // measured, not the default 80: the elapsed time gave way
        assertFalse(renders.stream().anyMatch(r -> r.contains("elapsed")), renders.toString());
        assertTrue(renders.stream().anyMatch(r -> r.startsWith("[") && r.contains(" ETA ")), renders.toString());
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void columnsFromTheEnvironmentWinOverTheTerminal(@TempDir Path dir) throws Exception {
        List<String> renders = checkedRenders(dir, 80, 50);
        assertFalse(renders.stream().anyMatch(r -> r.contains("elapsed")), renders.toString());
    }

    /**
     * Runs a 20-trial Branin search on a terminal of {@code ttyColumns}, with COLUMNS set to
     * {@code columnsVariable} (or unset), checks that no line it shows but a note
     * is wider than the width less one column, and returns the progress renders.
     */
    private static List<String> checkedRenders(Path dir, int ttyColumns, Integer columnsVariable) throws Exception {
        assumeTrue(Files.isExecutable(SCRIPT), SCRIPT + " (util-linux) is missing: no pseudo-terminal to test on");
        assertTrue(Files.isRegularFile(JAR), JAR + " is missing: run the package phase first");
        int width = columnsVariable != null ? columnsVariable : ttyColumns;
        StringBuilder java = new StringBuilder(quoted(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // the native libraries the surefire JVM already extracted, not extracted again
        for (String p : List.of("org.bytedeco.javacpp.cachedir", "jna.tmpdir")) {
            if (System.getProperty(p) != null) java.append(' ').append(quoted("-D" + p + "=" + System.getProperty(p)));
        }
        java.append(" -jar ").append(quoted(JAR.toString())).append(" run branin --trials 20 --workers 1");
        // COLUMNS set on the java command itself: a shell between would set it to the terminal's width
        // after stty (bash's checkwinsize), and the test wants ams to see no COLUMNS unless given one.
        String columns = columnsVariable != null ? "COLUMNS=" + columnsVariable + " " : "";
        ProcessBuilder pb = new ProcessBuilder(SCRIPT.toString(), "-qfec",
                "stty cols " + ttyColumns + " rows 24; " + columns + "exec " + java, "/dev/null")
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true);
        pb.environment().remove("COLUMNS");
        Path outFile = dir.resolve("terminal.txt");
        Process p = pb.redirectOutput(outFile.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the search ran over 120 s: " + Files.readString(outFile));
        }
        String out = Files.readString(outFile, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);

        List<String> renders = new ArrayList<>();
        Matcher m = RENDER.matcher(out);
        while (m.find()) if (!m.group(1).isEmpty()) renders.add(m.group(1));
        assertTrue(renders.stream().anyMatch(r -> r.contains("20/20 trials")), "no progress bar drawn: " + out);
        // Everything the terminal shows: the header, the renders and the summary. Not the notes:
        // free text printed once (a path, an error message), which may wrap without harm since
        // nothing redraws it; the bar is redrawn below them.
        for (String line : ANSI.matcher(out).replaceAll("").split("[\r\n]")) {
            if (line.startsWith("note: ")) continue;
            assertTrue(line.length() <= width - 1,
                    "a line of " + line.length() + " characters on a terminal of " + width + " columns: '" + line + "'");
        }
        return renders;
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
