package io.ams.store;

import net.openhft.chronicle.hash.VanillaGlobalMutableState;
import net.openhft.chronicle.values.ValueModel;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The class Chronicle Map would compile with javac in every JVM that opens a map, compiled once
 * by the build instead.
 *
 * <p>Chronicle generates the source of {@code VanillaGlobalMutableState$$Native} (the accessor
 * of a map header's mutable state) and compiles it at run time: about 3 s of CPU, most of what
 * {@code ams show} cost. Before compiling, it asks the class loader for the class
 * ({@code ValueModel.createClass}). So the build runs {@link #main} (Maven's process-classes
 * phase), which generates the same source with Chronicle's own generator, compiles it, and
 * ships the bytes with a fingerprint of the Chronicle classes it came from; at run time
 * {@link #definePrebuilt()} defines those bytes in Chronicle's package before the first map is
 * opened, but only if the fingerprint matches the Chronicle on this class path. With another
 * Chronicle version (an application that picked one), nothing is defined and Chronicle compiles
 * its own, as before: a class built for other offsets is never used.
 */
final class ChronicleClasses {
    static final String NATIVE = "VanillaGlobalMutableState$$Native";
    /** Next to this class in the jar. */
    private static final String BYTES = "chronicle/" + NATIVE + ".bin";
    private static final String FINGERPRINT = "chronicle/" + NATIVE + ".sha256";
    private static Boolean defined;

    private ChronicleClasses() {
    }

    /**
     * Defines the prebuilt class if it matches this class path's Chronicle; once per JVM.
     * Returns whether the prebuilt class is the one Chronicle will use.
     */
    static synchronized boolean definePrebuilt() {
        if (defined == null) {
            defined = define();
        }
        return defined;
    }

    private static boolean define() {
        try (InputStream bytes = ChronicleClasses.class.getResourceAsStream(BYTES);
             InputStream expected = ChronicleClasses.class.getResourceAsStream(FINGERPRINT)) {
            if (bytes == null || expected == null
                    || !new String(expected.readAllBytes(), StandardCharsets.US_ASCII).trim().equals(fingerprint())) {
                return false;
            }
            MethodHandles.privateLookupIn(VanillaGlobalMutableState.class, MethodHandles.lookup())
                    .defineClass(bytes.readAllBytes());
            return true;
        } catch (IOException | ReflectiveOperationException | RuntimeException | LinkageError e) {
            // Chronicle in a named module, or the class already there: Chronicle compiles or has its own
            return false;
        }
    }

    /** SHA-256 over the class files the generated source depends on: the interface and the generator. */
    static String fingerprint() throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Class<?> c : List.of(VanillaGlobalMutableState.class, generator())) {
                String name = c.getName().replace('.', '/') + ".class";
                ClassLoader loader = c.getClassLoader();
                try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(name)
                        : loader.getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IOException("no class file for " + c.getName());
                    }
                    sha.update(in.readAllBytes());
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException | ClassNotFoundException e) {
            throw new IOException(e);
        }
    }

    private static Class<?> generator() throws ClassNotFoundException {
        return Class.forName("net.openhft.chronicle.values.Generators", false, ValueModel.class.getClassLoader());
    }

    /**
     * The build step: {@code ChronicleClasses OUTPUT_DIR} (the compiled classes folder) writes the
     * prebuilt class's bytes and fingerprint next to this class. Fails the build when Chronicle's
     * generator or javac cannot do it.
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ChronicleClasses OUTPUT_DIR");
        }
        Method generate = generator().getDeclaredMethod("generateNativeClass", ValueModel.class, String.class);
        generate.setAccessible(true);
        String source = (String) generate.invoke(null, ValueModel.acquire(VanillaGlobalMutableState.class), NATIVE);
        Path work = Files.createTempDirectory("ams-chronicle-classes");
        try {
            Path file = work.resolve(NATIVE + ".java");
            Files.writeString(file, source);
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            int rc = javac.run(null, null, null, "-classpath", System.getProperty("java.class.path"),
                    "-d", work.toString(), "-proc:none", "-nowarn", file.toString());
            if (rc != 0) {
                throw new IllegalStateException("javac failed on Chronicle's generated " + NATIVE);
            }
            Path classes = work.resolve(VanillaGlobalMutableState.class.getPackageName().replace('.', '/'));
            List<Path> made;
            try (Stream<Path> s = Files.list(classes)) {
                made = s.toList();
            }
            if (made.size() != 1) {
                // one class per define: nested classes would need defining too
                throw new IllegalStateException("expected one class from " + NATIVE + ", got " + made);
            }
            Path out = Path.of(args[0]).resolve(ChronicleClasses.class.getPackageName().replace('.', '/'));
            Files.createDirectories(out.resolve("chronicle"));
            Files.write(out.resolve(BYTES), Files.readAllBytes(made.get(0)));
            Files.writeString(out.resolve(FINGERPRINT), fingerprint() + "\n");
        } finally {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
