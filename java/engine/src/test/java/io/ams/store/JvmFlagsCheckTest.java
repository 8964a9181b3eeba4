package io.ams.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JVM started without Chronicle's flags (or without jdk.compiler) gets a message that names
 * the missing flags, and no file: the store's path stays usable. Runs {@link StoreUserMain} in a
 * child JVM, since this one has the flags (surefire's argLine).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JvmFlagsCheckTest {
    static final List<String> FLAGS = List.of(
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED");
    private static final String JDK_INTERNAL_REF = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";

    @TempDir
    Path dir;
    @TempDir
    Path logs;

    private record Result(int exitCode, String output) {
    }

    @Test
    void createWithoutAnyFlagFailsNamingAllFiveAndWritesNothing() throws Exception {
        Path file = dir.resolve("new-folder").resolve("study.ams");
        Result r = run(List.of(), "create", file);
        assertNotEquals(0, r.exitCode(), r.output());
        assertEquals(Set.copyOf(FLAGS), missingNamed(r.output()), r.output());
        assertTrue(r.output().contains("README.md"), r.output());
        assertEmpty(dir);
    }

    /** Without this one Chronicle creates the store and fails later, after some writes: the worst case. */
    @Test
    void createWithoutOneFlagNamesJustThatOneAndWritesNothing() throws Exception {
        List<String> fourFlags = new ArrayList<>(FLAGS);
        fourFlags.remove(JDK_INTERNAL_REF);
        Result r = run(fourFlags, "create", dir.resolve("study.ams"));
        assertNotEquals(0, r.exitCode(), r.output());
        assertEquals(Set.of(JDK_INTERNAL_REF), missingNamed(r.output()), r.output());
        // and it lists the whole set to add
        for (String flag : FLAGS) {
            assertTrue(r.output().contains(flag), flag + " not in " + r.output());
        }
        assertEmpty(dir);
    }

    @Test
    void openWithoutFlagsFailsAndChangesNoFile() throws Exception {
        Path file = dir.resolve("study.ams");
        try (ChronicleTrialStore store = ChronicleTrialStore.create(file, Trials.meta(), 2_000, 10)) {
            store.put(Trials.sample(0));
        }
        List<Path> files = list(dir);
        List<byte[]> before = new ArrayList<>();
        for (Path p : files) {
            before.add(Files.readAllBytes(p));
        }
        Result r = run(List.of(), "open", file);
        assertNotEquals(0, r.exitCode(), r.output());
        assertEquals(Set.copyOf(FLAGS), missingNamed(r.output()), r.output());
        assertEquals(files, list(dir));
        for (int i = 0; i < files.size(); i++) {
            assertArrayEquals(before.get(i), Files.readAllBytes(files.get(i)), files.get(i).toString());
        }
        try (ChronicleTrialStore store = ChronicleTrialStore.open(file)) {
            assertEquals(List.of(Trials.sample(0)), store.all());
        }
    }

    /** A runtime without jdk.compiler (a JRE, a jlink image) cannot run Chronicle at all: say so, write nothing. */
    @Test
    void createWithoutTheJdkCompilerModuleSaysAFullJdkIsNeeded() throws Exception {
        List<String> args = new ArrayList<>(List.of("--limit-modules", "java.se,jdk.unsupported"));
        args.addAll(FLAGS);
        Result r = run(args, "create", dir.resolve("study.ams"));
        assertNotEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("jdk.compiler"), r.output());
        assertTrue(r.output().contains("full JDK"), r.output());
        assertEmpty(dir);
    }

    /** Runs StoreUserMain in a JVM with {@code jvmArgs} plus this JVM's -D settings for Chronicle and JNA. */
    private Result run(List<String> jvmArgs, String mode, Path file) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : KillDurabilityTest.chronicleFlags()) {
            if (arg.startsWith("-D")) {
                cmd.add(arg);
            }
        }
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(StoreUserMain.class.getName());
        cmd.add(mode);
        cmd.add(file.toString());
        Path out = Files.createTempFile(logs, "child", ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
        }
        return new Result(p.exitValue(), Files.readString(out));
    }

    /** The flags the message says the JVM was started without. */
    private static Set<String> missingNamed(String output) {
        String marker = "started without ";
        int from = output.indexOf(marker);
        assertTrue(from >= 0, "no \"" + marker + "\" in: " + output);
        from += marker.length();
        int to = output.indexOf(". ", from);
        Set<String> named = new LinkedHashSet<>(List.of(output.substring(from, to).split(" ")));
        return named;
    }

    private static void assertEmpty(Path dir) throws IOException {
        assertEquals(List.of(), list(dir), "files left in " + dir);
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).sorted().toList();
        }
    }
}
