package io.ams.bench;

import io.ams.data.Dataset;
import io.ams.nn.Activation;
import io.ams.nn.MlpSpec;
import io.ams.nn.NativeData;
import io.ams.nn.Network;
import io.ams.nn.Optimizer;
import io.ams.nn.OptimizerKind;
import io.ams.nn.Schedule;
import java.util.ArrayList;
import java.util.List;

/** The Ams native trainer behind {@link TrainThroughput}: Network.trainEpoch over NativeData. */
final class AmsRun implements TrainThroughput.Impl {
    private final NativeData train, test;
    private final Network net;
    private final int batch, threads;

    private AmsRun(NativeData train, NativeData test, Network net, int batch, int threads) {
        this.train = train;
        this.test = test;
        this.net = net;
        this.batch = batch;
        this.threads = threads;
    }

    static AmsRun create(Fmnist data, int batch, int epochs, int threads, long seed) {
        NativeData train = NativeData.of(dataset("fashion-mnist-train", data.trainX(), data.trainY()));
        NativeData test = NativeData.of(dataset("fashion-mnist-test", data.testX(), data.testY()));
        Network net = Network.forData(MlpSpec.of(Activation.RELU, 256, 128), train, seed);
        net.configure(Optimizer.of(OptimizerKind.ADAM, 1e-3), Schedule.constant(),
                Network.stepsPerEpoch(train.rows(), batch), epochs);
        if (net.flopsPerSample() != TrainThroughput.forwardFlopsPerSample()) {
            throw new IllegalStateException("Ams reports " + net.flopsPerSample() + " forward FLOPs per sample, expected "
                    + TrainThroughput.forwardFlopsPerSample());
        }
        return new AmsRun(train, test, net, batch, threads);
    }

    /** The bench's own [0, 1]-scaled arrays as an io.ams.data.Dataset (no standardisation). */
    private static Dataset dataset(String name, float[] x, int[] y) {
        List<String> classes = new ArrayList<>();
        for (int c = 0; c < Fmnist.CLASSES; c++) classes.add(Integer.toString(c));
        return Dataset.classification(name, x, y.length, Fmnist.COLS, List.of(), y, classes);
    }

    @Override public double trainEpoch() { return net.trainEpoch(train, batch, threads); }

    @Override public double testAccuracy() { return net.evaluate(test, threads).metric(); }

    @Override public String extraJson() {
        return ", \"flops_per_sample\": " + net.flopsPerSample() + ", \"blas_config\": "
                + TrainThroughput.quote(blasConfig());
    }

    private static String blasConfig() {
        org.bytedeco.javacpp.BytePointer p = io.ams.natives.NnNative.ams_blas_config();
        return p == null || p.isNull() ? "" : p.getString();
    }

    @Override public void close() {
        net.close();
        test.close();
        train.close();
    }
}
