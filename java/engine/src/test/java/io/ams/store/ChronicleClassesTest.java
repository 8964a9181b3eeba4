package io.ams.store;

import net.openhft.chronicle.hash.VanillaGlobalMutableState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The build's copy of the class Chronicle would compile at every open: present, made from this Chronicle, loadable. */
class ChronicleClassesTest {

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = ChronicleClasses.class.getResourceAsStream("chronicle/" + ChronicleClasses.NATIVE + name)) {
            assertNotNull(in, "the build's chronicle-classes step did not write " + ChronicleClasses.NATIVE + name);
            return in.readAllBytes();
        }
    }

    @Test
    void thePrebuiltClassWasMadeFromTheChronicleOnThisClassPath() throws Exception {
        assertEquals(ChronicleClasses.fingerprint(), new String(resource(".sha256"), StandardCharsets.US_ASCII).trim());
    }

    @Test
    void thePrebuiltClassImplementsTheHeaderStateChronicleAsksFor() throws Exception {
        byte[] bytes = resource(".bin");
        // defined in a loader of its own, so that this JVM's Chronicle is left as it is
        Class<?> c = new ClassLoader(ChronicleClassesTest.class.getClassLoader()) {
            Class<?> define() {
                return defineClass(null, bytes, 0, bytes.length);
            }
        }.define();
        assertEquals(VanillaGlobalMutableState.class.getPackageName() + "." + ChronicleClasses.NATIVE, c.getName());
        assertTrue(VanillaGlobalMutableState.class.isAssignableFrom(c));
        assertNotNull(c.getConstructor().newInstance());
    }

    @Test
    void storesUseThePrebuiltClassInsteadOfCompilingOne(@TempDir Path dir) throws Exception {
        // in a JVM of its own: in this one, a test may have built a raw Chronicle map first
        ChildJvm child = ChildJvm.start(dir.resolve("child.err"), PrebuiltClassMain.class, dir.resolve("s.ams").toString());
        assertEquals("PREBUILT true", child.await("PREBUILT", 120), "Chronicle compiled its own class");
        assertTrue(child.process.waitFor(60, TimeUnit.SECONDS));
    }
}
