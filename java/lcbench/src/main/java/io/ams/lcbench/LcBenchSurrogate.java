package io.ams.lcbench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * YAHPO Gym's LCBench ONNX surrogate (the bundled {@code model.onnx}, Apache-2.0), queried as
 * yahpo_gym's {@code benchmark_set.py} does: the raw values in {@link LcBench#INPUTS} order as
 * float32 ({@code x_cont}, every scaling is inside the graph), the task's code from
 * {@code encoding.json} as int32 ({@code x_cat}), one configuration per run, outputs in
 * {@link LcBench#TARGETS} order with no post-processing. One ONNX Runtime thread per query; a
 * surrogate is safe to query from several threads at once.
 */
public final class LcBenchSurrogate implements AutoCloseable {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final Map<String, Integer> codes;

    private LcBenchSurrogate(OrtEnvironment env, OrtSession session, Map<String, Integer> codes) {
        this.env = env;
        this.session = session;
        this.codes = codes;
    }

    /** Loads the bundled model. */
    public static LcBenchSurrogate open() {
        Map<String, Integer> codes = new HashMap<>();
        byte[] model;
        try (InputStream enc = resource("encoding.json"); InputStream onnx = resource("model.onnx")) {
            JsonNode tasks = new ObjectMapper().readTree(enc).path("OpenML_task_id");
            tasks.fields().forEachRemaining(e -> codes.put(e.getKey(), e.getValue().asInt()));
            model = onnx.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled LCBench surrogate: " + e.getMessage(), e);
        }
        for (String task : LcBench.TASKS) {
            if (!codes.containsKey(task)) throw new IllegalStateException("encoding.json has no code for task " + task);
        }
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            return new LcBenchSurrogate(env, env.createSession(model, options), Map.copyOf(codes));
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load the LCBench surrogate: " + e.getMessage(), e);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = LcBenchSurrogate.class.getResourceAsStream(name);
        if (in == null) throw new IOException(name + " is missing from the ams-lcbench jar");
        return in;
    }

    /**
     * The six predictions ({@link LcBench#TARGETS} order) for one configuration of {@code task}.
     *
     * @param inputs the values of {@link LcBench#INPUTS}, in that order (epoch first)
     */
    public float[] predict(String task, double[] inputs) {
        Integer code = codes.get(task);
        if (code == null || !LcBench.TASKS.contains(task)) {
            throw new IllegalArgumentException("unknown LCBench task '" + task + "'; the 34 tasks: " + String.join(", ", LcBench.TASKS));
        }
        if (inputs.length != LcBench.INPUTS.size()) {
            throw new IllegalArgumentException("LCBench reads " + LcBench.INPUTS.size() + " inputs (" + String.join(", ", LcBench.INPUTS)
                    + "), got " + inputs.length);
        }
        float[][] cont = new float[1][inputs.length];
        for (int i = 0; i < inputs.length; i++) cont[0][i] = (float) inputs[i];
        int[][] cat = {{code}};
        try (OnnxTensor xCat = OnnxTensor.createTensor(env, cat);
             OnnxTensor xCont = OnnxTensor.createTensor(env, cont);
             OrtSession.Result out = session.run(Map.of("x_cat", xCat, "x_cont", xCont))) {
            return ((float[][]) out.get(0).getValue())[0];
        } catch (OrtException e) {
            throw new IllegalStateException("the LCBench surrogate failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the LCBench surrogate: " + e.getMessage(), e);
        }
    }
}
