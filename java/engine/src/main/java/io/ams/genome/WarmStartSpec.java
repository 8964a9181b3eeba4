package io.ams.genome;

import io.ams.meta.WarmStart;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A genome's {@code warm_start: {archive: DIR, neighbours: 3, configurations: 10}}.
 *
 * @param archive        the archive folder as written; empty: the study's archive (the command
 *                       line's {@code --archive}, by default ~/.ams/archive)
 * @param neighbours     earlier studies to take configurations from
 * @param configurations configurations evaluated first
 */
public record WarmStartSpec(Optional<String> archive, int neighbours, int configurations) {
    /** The warm start, its archive defaulting to {@code studyArchive}. */
    public WarmStart resolve(Path studyArchive) {
        Path folder = archive.map(Path::of).orElse(studyArchive);
        if (folder == null) {
            throw new IllegalArgumentException("warm_start names no archive and the study has none: give warm_start.archive");
        }
        return new WarmStart(folder, neighbours, configurations);
    }
}
