package io.ams.lcbench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * The LCBench surrogate over stdin and stdout, so that another optimiser (bench/python/lcbench_optuna.py:
 * Optuna) sees exactly the numbers Ams's {@link LcBenchObjective} does. One JSON object a line in:
 *
 * <pre>{"task": "3945", "config": {"batch_size": 64, "learning_rate": 0.01, "momentum": 0.9,
 *  "weight_decay": 0.001, "num_layers": 3, "max_units": 256, "max_dropout": 0.2}, "epoch": 12}</pre>
 *
 * and one JSON line out, the six predictions by name, as {@link LcBenchObjective#predict} gives them
 * (floats, written exactly):
 *
 * <pre>{"time": ..., "val_accuracy": ..., "val_cross_entropy": ..., "val_balanced_accuracy": ...,
 *  "test_cross_entropy": ..., "test_balanced_accuracy": ...}</pre>
 *
 * A line it cannot answer (not JSON, an unknown task, a missing, unknown or out-of-range
 * hyperparameter, an epoch outside 1..52) gets {@code {"error": "..."}} naming the problem, and the
 * server reads on. An empty line is skipped; end of input ends it.
 *
 * <pre>java -cp java/lcbench/target/ams-lcbench.jar:java/cli/target/ams.jar io.ams.lcbench.Serve</pre>
 */
public final class Serve {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LcBenchSurrogate surrogate;

    public Serve(LcBenchSurrogate surrogate) {
        this.surrogate = surrogate;
    }

    public static void main(String[] args) throws IOException {
        try (LcBenchSurrogate surrogate = LcBenchSurrogate.open()) {
            PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
            new Serve(surrogate).serve(new InputStreamReader(System.in, StandardCharsets.UTF_8), out);
        }
    }

    /** Answers every line of {@code in} on {@code out}, flushing after each, until end of input. */
    public void serve(Reader in, PrintStream out) throws IOException {
        BufferedReader reader = new BufferedReader(in);
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isBlank()) continue;
            out.println(answer(line));
            out.flush();
        }
    }

    /** The answer to one request line: the six predictions, or {"error": ...}. */
    public String answer(String line) {
        try {
            float[] y = predict(line);
            ObjectNode o = JSON.createObjectNode();
            for (int i = 0; i < y.length; i++) o.put(LcBench.TARGETS.get(i), (double) y[i]);
            return JSON.writeValueAsString(o);
        } catch (RuntimeException | IOException e) {
            ObjectNode o = JSON.createObjectNode();
            o.put("error", e.getMessage() == null ? e.toString() : e.getMessage());
            try {
                return JSON.writeValueAsString(o);
            } catch (IOException never) {
                throw new IllegalStateException(never);
            }
        }
    }

    private float[] predict(String line) throws IOException {
        JsonNode request;
        try {
            request = JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON object: " + abbreviate(line));
        }
        if (request == null || !request.isObject()) throw new IllegalArgumentException("not a JSON object: " + abbreviate(line));
        for (Iterator<String> it = request.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!k.equals("task") && !k.equals("config") && !k.equals("epoch")) {
                throw new IllegalArgumentException("unknown field '" + k + "'; a request has task, config and epoch");
            }
        }
        JsonNode task = request.get("task");
        if (task == null || !(task.isTextual() || task.isIntegralNumber())) throw new IllegalArgumentException("the request needs task, an OpenML task id");
        String taskId = task.asText();
        if (!LcBench.TASKS.contains(taskId)) {
            throw new IllegalArgumentException("unknown LCBench task '" + taskId + "'; the 34 tasks: " + String.join(", ", LcBench.TASKS));
        }
        JsonNode epochNode = request.get("epoch");
        if (epochNode == null || !epochNode.isNumber() || epochNode.asDouble() != Math.rint(epochNode.asDouble())
                || epochNode.asDouble() < 1 || epochNode.asDouble() > LcBench.MAX_EPOCH) {
            throw new IllegalArgumentException("epoch must be an integer 1.." + LcBench.MAX_EPOCH + ", got " + epochNode);
        }
        JsonNode config = request.get("config");
        if (config == null || !config.isObject()) throw new IllegalArgumentException("the request needs config, an object of the 7 hyperparameters");
        for (Iterator<String> it = config.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (LcBench.HYPERPARAMETERS.stream().noneMatch(h -> h.name().equals(k))) {
                throw new IllegalArgumentException("config: lcbench has no hyperparameter '" + k + "'");
            }
        }
        double[] inputs = new double[LcBench.INPUTS.size()];
        inputs[0] = epochNode.asInt();
        for (LcBench.Hyperparameter h : LcBench.HYPERPARAMETERS) {
            JsonNode v = config.get(h.name());
            if (v == null) throw new IllegalArgumentException("config lacks " + h.name());
            if (!v.isNumber()) throw new IllegalArgumentException("config." + h.name() + " must be a number, got " + v);
            double x = v.asDouble();
            if (!h.contains(x)) throw new IllegalArgumentException("config." + h.name() + " = " + x + " is outside [" + h.low() + ", " + h.high() + "]");
            if (h.integer() && x != Math.rint(x)) throw new IllegalArgumentException("config." + h.name() + " must be an integer, got " + x);
            inputs[LcBench.INPUTS.indexOf(h.name())] = x;
        }
        return surrogate.predict(taskId, inputs);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
