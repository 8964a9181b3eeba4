package io.ams.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ams.core.Direction;
import io.ams.engine.Goal;
import io.ams.space.ChoiceParameter;
import io.ams.space.Config;
import io.ams.space.IntParameter;
import io.ams.space.LayerStack;
import io.ams.space.Parameter;
import io.ams.space.RealParameter;
import io.ams.space.Scale;
import io.ams.store.StudyMeta;
import io.ams.store.TrialRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A study as Optuna's journal (the log {@code optuna.storages.JournalFileStorage} reads, Optuna
 * 3.1+): one JSON object per line, each an operation with its {@code op_code} and
 * {@code worker_id}, replayed in order. Written to a new file, the study is study 0 and the
 * trials are trials 0, 1, ... in the order given, so that
 * {@code optuna.load_study(study_name=None, storage=JournalStorage(JournalFileStorage(FILE)))}
 * opens it, and optuna-dashboard and {@code optuna.visualization} show it.
 *
 * <p>What is written, per trial, is what Optuna itself logs while a study runs: CREATE_TRIAL
 * (with the trial's start), one SET_TRIAL_PARAM per active gene (named as {@link Genes} names it,
 * with its distribution: a real a FloatDistribution, an integer an IntDistribution, a choice a
 * CategoricalDistribution whose value is the choice's index, a stack's depth an IntDistribution
 * from its least to its greatest depth), one SET_TRIAL_INTERMEDIATE_VALUE per point of the curve
 * (steps 0, 1, ...: a curve is one value per report, an epoch for the MLP), the user attributes
 * ({@code ams_id}, {@code fidelity}, {@code seed}, {@code attempt}, {@code parent},
 * {@code duplicate_of}, {@code error}, {@code metric.NAME}, {@code attr.KEY}), then
 * SET_TRIAL_STATE_VALUES with the end.
 *
 * <p>States: COMPLETE stays COMPLETE with its values (the value, then each goal's metric for a
 * multi-objective study); FAILED is FAIL; PRUNED is PRUNED, with the value as Optuna's own
 * {@code tell} gives a pruned trial (a single-objective study's finite value; none for a
 * multi-objective one); RUNNING stays RUNNING (a trial still running, or one a killed run left,
 * which a resume re-runs: Optuna shows it as running either way). JSON has no NaN or infinity:
 * a non-finite point of a curve is left out (the user attribute {@code curve_left_out} counts
 * them), and a COMPLETE trial whose value or a goal's metric is not a finite number is written as
 * FAIL with the user attribute {@code ams_state: COMPLETE} and the reason in {@code error}.
 *
 * <p>Times are Optuna's: ISO local date-times with microseconds and no zone, in this JVM's time
 * zone, as {@code datetime.now()} gives them to Optuna.
 */
public final class OptunaJournal {
    // Optuna's JournalOperation, StudyDirection and TrialState codes.
    static final int CREATE_STUDY = 0;
    static final int SET_STUDY_USER_ATTR = 2;
    static final int CREATE_TRIAL = 4;
    static final int SET_TRIAL_PARAM = 5;
    static final int SET_TRIAL_STATE_VALUES = 6;
    static final int SET_TRIAL_INTERMEDIATE_VALUE = 7;
    static final int SET_TRIAL_USER_ATTR = 8;

    static final int DIRECTION_MINIMIZE = 1;
    static final int DIRECTION_MAXIMIZE = 2;

    static final int RUNNING = 0;
    static final int COMPLETE = 1;
    static final int PRUNED = 2;
    static final int FAIL = 3;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter OPTUNA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

    private OptunaJournal() {
    }

    /**
     * Writes {@code meta}'s study and {@code trials} (in that order) as a journal to {@code out},
     * which must be a new, empty file's writer: a journal that already holds a study numbers this
     * one differently. Flushes, does not close.
     *
     * @param genes the study's searched coordinates: {@link Genes#ofStudy} for a genome study,
     *              {@link Genes#of} with the program's space for one made through the Study API
     * @throws IllegalArgumentException when a trial's configuration is not one of {@code genes}'s space
     */
    public static void write(StudyMeta meta, List<TrialRecord> trials, Genes genes, Writer out) throws IOException {
        write(meta, trials, genes, out, ZoneId.systemDefault());
    }

