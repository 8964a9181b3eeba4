package io.ams.natives;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * The folder JavaCPP extracts native libraries into, keyed by Ams's version and by the bytes of
 * its native libraries.
 *
 * <p>JavaCPP's own cache ({@code ~/.javacpp/cache/<jar file name>/...}) is keyed by the jar's
 * file name only, and re-extracts a library only when its size or time stamp differs: every
 * {@code ams.jar} on a machine (one per checkout or build) shares one folder, so one run can
 * overwrite the libraries another is using, or load the other build's libraries. Unless the user
 * chose a cache folder ({@code -Dorg.bytedeco.javacpp.cachedir=...}, which wins), the bindings
 * set it, before their first {@link Loader} call, to
 * {@code ~/.javacpp/cache/ams-<version>-<hash>}: the hash covers the bytes of the libraries the
 * bindings load from {@code io/ams/natives/<platform>/} on the class path (libamskernels.so and
 * the JNI libraries), the platform, and the JavaCPP and OpenBLAS preset versions, whose libraries
 * are extracted there too. JavaCPP still adds {@code <jar file name>/<package>/<platform>/} below it.
 *
 * <p>The property is process-wide: JavaCPP fixes its cache folder at its first use, so another
 * library that loads JavaCPP natives earlier in the same JVM keeps JavaCPP's default.
 */
final class NativeCache {
    /** JavaCPP's cache folder property (it also reads {@link #CACHEDIR_CAMEL}). */
    static final String CACHEDIR = "org.bytedeco.javacpp.cachedir";
    static final String CACHEDIR_CAMEL = "org.bytedeco.javacpp.cacheDir";
    /** The classes whose libraries (in {@code io/ams/natives/<platform>/}) the key covers: every binding. */
    private static final List<Class<?>> BINDINGS = List.of(NnNative.class, GpNative.class);
    private static final int HASH_HEX_DIGITS = 16;

    private static boolean configured;

    private NativeCache() {}

    /**
     * Sets {@link #CACHEDIR} to {@link #keyedDir()} unless the user set a cache folder; once per
     * JVM, before the first {@link Loader} call of the bindings (their static initialisers).
     * On failure (the libraries cannot be read) JavaCPP's default stays, with a warning.
     */
    static synchronized void configure() {
        if (configured) return;
        configured = true;
        if (System.getProperty(CACHEDIR) != null || System.getProperty(CACHEDIR_CAMEL) != null) return;
        try {
            System.setProperty(CACHEDIR, keyedDir().toString());
        } catch (IOException | RuntimeException e) {
            System.err.println("ams: could not key the native library cache, using JavaCPP's default: " + e);
        }
    }

    /** {@code <JavaCPP's default cache folder>/<key(version(), contents())>}. */
    static Path keyedDir() throws IOException {
        return defaultBase().resolve(key(version(), contents()));
    }

    /**
     * The cache folder name for an Ams version and named contents (library file names and their
     * bytes): {@code ams-<version>-<first 16 hex digits of SHA-256>}. The hash covers each name,
     * length and bytes in name order, so it does not depend on the map's order, and any change of
     * a byte, a name or a file's presence changes it.
     */
    static String key(String version, Map<String, byte[]> contents) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        for (Map.Entry<String, byte[]> e : new TreeMap<>(contents).entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            sha.update(longBytes(name.length));
            sha.update(name);
            sha.update(longBytes(e.getValue().length));
            sha.update(e.getValue());
        }
        String hash = HexFormat.of().formatHex(sha.digest()).substring(0, HASH_HEX_DIGITS);
        return "ams-" + version.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + hash;
    }

    /** Ams's version, from the jar's Maven metadata; {@code "dev"} when run from class folders (tests, IDE). */
    static String version() {
        String v = mavenVersion("io.ams", "ams");
        if (v == null) v = NativeCache.class.getPackage().getImplementationVersion();
        return v != null && !v.isBlank() ? v.trim() : "dev";
    }

    /** The version in {@code META-INF/maven/<group>/<artifact>/pom.properties} on the class path, or null. */
    private static String mavenVersion(String groupId, String artifactId) {
        ClassLoader loader = NativeCache.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream("META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties")) {
            if (in == null) return null;
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            return null;
        }
    }

    /** What the key covers: {@link #nativeLibraries}, the platform, the JavaCPP and OpenBLAS preset versions. */
    static SortedMap<String, byte[]> contents() throws IOException {
        Properties platform = Loader.loadProperties();
        SortedMap<String, byte[]> contents = new TreeMap<>(nativeLibraries(platform));
        contents.put("platform", platform.getProperty("platform").getBytes(StandardCharsets.UTF_8));
        for (String artifact : List.of("javacpp", "openblas")) {
            contents.put("version:org.bytedeco/" + artifact,
                    String.valueOf(mavenVersion("org.bytedeco", artifact)).getBytes(StandardCharsets.UTF_8));
        }
        return contents;
    }

    /**
     * The libraries the bindings load from {@code io/ams/natives/<platform>/} on the class path,
     * by file name: those their {@code @Platform} links (libamskernels) and their JNI libraries
     * ({@code jni<class name>}). Read through the class loader: no listing of the jar.
     */
    static SortedMap<String, byte[]> nativeLibraries(Properties platform) throws IOException {
        String prefix = platform.getProperty("platform.library.prefix", "lib");
        String suffix = platform.getProperty("platform.library.suffix", ".so");
        Set<String> libraries = new TreeSet<>();
        for (Class<?> binding : BINDINGS) {
            libraries.addAll(Arrays.asList(binding.getAnnotation(Platform.class).link()));
            libraries.add("jni" + binding.getSimpleName());
        }
        SortedMap<String, byte[]> files = new TreeMap<>();
        for (String library : libraries) {
            String name = prefix + library + suffix;
            try (InputStream in = NativeCache.class.getResourceAsStream(platform.getProperty("platform") + "/" + name)) {
                if (in != null) files.put(name, in.readAllBytes()); // a missing one fails Loader.load itself
            }
        }
        if (files.isEmpty()) {
            throw new IOException("none of " + libraries + " in io/ams/natives/" + platform.getProperty("platform")
                    + "/ on the class path");
        }
        return files;
    }

    /** JavaCPP's default cache folder: {@code ~/.javacpp/cache}, else {@code <tmp>/.javacpp-<user>/cache}. */
    private static Path defaultBase() throws IOException {
        for (String dir : new String[] {
                System.getProperty("user.home") + "/.javacpp/cache/",
                System.getProperty("java.io.tmpdir") + "/.javacpp-" + System.getProperty("user.name") + "/cache/"}) {
            File f = new File(dir);
            try {
                if (f.isDirectory() || f.mkdirs()) return f.toPath();
            } catch (SecurityException e) {
                // no access: the next one
            }
        }
        throw new IOException("could not create a JavaCPP cache folder under user.home or java.io.tmpdir");
    }

    private static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--, v >>>= 8) b[i] = (byte) v;
        return b;
    }
}
