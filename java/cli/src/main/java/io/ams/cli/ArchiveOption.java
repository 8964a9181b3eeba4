package io.ams.cli;

import io.ams.meta.StudyArchive;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where `ams run` and `ams resume` keep a finished study for later warm starts. */
final class ArchiveOption {
    @Option(names = "--archive", paramLabel = "DIR",
            description = "Keep the finished study's summary (task description, space, best configurations) in this folder, "
                    + "where a genome's warm_start finds it (default: $" + StudyArchive.ENVIRONMENT + ", else ~/.ams/archive; "
                    + "'none': do not keep it).")
    String archive;

    /** The archive folder; null for none. */
    Path folder() {
        if (archive == null) return StudyArchive.defaultFolder();
        if (archive.isBlank()) throw new IllegalArgumentException("--archive needs a folder, or 'none'");
        return archive.equals("none") ? null : Path.of(archive);
    }
}