    /** {@link #write(StudyMeta, List, Genes, Writer)} with the times in {@code zone}. */
    public static void write(StudyMeta meta, List<TrialRecord> trials, Genes genes, Writer out, ZoneId zone)
            throws IOException {
        String worker = "ams-export-" + UUID.randomUUID() + "-0";
        List<Goal> goals = Goal.parseAll(meta.attrs().get(StudyMeta.IDENTITY_PREFIX + "goals"));
        Lines lines = new Lines(out, worker);

        ObjectNode create = NODES.objectNode();
        create.put("study_name", meta.name());
        ArrayNode directions = create.putArray("directions");
        directions.add(code(meta.direction()));
        for (Goal g : goals) directions.add(code(g.direction()));
        lines.write(CREATE_STUDY, create);

        for (Map.Entry<String, String> a : studyAttrs(meta).entrySet()) {
            ObjectNode attr = NODES.objectNode();
            attr.put("study_id", 0);
            attr.putObject("user_attr").put(a.getKey(), a.getValue());
            lines.write(SET_STUDY_USER_ATTR, attr);
        }

        Map<String, String> distributions = new LinkedHashMap<>();
        for (Genes.Gene g : genes.genes()) distributions.put(g.label(), distribution(g));

        for (int trialId = 0; trialId < trials.size(); trialId++) {
            writeTrial(lines, trialId, trials.get(trialId), genes, distributions, goals, zone);
        }
        out.flush();
    }

