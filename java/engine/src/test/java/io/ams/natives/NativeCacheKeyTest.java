package io.ams.natives;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Stream;

import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;

/** The cache folder key: the version and every byte of the named contents, nothing else. */
class NativeCacheKeyTest {

    private static Map<String, byte[]> libs(String kernels, String jni) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("libamskernels.so", kernels.getBytes(StandardCharsets.UTF_8));
        m.put("libjniNnNative.so", jni.getBytes(StandardCharsets.UTF_8));
        return m;
    }

    @Test
    void sameVersionAndContentsGiveTheSameKey() {
        String k = NativeCache.key("0.1.0-SNAPSHOT", libs("kernels", "jni"));
        assertEquals(k, NativeCache.key("0.1.0-SNAPSHOT", libs("kernels", "jni")));
        // the order the files were listed in does not matter
        Map<String, byte[]> reversed = new LinkedHashMap<>();
        reversed.put("libjniNnNative.so", "jni".getBytes(StandardCharsets.UTF_8));
        reversed.put("libamskernels.so", "kernels".getBytes(StandardCharsets.UTF_8));
        assertEquals(k, NativeCache.key("0.1.0-SNAPSHOT", reversed));
        assertTrue(k.matches("ams-0\\.1\\.0-SNAPSHOT-[0-9a-f]{16}"), k);
    }

    @Test
    void anyChangeOfVersionBytesOrNamesChangesTheKey() {
        String k = NativeCache.key("0.1.0-SNAPSHOT", libs("kernels", "jni"));
        assertNotEquals(k, NativeCache.key("0.1.1-SNAPSHOT", libs("kernels", "jni")), "version");
        assertNotEquals(k, NativeCache.key("0.1.0-SNAPSHOT", libs("kernelz", "jni")), "libamskernels.so bytes");
        assertNotEquals(k, NativeCache.key("0.1.0-SNAPSHOT", libs("kernels", "jni2")), "JNI library bytes");
        // bytes moving from one file to the next are a different content
        assertNotEquals(k, NativeCache.key("0.1.0-SNAPSHOT", libs("kernelsj", "ni")), "file boundaries");
        Map<String, byte[]> renamed = new LinkedHashMap<>(libs("kernels", "jni"));
        renamed.put("libjniGpNative.so", renamed.remove("libjniNnNative.so"));
        assertNotEquals(k, NativeCache.key("0.1.0-SNAPSHOT", renamed), "file names");
        Map<String, byte[]> more = new LinkedHashMap<>(libs("kernels", "jni"));
        more.put("libjniGpNative.so", new byte[0]);
        assertNotEquals(k, NativeCache.key("0.1.0-SNAPSHOT", more), "an added (even empty) file");
    }

    @Test
    void aVersionIsMadeSafeAsAFolderName() {
        String k = NativeCache.key("1.0/../x y", libs("kernels", "jni"));
        assertTrue(k.matches("ams-1\\.0_\\.\\._x_y-[0-9a-f]{16}"), k);
    }

    @Test
    void theBuildsKeyCoversItsNativeLibrariesAndIsStable() throws Exception {
        SortedMap<String, byte[]> contents = NativeCache.contents();
        assertTrue(contents.containsKey("version:org.bytedeco/openblas"), contents.keySet().toString());
        // every library the build put next to the bindings (a binding missing from
        // NativeCache.BINDINGS would leave its JNI library out), with its bytes
        Path classes = Path.of(NnNative.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assumeTrue(Files.isDirectory(classes), "the bindings come from a class folder, not " + classes);
        Path dir = classes.resolve("io/ams/natives").resolve(Loader.getPlatform());
        List<Path> built;
        try (Stream<Path> list = Files.list(dir)) {
            built = list.filter(Files::isRegularFile).toList();
        }
        assertTrue(built.size() >= 3, "libamskernels.so and two JNI libraries expected in " + dir);
        for (Path f : built) {
            String name = f.getFileName().toString();
            assertTrue(contents.containsKey(name), name + " is not in the key: " + contents.keySet());
            assertArrayEquals(Files.readAllBytes(f), contents.get(name), name);
        }
        String key = NativeCache.key(NativeCache.version(), contents);
        assertEquals(key, NativeCache.key(NativeCache.version(), NativeCache.contents()));
    }
}
