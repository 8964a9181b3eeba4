package io.ams.store;

import net.openhft.chronicle.map.ChronicleMap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether this JVM lets Chronicle Map into the JDK internals it uses on Java 17. Asked before a
 * store touches the disk: without the flags Chronicle fails half-way through creating a map (or,
 * without {@code jdk.internal.ref}, after some writes), and a check of the modules up front
 * gives a message that names the missing flags instead of an InaccessibleObjectException.
 */
final class JvmAccess {
    /** Where the README explains the flags and how to pass them from Maven and Gradle. */
    static final String README = "README.md, \"Embedding\", \"JVM flags for a stored study\"";

    /** One {@code --add-opens} or {@code --add-exports}; the comment says what Chronicle uses it for. */
    private record Access(boolean open, String module, String pkg) {
        String flag(Module target) {
            // Chronicle runs from the class path, so its module is unnamed: ALL-UNNAMED
            String to = target.isNamed() ? target.getName() : "ALL-UNNAMED";
            return (open ? "--add-opens=" : "--add-exports=") + module + "/" + pkg + "=" + to;
        }
    }

    /** The same set, in the same order, as chronicle.jvm.flags in the root pom.xml. */
    private static final List<Access> NEEDED = List.of(
            new Access(false, "java.base", "sun.nio.ch"),               // maps files through FileChannelImpl
            new Access(false, "jdk.compiler", "com.sun.tools.javac.file"), // its run-time compiler's file manager
            new Access(true, "java.base", "java.lang"),                 // defines the classes it compiles
            new Access(true, "java.base", "java.lang.reflect"),         // reflects on private fields
            new Access(false, "java.base", "jdk.internal.ref"));        // unmaps memory; without it a map closes under a running store

    private JvmAccess() {
    }

    /** The module whose code does the reflection: the flags must open the packages to it. */
    private static Module chronicle() {
        return ChronicleMap.class.getModule();
    }

    /** All the flags, as JVM options. */
    static List<String> flags() {
        List<String> out = new ArrayList<>();
        for (Access a : NEEDED) {
            out.add(a.flag(chronicle()));
        }
        return out;
    }

    /** The flags this JVM was started without, as JVM options; empty when Chronicle can run. */
    static List<String> missingFlags() {
        Module target = chronicle();
        List<String> missing = new ArrayList<>();
        for (Access a : NEEDED) {
            Optional<Module> module = ModuleLayer.boot().findModule(a.module());
            if (module.isEmpty()) {
                continue; // no jdk.compiler: no flag helps, hasCompiler() says so
            }
            // isExported is also true for a package opened to the target
            boolean ok = a.open() ? module.get().isOpen(a.pkg(), target) : module.get().isExported(a.pkg(), target);
            if (!ok) {
                missing.add(a.flag(target));
            }
        }
        return missing;
    }

    /** Chronicle compiles code at run time with javac, which a JRE or a slim jlink image lacks. */
    static boolean hasCompiler() {
        return ModuleLayer.boot().findModule("jdk.compiler").isPresent();
    }

    /**
     * Throws a StoreException that says what to add, if Chronicle cannot run in this JVM.
     *
     * @param file the store about to be created or opened, for the message
     */
    static void check(Path file) {
        boolean compiler = hasCompiler();
        List<String> missing = missingFlags();
        if (compiler && missing.isEmpty()) {
            return;
        }
        StringBuilder m = new StringBuilder("the trial store (Chronicle Map) cannot run in this JVM: ");
        if (!compiler) {
            m.append("this Java runtime has no jdk.compiler module (a JRE, or a jlink image or --limit-modules"
                    + " without it), and Chronicle Map compiles code at run time, so no flag helps: run it on a"
                    + " full JDK. ");
        }
        if (!missing.isEmpty()) {
            m.append(compiler ? "it" : "It").append(" was started without ").append(String.join(" ", missing))
                    .append(". On Java 17 Chronicle Map needs all of these JVM options: ")
                    .append(String.join(" ", flags()))
                    .append(" (ams.jar carries them in its manifest, as Add-Opens and Add-Exports). ");
        }
        m.append("See ").append(README).append(". Nothing was written.");
        throw new StoreException(file, m.toString());
    }
}
