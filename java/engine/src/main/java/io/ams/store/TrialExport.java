package io.ams.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Trials as CSV (for a spreadsheet or pandas) and JSON (for tools). Times are ISO-8601 UTC,
 * empty or null when unset; a missing value (NaN) is an empty cell or null.
 */
public final class TrialExport {
    /**
     * What a study says of its trials besides their records: its goals (a multi-objective study's
     * objectives are the value, then these metrics), the ids on its Pareto front, whether it has
     * constraints, and the ids of the completed trials outside them.
     */
    public record Marks(List<String> goals, Set<Long> front, boolean constrained, Set<Long> infeasible) {
        public static final Marks NONE = new Marks(List.of(), Set.of(), false, Set.of());

        public Marks {
            goals = List.copyOf(goals);
            front = Set.copyOf(front);
            infeasible = Set.copyOf(infeasible);
        }

        boolean multiObjective() {
            return !goals.isEmpty();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FIXED =
            List.of("id", "state", "value", "fidelity", "seed", "started", "ended", "error");

    private TrialExport() {
    }

    /**
     * Writes one row per trial: {@code id,state,value,fidelity,seed,started,ended,error}, then
     * one column {@code metric.NAME} per metric any trial recorded (sorted; empty where a trial has
     * none), {@code feasible} (true/false, completed trials only) for a study with constraints,
     * {@code front} (true/false) for a multi-objective study, then one column per configuration key when every configuration is a flat JSON object (keys
     * in order of first appearance; a key named like a fixed column gets a {@code config.}
     * prefix), else a single {@code config} column with the JSON text. The writer is flushed,
     * not closed.
     */
    public static void toCsv(List<TrialRecord> trials, Marks marks, Writer out) throws IOException {
        List<JsonNode> configs = new ArrayList<>(trials.size());
        Set<String> keys = new LinkedHashSet<>();
        boolean flat = true;
        for (TrialRecord t : trials) {
            JsonNode c = parse(t.config());
            configs.add(c);
            if (flat && c != null && c.isObject() && isFlat(c)) {
                c.fieldNames().forEachRemaining(keys::add);
            } else {
                flat = false;
            }
        }
        Set<String> metricNames = new java.util.TreeSet<>();
        trials.forEach(t -> metricNames.addAll(t.metrics().keySet()));
        List<String> header = new ArrayList<>(FIXED);
        metricNames.forEach(m -> header.add("metric." + m));
        if (marks.constrained()) header.add("feasible");
        if (marks.multiObjective()) header.add("front");
        if (flat) {
            for (String k : keys) {
                header.add(FIXED.contains(k) || k.equals("config") ? "config." + k : k);
            }
        } else {
            header.add("config");
        }
        writeRow(out, header);
        for (int i = 0; i < trials.size(); i++) {
            TrialRecord t = trials.get(i);
            List<String> row = new ArrayList<>(header.size());
            row.add(Long.toString(t.id()));
            row.add(t.state().name());
            row.add(Double.isNaN(t.value()) ? "" : Double.toString(t.value()));
            row.add(Double.toString(t.fidelity()));
            row.add(Long.toString(t.seed()));
            row.add(time(t.startedAtMillis()));
            row.add(time(t.endedAtMillis()));
            row.add(t.error() == null ? "" : t.error());
            for (String m : metricNames) {
                Double v = t.metrics().get(m);
                row.add(v == null ? "" : Double.toString(v));
            }
            if (marks.constrained()) row.add(t.state() == TrialState.COMPLETE ? Boolean.toString(!marks.infeasible().contains(t.id())) : "");
            if (marks.multiObjective()) row.add(Boolean.toString(marks.front().contains(t.id())));
            if (flat) {
                JsonNode c = configs.get(i);
                for (String k : keys) {
                    JsonNode v = c.get(k);
                    row.add(v == null || v.isNull() ? "" : v.asText());
                }
            } else {
                row.add(t.config());
            }
            writeRow(out, row);
        }
        out.flush();
    }

    /**
     * Writes {@code {"trials": [...]}} with, per trial: id, state, value, config (the parsed
     * JSON object; the text when it is not JSON), fidelity, curve, point, seed, attempt,
     * sequence, told, duplicate_of, parent (the study's bookkeeping, null when absent),
     * started, ended, error, attrs, metrics; {@code feasible} (completed trials of a study with
     * constraints); for a multi-objective study, {@code values} (the value, then each goal's metric,
     * null where missing) and {@code front} (on the Pareto front). The writer is flushed, not closed.
     */
    public static void toJson(List<TrialRecord> trials, Marks marks, Writer out) throws IOException {
        JsonGenerator g = JSON.getFactory().createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeArrayFieldStart("trials");
        for (TrialRecord t : trials) {
            g.writeStartObject();
            g.writeNumberField("id", t.id());
            g.writeStringField("state", t.state().name());
            g.writeFieldName("value");
            number(g, t.value());
            g.writeFieldName("config");
            JsonNode c = parse(t.config());
            if (c == null) {
                g.writeString(t.config());
            } else {
                g.writeTree(c);
            }
            g.writeNumberField("fidelity", t.fidelity());
            g.writeFieldName("curve");
            numbers(g, t.curve());
            g.writeFieldName("point");
            numbers(g, t.point());
            g.writeNumberField("seed", t.seed());
            g.writeNumberField("attempt", t.attempt());
            optional(g, "sequence", t.sequence());
            optional(g, "told", t.told());
            optional(g, "duplicate_of", t.duplicateOf());
            optional(g, "parent", t.parent());
            g.writeFieldName("started");
            timeJson(g, t.startedAtMillis());
            g.writeFieldName("ended");
            timeJson(g, t.endedAtMillis());
            g.writeStringField("error", t.error());
            g.writeObjectFieldStart("attrs");
            for (Map.Entry<String, String> a : t.attrs().entrySet()) {
                g.writeStringField(a.getKey(), a.getValue());
            }
            g.writeEndObject();
            g.writeObjectFieldStart("metrics");
            for (Map.Entry<String, Double> m : t.metrics().entrySet()) {
                g.writeNumberField(m.getKey(), m.getValue());
            }
            g.writeEndObject();
            if (marks.constrained() && t.state() == TrialState.COMPLETE) {
                g.writeBooleanField("feasible", !marks.infeasible().contains(t.id()));
            }
            if (marks.multiObjective()) {
                g.writeArrayFieldStart("values");
                number(g, t.value());
                for (String goal : marks.goals()) {
                    Double v = t.metrics().get(goal);
                    number(g, v == null ? Double.NaN : v);
                }
                g.writeEndArray();
                g.writeBooleanField("front", marks.front().contains(t.id()));
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
        g.close();
        out.flush();
    }

    private static void optional(JsonGenerator g, String field, OptionalLong v) throws IOException {
        if (v.isPresent()) {
            g.writeNumberField(field, v.getAsLong());
        } else {
            g.writeNullField(field);
        }
    }

    private static JsonNode parse(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            return n == null || n.isMissingNode() ? null : n;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static boolean isFlat(JsonNode object) {
        for (Iterator<JsonNode> it = object.elements(); it.hasNext(); ) {
            if (it.next().isContainerNode()) {
                return false;
            }
        }
        return true;
    }

    private static String time(long millis) {
        return millis == 0 ? "" : Instant.ofEpochMilli(millis).toString();
    }

    private static void timeJson(JsonGenerator g, long millis) throws IOException {
        if (millis == 0) {
            g.writeNull();
        } else {
            g.writeString(Instant.ofEpochMilli(millis).toString());
        }
    }

    // JSON has no NaN: a missing value is null (infinities are written as quoted strings)
    private static void number(JsonGenerator g, double v) throws IOException {
        if (Double.isNaN(v)) {
            g.writeNull();
        } else {
            g.writeNumber(v);
        }
    }

    private static void numbers(JsonGenerator g, double[] values) throws IOException {
        g.writeStartArray();
        for (double v : values) {
            number(g, v);
        }
        g.writeEndArray();
    }

    private static void writeRow(Writer out, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(csvCell(cells.get(i)));
        }
        out.write('\n');
    }

    /** RFC 4180 quoting: only when needed, with inner quotes doubled. */
    static String csvCell(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
