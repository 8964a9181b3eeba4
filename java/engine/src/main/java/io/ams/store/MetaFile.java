package io.ams.store;

import io.ams.core.AtomicFiles;

import io.ams.core.Direction;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The study's side file, {@code <store>.meta.json}: the {@link StudyMeta} plus the id of the
 * map file it belongs to. Plain JSON, so a person can read it; written whole or not at all.
 */
final class MetaFile {
    static final String MAGIC = "ams-study-meta";
    private static final ObjectMapper JSON = new ObjectMapper();

    private MetaFile() {
    }

    /** The meta file that belongs to a store file. */
    static Path pathFor(Path store) {
        return store.resolveSibling(store.getFileName() + ".meta.json");
    }

    /** What the meta file holds. */
    record Contents(UUID storeId, StudyMeta meta) {
    }

    /**
     * Writes atomically: a temporary file, fsync, rename over the target, fsync of the folder.
     * A crash leaves either the old file or the new one, never half of one.
     */
    static void write(Path file, UUID storeId, StudyMeta meta) {
        ObjectNode root = JSON.createObjectNode();
        root.put("magic", MAGIC);
        root.put("formatVersion", meta.formatVersion());
        root.put("storeId", storeId.toString());
        root.put("name", meta.name());
        root.put("createdAtMillis", meta.createdAtMillis());
        root.put("direction", meta.direction().name());
        root.put("seed", meta.seed());
        root.put("strategy", meta.strategy());
        root.put("spaceSource", meta.spaceSource());
        root.put("spaceJson", meta.spaceJson());
        ObjectNode attrs = root.putObject("attrs");
        meta.attrs().forEach(attrs::put);
        try {
            byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
            AtomicFiles.write(file, bytes, StoreLock.TEMP_SUFFIX);
        } catch (IOException e) {
            throw new StoreException(file, "cannot write the study meta file: " + e, e);
        }
    }

    /** Makes the rename itself durable; some platforms cannot open a folder, which is fine there. */
    static void fsyncFolder(Path folder) {
        AtomicFiles.fsyncFolder(folder);
    }

    /** Reads and checks a meta file, naming the file and the problem on any failure. */
    static Contents read(Path file) {
        byte[] bytes;
        try {
            // never through a link: the meta file is one of the store's own files
            try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                bytes = in.readAllBytes();
            }
        } catch (NoSuchFileException e) {
            throw new StoreException(file, "the study meta file is missing (a trial store is the map file"
                    + " plus this .meta.json next to it)");
        } catch (IOException e) {
            throw new StoreException(file, "cannot read the study meta file: " + e, e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new StoreException(file, "the study meta file is not valid JSON: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new StoreException(file, "cannot read the study meta file: " + e, e);
        }
        if (root == null || !root.isObject() || !MAGIC.equals(root.path("magic").asText(null))) {
            throw new StoreException(file, "not an Ams study meta file (no \"magic\": \"" + MAGIC + "\")");
        }
        int version = requireInt(file, root, "formatVersion");
        if (version < 1 || version > StudyMeta.CURRENT_FORMAT_VERSION) {
            throw new StoreException(file, "store format " + version + " is not supported; this Ams reads"
                    + " formats 1 to " + StudyMeta.CURRENT_FORMAT_VERSION);
        }
        try {
            UUID storeId = UUID.fromString(requireText(file, root, "storeId"));
            Map<String, String> attrs = new LinkedHashMap<>();
            JsonNode attrsNode = root.path("attrs");
            for (Iterator<Map.Entry<String, JsonNode>> it = attrsNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                attrs.put(e.getKey(), e.getValue().asText());
            }
            StudyMeta meta = new StudyMeta(requireText(file, root, "name"), version,
                    requireLong(file, root, "createdAtMillis"), root.path("spaceSource").asText(""),
                    root.path("spaceJson").asText(""),
                    Direction.valueOf(requireText(file, root, "direction")),
                    requireLong(file, root, "seed"), root.path("strategy").asText(""), attrs);
            return new Contents(storeId, meta);
        } catch (IllegalArgumentException e) {
            throw new StoreException(file, "invalid study meta file: " + e.getMessage(), e);
        }
    }

    private static String requireText(Path file, JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || !n.isTextual()) {
            throw new StoreException(file, "invalid study meta file: field \"" + field + "\" is missing"
                    + " or not a string");
        }
        return n.asText();
    }

    private static long requireLong(Path file, JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || !n.canConvertToLong() || !n.isIntegralNumber()) {
            throw new StoreException(file, "invalid study meta file: field \"" + field + "\" is missing"
                    + " or not an integer");
        }
        return n.asLong();
    }

    private static int requireInt(Path file, JsonNode root, String field) {
        long v = requireLong(file, root, field);
        if (v != (int) v) {
            throw new StoreException(file, "invalid study meta file: field \"" + field + "\" is out of range");
        }
        return (int) v;
    }
}
