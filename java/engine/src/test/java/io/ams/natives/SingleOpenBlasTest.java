package io.ams.natives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Loading both bindings maps one OpenBLAS, the preset's {@code libopenblas.so.0} (our kernels
 * need its LAPACK), never a second copy such as {@code libopenblas_nolapack.so.0}.
 */
@EnabledOnOs(OS.LINUX)
class SingleOpenBlasTest {

    /** File names of OpenBLAS builds (libopenblas.so.0, libopenblas_nolapack.so.0, ...), not its JNI glue. */
    private static final Pattern OPENBLAS = Pattern.compile("libopenblas[^/]*\\.so[^/]*");

    @Test
    void bothBindingsMapExactlyOneOpenBlas() throws IOException {
        NnNative.load();
        GpNative.load();
        assertTrue(NnNative.ams_blas_config().getString().contains("OpenBLAS"),
                "the kernels should report the OpenBLAS they call");

        // device:inode -> the paths it is mapped under: one entry per copy in memory
        Map<String, TreeSet<String>> copies = new TreeMap<>();
        List<String> maps = Files.readAllLines(Path.of("/proc/self/maps"));
        for (String line : maps) {
            String[] f = line.trim().split("\\s+", 6);
            if (f.length < 6 || !f[5].startsWith("/")) continue;
            String path = f[5];
            String name = Path.of(path).getFileName().toString();
            if (OPENBLAS.matcher(name).matches()) {
                copies.computeIfAbsent(f[3] + ":" + f[4], k -> new TreeSet<>()).add(path);
            }
        }
        assertEquals(1, copies.size(), "OpenBLAS copies mapped: " + copies.values());
        String path = copies.values().iterator().next().first();
        assertEquals("libopenblas.so.0", Path.of(path).getFileName().toString(),
                "the one OpenBLAS should be the preset's full library (with LAPACK): " + path);
    }
}
