package io.ams.genome;

import io.ams.meta.StudyArchive;
import io.ams.meta.WarmStart;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A genome's {@code warm_start: {archive: DIR, neighbours: 3, configurations: 10}}.
 *
 * @param archive        the archive folder as written ({@code ~/} is the home folder); empty: the
 *                       study's archive (the command line's {@code --archive}), else the default one
 *                       ({@code $AMS_ARCHIVE}, else ~/.ams/archive)
 * @param neighbours     earlier studies to take configurations from
 * @param configurations configurations evaluated first
 */
public record WarmStartSpec(Optional<String> archive, int neighbours, int configurations) {
    /** The warm start, its archive defaulting to {@code studyArchive}, else (null) to {@link StudyArchive#defaultFolder()}. */
    public WarmStart resolve(Path studyArchive) {
        Path folder = archive.map(WarmStartSpec::expandHome)
                .orElse(studyArchive != null ? studyArchive : StudyArchive.defaultFolder());
        return new WarmStart(folder, neighbours, configurations);
    }

    /** {@code ~} and {@code ~/...} are the home folder, as a shell would read them: a YAML file is read by no shell. */
    static Path expandHome(String path) {
        if (path.equals("~")) return Path.of(System.getProperty("user.home"));
        if (path.startsWith("~/")) return Path.of(System.getProperty("user.home"), path.substring(2));
        return Path.of(path);
    }
}
