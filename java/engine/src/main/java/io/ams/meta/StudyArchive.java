package io.ams.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ams.core.AtomicFiles;
import io.ams.core.Direction;
import io.ams.space.Config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A folder of finished studies, one JSON file each ({@link ArchiveEntry#fileName()}): what a warm
 * start learns from. The store files stay where they are; an entry holds only the summary.
 * Writing is atomic (a reader never sees half an entry), and a study archived again (resumed
 * with a larger budget) replaces its entry. Reading never fails on an entry: one that cannot be
 * read is skipped, saying which and why.
 */
public final class StudyArchive {
    /** The environment variable that moves the command line's default archive. */
    public static final String ENVIRONMENT = "AMS_ARCHIVE";
    /** Distinct best configurations kept per study. */
    public static final int BEST_KEPT = 20;
    /** The entry format this code writes and reads. */
    public static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path folder;

    public StudyArchive(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    /** The command line's archive when none is given: $AMS_ARCHIVE, else ~/.ams/archive. */
    public static Path defaultFolder() {
        String env = System.getenv(ENVIRONMENT);
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("user.home"), ".ams", "archive");
    }

    public Path folder() {
        return folder;
    }

    /** Keeps {@code entry}, replacing the study's earlier entry; returns its file. */
    public Path add(ArchiveEntry entry) {
        try {
            Files.createDirectories(folder);
            Path file = folder.resolve(entry.fileName());
            AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson(entry)), ".tmp");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the archive " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every entry that can be read, by file name; each file that cannot (truncated, not JSON,
     * another format) is told to {@code notes} and skipped. A folder that does not exist holds none.
     */
    public List<ArchiveEntry> entries(Consumer<String> notes) {
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (NoSuchFileException e) {
            notes.accept("the archive " + folder + " does not exist yet: no earlier study to start from");
            return List.of();
        } catch (IOException e) {
            notes.accept("the archive " + folder + " cannot be read (" + e.getMessage() + "): no earlier study to start from");
            return List.of();
        }
        List<ArchiveEntry> entries = new ArrayList<>();
        for (Path f : files) {
            try {
                entries.add(fromJson(JSON.readTree(Files.readString(f, StandardCharsets.UTF_8))));
            } catch (IOException | RuntimeException e) {
                notes.accept("archive entry " + f + " skipped: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        }
        return entries;
    }

    static ObjectNode toJson(ArchiveEntry e) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("study", e.study());
        root.put("created_at_millis", e.createdAtMillis());
        root.put("finished_at_millis", e.finishedAtMillis());
        root.put("objective", e.objective());
        root.put("metric", e.metric());
        root.put("direction", e.direction().name().toLowerCase(Locale.ROOT));
        root.put("strategy", e.strategy());
        root.put("trials", e.trials());
        root.put("store", e.store());
        if (e.features() != null) {
            ObjectNode f = root.putObject("features");
            f.put("kind", e.features().kind());
            f.put("cost", e.features().cost());
            ArrayNode names = f.putArray("names");
            e.features().names().forEach(names::add);
            ArrayNode values = f.putArray("values");
            for (double v : e.features().values()) values.add(v);
        }
        ArrayNode best = root.putArray("best");
        for (ArchiveEntry.Scored s : e.best()) {
            ObjectNode b = best.addObject();
            b.put("value", s.value());
            b.set("config", parse(s.config().canonical()));
        }
        return root;
    }

    static ArchiveEntry fromJson(JsonNode root) {
        int format = required(root, "format").asInt(-1);
        if (format != FORMAT) throw new IllegalArgumentException("format " + required(root, "format") + ", this Ams reads " + FORMAT);
        TaskFeatures features = null;
        JsonNode f = root.get("features");
        if (f != null && !f.isNull()) {
            List<String> names = new ArrayList<>();
            required(f, "names").forEach(n -> names.add(n.asText()));
            JsonNode vs = required(f, "values");
            double[] values = new double[vs.size()];
            for (int i = 0; i < values.length; i++) values[i] = vs.get(i).asDouble(Double.NaN);
            features = new TaskFeatures(required(f, "kind").asText(), names, values, f.path("cost").asText(""));
        }
        List<ArchiveEntry.Scored> best = new ArrayList<>();
        for (JsonNode b : required(root, "best")) {
            best.add(new ArchiveEntry.Scored(Config.fromCanonical(required(b, "config").toString()), required(b, "value").asDouble()));
        }
        return new ArchiveEntry(required(root, "study").asText(), required(root, "created_at_millis").asLong(),
                required(root, "finished_at_millis").asLong(), root.path("objective").asText(""),
                root.path("metric").asText(""), Direction.parse(required(root, "direction").asText()),
                root.path("strategy").asText(""), required(root, "trials").asInt(), features, best,
                root.path("store").asText(""));
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) throw new IllegalArgumentException("no '" + field + "'");
        return v;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
