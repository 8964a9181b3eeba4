package io.ams.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The launcher the build writes, java/cli/target/bin/ams, run as a user runs it: from another
 * directory. Runs after the package phase (surefire execution `packaged` in java/cli/pom.xml).
 */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("target", "bin", "ams").toAbsolutePath();

    @Test
    void theLauncherRunsTheJarFromAnyDirectory(@TempDir Path elsewhere) throws Exception {
        // A shell script: only where there is a POSIX shell.
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "not a POSIX system");
        assertTrue(Files.isExecutable(LAUNCHER), LAUNCHER + " is missing or not executable");
        assertEquals("ams 0.1.0", run(elsewhere, "--version").strip());
        String genomes = run(elsewhere, "genomes");
        assertTrue(genomes.lines().anyMatch(l -> l.startsWith("branin ")), genomes);
    }

    private static String run(Path dir, String... args) throws Exception {
        var command = new java.util.ArrayList<String>();
        command.add(LAUNCHER.toString());
        command.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher did not end");
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
