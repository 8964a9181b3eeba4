package io.ams.cli;

import picocli.CommandLine.Option;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Where a genome's own Java objective ({@code objective: {java: CLASS}}) is found: `ams run`, `resume` and `worker`. */
final class ClasspathOption {
    @Option(names = "--classpath", paramLabel = "PATH",
            description = "Jars and class folders, separated by ':' (';' on Windows), that hold the genome's java objective "
                    + "(objective: {java: CLASS}) and what it uses; a cluster worker needs them as the study does.")
    String classpath;

    /**
     * Runs {@code body} with the classes of --classpath visible to this thread and to the threads
     * it starts (the objective is loaded through the context class loader), then puts the thread's
     * loader back.
     *
     * @throws IllegalArgumentException naming an entry that does not exist
     */
    <T> T call(Callable<T> body) throws Exception {
        if (classpath == null) return body.call();
        List<URL> urls = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (entry.isEmpty()) continue;
            Path p = Path.of(entry);
            if (!Files.exists(p)) throw new IllegalArgumentException("--classpath: " + entry + " does not exist");
            try {
                urls.add(p.toAbsolutePath().toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("--classpath: " + entry + " is not a path: " + e.getMessage(), e);
            }
        }
        if (urls.isEmpty()) throw new IllegalArgumentException("--classpath is empty: give jars or class folders");
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClasspathOption.class.getClassLoader())) {
            thread.setContextClassLoader(loader);
            return body.call();
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}
