package io.ams.natives;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code ams.jar} builds (two checkouts) with different native libraries, run one after the
 * other on one machine, each extract and load their own libraries, into different cache folders;
 * the same libraries share one. Child JVMs load {@link NnNative} from jars assembled here out of
 * the build's {@code io/ams/natives} (classes and libraries), with every jar entry stamped with
 * the same time, as a reproducible build does, and a {@code user.home} of their own.
 */
@EnabledOnOs(OS.LINUX)
class NativeCacheDirTest {
    private static final String VERSION = "1.2.3-test";
    private static final long ENTRY_TIME = 1_600_000_000_000L;

    @TempDir static Path tmp;
    /** {@code io/ams/natives/**} of the build: entry name -> bytes. */
    private static Map<String, byte[]> natives;
    private static String kernelsEntry;
    private static Path classes;

    @BeforeAll
    static void collectNatives() throws Exception {
        classes = Path.of(NnNative.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assumeTrue(Files.isDirectory(classes), "the bindings come from a class folder, not " + classes);
        natives = new HashMap<>();
        try (Stream<Path> walk = Files.walk(classes.resolve("io/ams/natives"))) {
            for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                String entry = classes.relativize(f).toString().replace('\\', '/');
                natives.put(entry, Files.readAllBytes(f));
                if (entry.endsWith("/libamskernels.so")) kernelsEntry = entry;
            }
        }
        assertNotNull(kernelsEntry, "libamskernels.so is not in " + classes);
    }

    @Test
    void eachBuildLoadsItsOwnLibrariesFromItsOwnFolder() throws Exception {
        byte[] kernelsA = natives.get(kernelsEntry);
        byte[] kernelsB = changedCopy(kernelsA);
        Path jarA = jar(tmp.resolve("checkout-a/java/target/ams.jar"), kernelsA);
        Path jarB = jar(tmp.resolve("checkout-b/java/target/ams.jar"), kernelsB);
        Path jarA2 = jar(tmp.resolve("checkout-c/java/target/ams.jar"), kernelsA);
        Path home = tmp.resolve("home");
        Path cache = home.resolve(".javacpp/cache");

        Probe a = Probe.run(jarA, home, null);
        assertEquals(sha(kernelsA), a.sha, "checkout A should load its own libamskernels.so: " + a);
        Probe b = Probe.run(jarB, home, null);
        assertEquals(sha(kernelsB), b.sha, "checkout B should load its own libamskernels.so, not A's: " + b);
        assertNotEquals(a.folder(cache), b.folder(cache), "different libraries, one cache folder: " + a + " / " + b);
        assertArrayEquals(kernelsA, Files.readAllBytes(a.kernels),
                "B's run should leave A's extracted library alone: " + a.kernels);
        for (Probe p : List.of(a, b)) {
            assertTrue(p.folder(cache).startsWith("ams-" + VERSION + "-"),
                    "the cache folder should name the version: " + p.folder(cache));
        }

        Probe a2 = Probe.run(jarA2, home, null);
        assertEquals(sha(kernelsA), a2.sha, a2.toString());
        assertEquals(a.kernels, a2.kernels, "the same libraries (another checkout) should share A's folder");
    }

    @Test
    void aCacheFolderTheUserSetIsKept() throws Exception {
        Path jar = jar(tmp.resolve("checkout-u/java/target/ams.jar"), natives.get(kernelsEntry));
        Path userSet = tmp.resolve("user-set-cache");
        Probe p = Probe.run(jar, tmp.resolve("home-u"), userSet);
        assertEquals(userSet.resolve("ams.jar").resolve(kernelsEntry), p.kernels, p.toString());
        assertEquals(userSet.toString(), p.cachedir, p.toString());
    }

    /** A copy of a shared library that differs in one byte of its .comment section (same size), or with a byte appended. */
    private static byte[] changedCopy(byte[] lib) {
        byte[] copy = lib.clone();
        byte[] marker = "GCC: (".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + marker.length < copy.length; i++) {
            if (Arrays.equals(copy, i, i + marker.length, marker, 0, marker.length)) {
                copy[i + marker.length] ^= 0x20;
                return copy;
            }
        }
        copy = Arrays.copyOf(lib, lib.length + 1);
        return copy;
    }

    /** A jar like ams.jar's native part: io/ams/natives/** with the given libamskernels.so, and Maven's pom.properties. */
    private static Path jar(Path file, byte[] kernels) throws IOException {
        Files.createDirectories(file.getParent());
        Map<String, byte[]> entries = new java.util.TreeMap<>(natives);
        entries.put(kernelsEntry, kernels);
        entries.put("META-INF/maven/io.ams/ams/pom.properties",
                ("groupId=io.ams\nartifactId=ams\nversion=" + VERSION + "\n").getBytes(StandardCharsets.UTF_8));
        try (OutputStream os = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                JarEntry entry = new JarEntry(e.getKey());
                entry.setTime(ENTRY_TIME);
                jar.putNextEntry(entry);
                jar.write(e.getValue());
                jar.closeEntry();
            }
        }
        return file;
    }

    private static String sha(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** What a child JVM loaded: the libamskernels.so file mapped, its SHA-256 then, and the cachedir property. */
    private record Probe(Path kernels, String sha, String cachedir, String output) {
        static Probe run(Path jar, Path home, Path cachedir) throws Exception {
            List<String> cp = new ArrayList<>(List.of(jar.toString()));
            for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                if (!e.isEmpty() && !Path.of(e).toAbsolutePath().equals(classes.toAbsolutePath())) cp.add(e);
            }
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Duser.home=" + home));
            if (cachedir != null) cmd.add("-Dorg.bytedeco.javacpp.cachedir=" + cachedir);
            cmd.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, cp), Child.class.getName()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child did not finish: " + out);
            assertEquals(0, p.exitValue(), "the child failed: " + out);
            Map<String, String> kv = out.lines().filter(l -> l.startsWith("probe."))
                    .map(l -> l.substring("probe.".length()).split("=", 2))
                    .collect(Collectors.toMap(s -> s[0], s -> s[1]));
            assertNotNull(kv.get("kernels"), "no libamskernels.so mapped in the child: " + out);
            return new Probe(Path.of(kv.get("kernels")), kv.get("sha"), kv.get("cachedir"), out);
        }

        /** The first folder below the cache root that holds the library. */
        String folder(Path cache) {
            assertTrue(kernels.startsWith(cache), kernels + " is not under " + cache);
            return cache.relativize(kernels).getName(0).toString();
        }
    }

    /** Runs in the child JVM: loads NnNative and prints what it mapped. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            NnNative.load();
            String kernels = null;
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                int i = line.indexOf('/');
                if (i >= 0 && line.endsWith("/libamskernels.so")) kernels = line.substring(i);
            }
            System.out.println("probe.kernels=" + kernels);
            if (kernels != null) System.out.println("probe.sha=" + sha(Files.readAllBytes(Path.of(kernels))));
            System.out.println("probe.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir"));
        }
    }
}