    private static void writeTrial(Lines lines, int trialId, TrialRecord t, Genes genes, Map<String, String> distributions,
                                   List<Goal> goals, ZoneId zone) throws IOException {
        ObjectNode create = NODES.objectNode();
        create.put("study_id", 0);
        create.put("datetime_start", time(t.startedAtMillis(), zone));
        lines.write(CREATE_TRIAL, create);

        Map<String, Object> values;
        try {
            values = genes.values(Config.fromCanonical(t.config()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("trial " + t.id() + "'s configuration is not one of this space: "
                    + e.getMessage(), e);
        }
        for (Genes.Gene g : genes.genes()) {
            if (!values.containsKey(g.label())) continue;
            ObjectNode param = NODES.objectNode();
            param.put("trial_id", trialId);
            param.put("param_name", g.label());
            param.set("param_value_internal", internal(g, values.get(g.label()), t));
            param.put("distribution", distributions.get(g.label()));
            lines.write(SET_TRIAL_PARAM, param);
        }

        double[] curve = t.curve();
        int leftOut = 0;
        for (int step = 0; step < curve.length; step++) {
            if (!Double.isFinite(curve[step])) {
                leftOut++;
                continue;
            }
            ObjectNode iv = NODES.objectNode();
            iv.put("trial_id", trialId);
            iv.put("step", step);
            iv.put("intermediate_value", curve[step]);
            lines.write(SET_TRIAL_INTERMEDIATE_VALUE, iv);
        }

        // The end: state and values, and why a COMPLETE trial cannot be one in Optuna.
        int state;
        List<Double> objective = null;
        String unwritable = null;
        switch (t.state()) {
            case COMPLETE -> {
                objective = new ArrayList<>();
                objective.add(t.value());
                if (!Double.isFinite(t.value())) unwritable = "the value is " + t.value();
                for (Goal g : goals) {
                    Double m = t.metrics().get(g.metric());
                    // the store keeps finite metrics only: a goal's is there and finite, or missing
                    if (m == null && unwritable == null) unwritable = "metric " + g.metric() + " is missing";
                    objective.add(m);
                }
                if (unwritable != null) {
                    unwritable += ", which an Optuna trial cannot have";
                    objective = null;
                }
                state = unwritable == null ? COMPLETE : FAIL;
            }
            case PRUNED -> {
                state = PRUNED;
                if (goals.isEmpty() && Double.isFinite(t.value())) objective = List.of(t.value());
            }
            case FAILED -> state = FAIL;
            case RUNNING -> state = RUNNING;
            default -> throw new IllegalStateException("no Optuna state for " + t.state());
        }

        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("ams_id", t.id());
        attrs.put("fidelity", t.fidelity());
        attrs.put("seed", t.seed());
        attrs.put("attempt", t.attempt());
        t.parent().ifPresent(p -> attrs.put("parent", p));
        t.duplicateOf().ifPresent(d -> attrs.put("duplicate_of", d));
        if (t.error() != null) attrs.put("error", t.error());
        if (unwritable != null) {
            attrs.put("ams_state", t.state().name());
            attrs.put("error", unwritable);
        }
        if (leftOut > 0) attrs.put("curve_left_out", leftOut);
        t.metrics().forEach((k, v) -> attrs.put("metric." + k, v));
        t.attrs().forEach((k, v) -> attrs.put("attr." + k, v));
        for (Map.Entry<String, Object> a : attrs.entrySet()) {
            ObjectNode attr = NODES.objectNode();
            attr.put("trial_id", trialId);
            attr.putObject("user_attr").set(a.getKey(), JSON.valueToTree(a.getValue()));
            lines.write(SET_TRIAL_USER_ATTR, attr);
        }

        if (state == RUNNING) return; // CREATE_TRIAL left it running, with its start
        ObjectNode end = NODES.objectNode();
        end.put("trial_id", trialId);
        end.put("state", state);
        if (objective == null) {
            end.putNull("values");
        } else {
            ArrayNode v = end.putArray("values");
            objective.forEach(v::add);
        }
        long ended = t.endedAtMillis() > 0 ? t.endedAtMillis() : t.startedAtMillis();
        end.put("datetime_complete", time(ended, zone));
        lines.write(SET_TRIAL_STATE_VALUES, end);
    }

    /** The study's user attributes: what it searched with and for; the genome's text when it has one. */
    static Map<String, String> studyAttrs(StudyMeta meta) {
        Map<String, String> attrs = new LinkedHashMap<>();
        if (!meta.strategy().isBlank()) attrs.put("strategy", meta.strategy());
        attrs.put("seed", Long.toString(meta.seed()));
        String options = meta.attrs().get(StudyMeta.STRATEGY_OPTIONS);
        if (options != null && !options.equals("{}")) attrs.put("strategy_options", options);
        attrs.put("metric", meta.attrs().getOrDefault(StudyMeta.IDENTITY_PREFIX + "metric", "value"));
        attrs.put("direction", meta.direction().name().toLowerCase(java.util.Locale.ROOT));
        meta.attrs().forEach((k, v) -> {
            if (!k.startsWith(StudyMeta.IDENTITY_PREFIX) || k.equals(StudyMeta.IDENTITY_PREFIX + "metric")) return;
            if (v.isBlank() || v.equals("none")) return;
            attrs.put(k.substring(StudyMeta.IDENTITY_PREFIX.length()), v);
        });
        if (!meta.spaceSource().isBlank()) attrs.put("genome", meta.spaceSource());
        return attrs;
    }

    /** The gene's distribution as Optuna's {@code distribution_to_json} writes it (a JSON text). */
    static String distribution(Genes.Gene g) {
        ObjectNode d = NODES.objectNode();
        ObjectNode a = NODES.objectNode();
        if (g.isDepth()) {
            LayerStack s = g.stack().orElseThrow();
            d.put("name", "IntDistribution");
            a.put("log", false);
            a.put("step", 1);
            a.put("low", s.minDepth());
            a.put("high", s.maxDepth());
        } else {
            Parameter p = g.parameter().orElseThrow();
            if (p instanceof RealParameter r) {
                d.put("name", "FloatDistribution");
                a.putNull("step");
                a.put("low", r.low());
                a.put("high", r.high());
                a.put("log", r.scale() == Scale.LOG);
            } else if (p instanceof IntParameter i) {
                d.put("name", "IntDistribution");
                // Optuna has no log scale with a step: a stepped log range is written with
                // step 1, which still holds every value it can take.
                boolean log = i.scale() == Scale.LOG;
                a.put("log", log);
                a.put("step", log ? 1 : i.step());
                a.put("low", i.low());
                a.put("high", i.high());
            } else if (p instanceof ChoiceParameter c) {
                d.put("name", "CategoricalDistribution");
                ArrayNode choices = a.putArray("choices");
                for (Object o : c.choices()) choices.add(JSON.valueToTree(o));
            } else {
                throw new IllegalStateException("gene " + g.label() + " encodes " + p + ", which Optuna has no distribution for");
            }
        }
        d.set("attributes", a);
        return d.toString();
    }

    /** A value as Optuna keeps it internally: a choice's index, else the number. */
    private static com.fasterxml.jackson.databind.JsonNode internal(Genes.Gene g, Object value, TrialRecord t) {
        if (g.parameter().orElse(null) instanceof ChoiceParameter c) {
            int index = c.choices().indexOf(value);
            if (index < 0) {
                throw new IllegalArgumentException("trial " + t.id() + " sets " + g.label() + " to " + value
                        + ", not one of its choices " + c.choices());
            }
            return NODES.numberNode(index);
        }
        if (value instanceof Long l) return NODES.numberNode(l);
        if (value instanceof Double d) {
            if (!Double.isFinite(d)) throw new IllegalArgumentException("trial " + t.id() + " sets " + g.label() + " to " + d);
            return NODES.numberNode(d);
        }
        if (value instanceof Number n) return NODES.numberNode(n.longValue());
        throw new IllegalArgumentException("trial " + t.id() + " sets " + g.label() + " to " + value + ", not a number");
    }

    private static int code(Direction d) {
        return d == Direction.MAXIMIZE ? DIRECTION_MAXIMIZE : DIRECTION_MINIMIZE;
    }

    static String time(long millis, ZoneId zone) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), zone).format(OPTUNA_TIME);
    }

    /** Writes one operation a line, {@code op_code} and {@code worker_id} first as Optuna does. */
    private static final class Lines {
        private final Writer out;
        private final String worker;

        Lines(Writer out, String worker) {
            this.out = out;
            this.worker = worker;
        }

        void write(int op, ObjectNode fields) throws IOException {
            ObjectNode line = NODES.objectNode();
            line.put("op_code", op);
            line.put("worker_id", worker);
            line.setAll(fields);
            try {
                out.write(JSON.writeValueAsString(line));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
            out.write('\n');
        }
    }
}
