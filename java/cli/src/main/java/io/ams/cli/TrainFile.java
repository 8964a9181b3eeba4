package io.ams.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A training configuration file (YAML or JSON) for {@code ams train --config}; every key is
 * optional and a command-line flag overrides it. Unknown keys and wrong types are errors that
 * name the file, the line and the key.
 */
record TrainFile(String dataset, List<Integer> layers, String activation, Double dropout, Boolean batchnorm,
                 String init, String optimizer, Double lr, Double momentum,
                 @JsonProperty("weight_decay") Double weightDecay, Double clip, String schedule,
                 @JsonProperty("warmup_epochs") Double warmupEpochs, @JsonProperty("step_epochs") Integer stepEpochs,
                 Double gamma, Integer batch, Integer epochs, Integer patience, Prune prune, Long seed,
                 Integer threads, @JsonProperty("val_fraction") Double valFraction,
                 @JsonProperty("test_fraction") Double testFraction) {

    record Prune(String mode, Double sparsity, Integer steps, @JsonProperty("finetune_epochs") Integer finetuneEpochs) {}

    static final TrainFile EMPTY = new TrainFile(null, null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null, null, null);

    /**
     * The line where a key is written. The YAML parser reports where it stood when it gave up,
     * which can be the next line; the key's own line is what a user looks for.
     */
    private static int keyLine(Path file, String key, int fallback) {
        try {
            List<String> lines = Files.readAllLines(file);
            Pattern pattern = Pattern.compile("^\\s*\"?" + Pattern.quote(key) + "\"?\\s*:");
            for (int i = 0; i < lines.size(); i++) {
                if (pattern.matcher(lines.get(i)).find()) return i + 1;
            }
        } catch (IOException ignored) {
            // The file was readable a moment ago; the parser's line is the next best answer.
        }
        return fallback;
    }

    static TrainFile read(Path file) {
        ObjectMapper mapper = (file.toString().endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory()))
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        try {
            String text = Files.readString(file);
            if (text.isBlank()) return EMPTY;
            return mapper.readValue(text, TrainFile.class);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException(file + ", line " + keyLine(file, e.getPropertyName(), e.getLocation().getLineNr())
                    + ": unknown key '" + e.getPropertyName() + "'; known keys: " + new TreeSet<>(e.getKnownPropertyIds().stream()
                    .map(Object::toString).toList()), e);
        } catch (JsonMappingException e) {
            String key = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            String where = e.getLocation() == null ? "" : ", line " + e.getLocation().getLineNr();
            throw new IllegalArgumentException(file + where + (key.isEmpty() ? "" : ", key '" + key + "'") + ": "
                    + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : ", line " + e.getLocation().getLineNr();
            throw new IllegalArgumentException(file + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
