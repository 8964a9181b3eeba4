package io.ams.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ams.data.Datasets;
import io.ams.data.PreparedData;
import io.ams.data.ResolvedData;
import io.ams.models.MlpParameters;
import io.ams.nn.EpochStats;
import io.ams.nn.Evaluation;
import io.ams.nn.Layer;
import io.ams.nn.NativeData;
import io.ams.nn.Network;
import io.ams.nn.TrainConfig;
import io.ams.nn.TrainResult;
import io.ams.nn.Trainer;
import io.ams.space.Config;
import io.ams.space.LayerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ams train}: trains one network and reports its learning curve, test metric and throughput. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train one MLP with the native trainer on a named or given dataset.")
final class TrainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--config", description = "YAML or JSON file with any of the options below (flags override it).")
    Path config;
    @Option(names = "--dataset", description = "digits (default), iris, wine, breast_cancer, fashion-mnist, csv:PATH, libsvm:PATH, idx:DIR.")
    String dataset;
    @Option(names = "--layers", split = ",", description = "Hidden layer widths, e.g. 256,128 (default 128,64).")
    List<Integer> layers;
    @Option(names = "--activation", description = "relu (default), leaky-relu, tanh, sigmoid, gelu.")
    String activation;
    @Option(names = "--dropout", description = "Dropout after each hidden layer (default 0).")
    Double dropout;
    @Option(names = "--batchnorm", arity = "0..1", fallbackValue = "true", description = "Batch normalisation in hidden layers.")
    Boolean batchnorm;
    @Option(names = "--init", description = "he or xavier (default: he for relu-like, xavier otherwise).")
    String init;
    @Option(names = "--optimizer", description = "sgd, momentum, nesterov, adam (default), adamw, rmsprop, adagrad.")
    String optimizer;
    @Option(names = "--lr", description = "Learning rate (default 1e-3).")
    Double lr;
    @Option(names = "--momentum", description = "Momentum for momentum/nesterov/rmsprop (default 0.9 for momentum and nesterov, else 0).")
    Double momentum;
    @Option(names = "--weight-decay", description = "L2 weight decay, decoupled for adamw (default 0.01 for adamw, else 0).")
    Double weightDecay;
    @Option(names = "--clip", description = "Global gradient-norm clipping (0 = off).")
    Double clip;
    @Option(names = "--schedule", description = "constant (default), step, cosine.")
    String schedule;
    @Option(names = "--warmup", description = "Linear warm-up epochs, fractions allowed (default 0).")
    Double warmupEpochs;
    @Option(names = "--step-epochs", description = "Step schedule: epochs between decays (default 10).")
    Integer stepEpochs;
    @Option(names = "--gamma", description = "Step schedule: decay factor (default 0.1).")
    Double gamma;
    @Option(names = "--batch", description = "Mini-batch size (default 64).")
    Integer batch;
    @Option(names = "--epochs", description = "Epochs (default 20).")
    Integer epochs;
    @Option(names = "--patience", description = "Early stopping patience in epochs (default 0 = off).")
    Integer patience;
    @Option(names = "--prune", description = "Prune to this sparsity after training, e.g. 0.8.")
    Double pruneSparsity;
    @Option(names = "--prune-mode", description = "weights (default) or neurons; without --prune, prunes to sparsity 0.5.")
    String pruneMode;
    @Option(names = "--prune-steps", description = "Gradual pruning steps on a cubic sparsity ramp (default 1 = one shot).")
    Integer pruneSteps;
    @Option(names = "--finetune", description = "Fine-tuning epochs in all (default 3); gradual pruning spends half of them, rounded up, after its last step.")
    Integer finetuneEpochs;
    @Option(names = "--seed", description = "Seed for split, init, shuffling, dropout (default 1).")
    Long seed;
    @Option(names = "--threads", description = "BLAS threads for this training (default 1).")
    Integer threads;
    @Option(names = "--val-fraction", description = "Validation fraction (default 0.15; 0.1 of train for datasets with their own test set).")
    Double valFraction;
    @Option(names = "--test-fraction", description = "Test fraction for datasets without their own test set (default 0.15).")
    Double testFraction;
    @Option(names = "--json", description = "Print one JSON result object instead of the table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        TrainFile file = config == null ? TrainFile.EMPTY : TrainFile.read(config);
        String datasetSpec = pick(dataset, file.dataset(), "digits");
        long seedValue = pick(seed, file.seed(), 1L);
        TrainConfig trainConfig = trainConfig(file, seedValue);
        PrintWriter out = spec.commandLine().getOut();

        ResolvedData source = Datasets.resolve(datasetSpec);
        PreparedData data = Datasets.prepare(source,
                pick(valFraction, file.valFraction(), source.hasOwnTestSet() ? 0.1 : 0.15),
                pick(testFraction, file.testFraction(), 0.15), seedValue);
        try (NativeData train = NativeData.of(data.train());
             NativeData validation = NativeData.of(data.validation());
             NativeData test = NativeData.of(data.test());
             Network net = Network.forData(trainConfig.network(), train, seedValue)) {
            if (!json) {
                out.printf(Locale.ROOT, "dataset %s: train %d, validation %d, test %d (%d features, %s)%n", datasetSpec,
                        train.rows(), validation.rows(), test.rows(), train.cols(),
                        train.isClassification() ? train.classes() + " classes" : train.outputWidth() + " targets");
                out.printf(Locale.ROOT, "network %s, %,d parameters, %,d FLOPs/sample forward%n",
                        describe(net), net.parameterCount(), net.flopsPerSample());
                out.printf(Locale.ROOT, "%5s %-8s %11s %11s %11s %8s%n", "epoch", "phase", "train_loss", "val_loss",
                        train.isClassification() ? "val_acc" : "val_mse", "seconds");
                out.flush();
            }
            TrainResult result = Trainer.fit(net, trainConfig, train, validation, json ? null : e -> {
                out.printf(Locale.ROOT, "%5d %-8s %11.5f %11.5f %11.5f %8.3f%n", e.epoch(), e.phase(), e.trainLoss(),
                        e.validationLoss(), e.validationMetric(), e.trainSeconds());
                out.flush();
            });
            Evaluation testEval = net.evaluate(test, trainConfig.threads());
            double gflops = result.samplesPerSecond() * net.trainFlopsPerSample() / 1e9;
            double latency;
            try (NativeData oneRow = NativeData.of(data.train().subset(new int[] {0}))) {
                latency = net.latencyMillis(oneRow, LATENCY_REPEATS);
            }
            if (json) {
                out.println(new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                        .writeValueAsString(jsonResult(datasetSpec, trainConfig, train, result, testEval, data, gflops, latency)));
            } else {
                String metric = train.isClassification() ? "accuracy" : "mse";
                out.printf(Locale.ROOT, "best epoch %d%s: validation %s %.4f%n", result.bestEpoch(),
                        result.stoppedEarly() ? " (stopped early)" : "", metric,
                        result.pruning() != null ? result.pruning().metricBefore() : result.validation().metric());
                if (result.pruning() != null) {
                    var p = result.pruning();
                    out.printf(Locale.ROOT, "pruning %s to %.2f: validation %s %.4f -> %.4f after pruning -> %.4f after fine-tuning; %,d of %,d weights left (sparsity %.3f)%n",
                            p.pruning().mode().name().toLowerCase(Locale.ROOT), p.pruning().sparsity(), metric,
                            p.metricBefore(), p.metricAfterPruning(), p.metricAfterFineTuning(), p.nonzeroWeightsAfter(),
                            p.weightsBefore(), p.achievedSparsity());
                }
                out.printf(Locale.ROOT, "test %s %.4f (loss %.4f)%n", metric, testEval.metric(), testEval.loss());
                out.printf(Locale.ROOT, "throughput %,.0f samples/s (%d thread%s), %.2f GFLOP/s training, wall %.2f s%n",
                        result.samplesPerSecond(), trainConfig.threads(), trainConfig.threads() == 1 ? "" : "s",
                        gflops, result.wallSeconds());
                out.printf(Locale.ROOT, "latency %.4f ms per prediction (batch 1, one thread, median of %d)%n",
                        latency, LATENCY_REPEATS);
            }
        }
        return 0;
    }

    /** Forward passes timed for the latency figure: a fraction of a second even for wide networks. */
    private static final int LATENCY_REPEATS = 201;

    /**
     * The flags over the file, as the configuration a search would hand the MLP objective, so
     * that {@code ams train} and a trial train the same network from the same settings, with
     * the same defaults ({@link MlpParameters}) for what neither gives.
     */
    Config config(TrainFile f) {
        Map<String, Object> v = new LinkedHashMap<>();
        put(v, MlpParameters.OPTIMIZER, pick(optimizer, f.optimizer(), null));
        put(v, MlpParameters.LR, pick(lr, f.lr(), null));
        put(v, MlpParameters.MOMENTUM, pick(momentum, f.momentum(), null));
        put(v, MlpParameters.WEIGHT_DECAY, pick(weightDecay, f.weightDecay(), null));
        put(v, MlpParameters.CLIP, pick(clip, f.clip(), null));
        put(v, MlpParameters.SCHEDULE, pick(schedule, f.schedule(), null));
        put(v, MlpParameters.WARMUP_EPOCHS, pick(warmupEpochs, f.warmupEpochs(), null));
        put(v, MlpParameters.STEP_EPOCHS, pick(stepEpochs, f.stepEpochs(), null));
        put(v, MlpParameters.GAMMA, pick(gamma, f.gamma(), null));
        put(v, MlpParameters.BATCH, pick(batch, f.batch(), null));
        put(v, MlpParameters.EPOCHS, pick(epochs, f.epochs(), null));
        put(v, MlpParameters.PATIENCE, pick(patience, f.patience(), null));
        put(v, MlpParameters.INIT, pick(init, f.init(), null));

        // --prune S means "prune to sparsity S", of weights unless --prune-mode says neurons
        TrainFile.Prune fp = f.prune() == null ? new TrainFile.Prune(null, null, null, null) : f.prune();
        Double sparsity = pick(pruneSparsity, fp.sparsity(), null);
        String mode = pick(pruneMode, fp.mode(), null);
        if (sparsity != null || mode != null) v.put(MlpParameters.PRUNE.name(), mode != null ? mode : "weights");
        put(v, MlpParameters.SPARSITY, sparsity);
        put(v, MlpParameters.PRUNE_STEPS, pick(pruneSteps, fp.steps(), null));
        put(v, MlpParameters.FINETUNE_EPOCHS, pick(finetuneEpochs, fp.finetuneEpochs(), null));

        // every hidden layer shares the activation, dropout and batch normalisation flags
        Map<String, Object> shared = new LinkedHashMap<>();
        put(shared, MlpParameters.ACTIVATION, pick(activation, f.activation(), null));
        put(shared, MlpParameters.DROPOUT, pick(dropout, f.dropout(), null));
        put(shared, MlpParameters.BATCHNORM, pick(batchnorm, f.batchnorm(), null));
        List<LayerConfig> hidden = new ArrayList<>();
        for (int units : pick(layers, f.layers(), MlpParameters.DEFAULT_LAYERS)) {
            Map<String, Object> layer = new LinkedHashMap<>(shared);
            layer.put(MlpParameters.UNITS.name(), units);
            hidden.add(LayerConfig.of(layer));
        }
        return new Config(v, Map.of(MlpParameters.STACK, hidden));
    }

    /** The training run the flags and the file ask for. */
    TrainConfig trainConfig(TrainFile f, long seedValue) {
        return MlpParameters.trainConfig(config(f), seedValue, pick(threads, f.threads(), 1));
    }

    private static void put(Map<String, Object> values, MlpParameters.Spec spec, Object value) {
        if (value != null) values.put(spec.name(), value);
    }

    private static <T> T pick(T flag, T fromFile, T fallback) {
        return flag != null ? flag : fromFile != null ? fromFile : fallback;
    }

    private static String describe(Network net) {
        StringBuilder sb = new StringBuilder().append(net.inputWidth());
        for (Layer l : net.spec().hidden()) {
            sb.append('-').append(l.units());
        }
        sb.append('-').append(net.outputWidth());
        if (!net.spec().hidden().isEmpty()) {
            Layer first = net.spec().hidden().get(0);
            sb.append(' ').append(first.activation().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            if (first.batchNorm()) sb.append(" +batchnorm");
            if (first.dropout() > 0) sb.append(" dropout ").append(first.dropout());
        }
        return sb.toString();
    }

    private static Map<String, Object> jsonResult(String datasetSpec, TrainConfig c, NativeData train, TrainResult r,
                                                  Evaluation test, PreparedData data, double gflops, double latency) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("dataset", datasetSpec);
        o.put("train_rows", train.rows());
        o.put("validation_rows", data.validation().rows());
        o.put("test_rows", data.test().rows());
        o.put("layers", c.network().hidden().stream().map(Layer::units).toList());
        o.put("activation", c.network().hidden().isEmpty() ? "none" : c.network().hidden().get(0).activation().name().toLowerCase(Locale.ROOT));
        o.put("optimizer", c.optimizer().kind().name().toLowerCase(Locale.ROOT));
        o.put("lr", c.optimizer().lr());
        o.put("batch", c.batchSize());
        o.put("epochs", c.epochs());
        o.put("threads", c.threads());
        o.put("seed", c.seed());
        o.put("params", r.parameters());
        o.put("nonzero_weights", r.nonzeroWeights());
        o.put("flops_per_sample", r.flopsPerSample());
        o.put("samples_per_s", r.samplesPerSecond());
        o.put("train_gflops", gflops);
        o.put("latency_ms", latency);
        o.put("wall_s", r.wallSeconds());
        o.put("best_epoch", r.bestEpoch());
        o.put("stopped_early", r.stoppedEarly());
        String metric = train.isClassification() ? "accuracy" : "mse";
        o.put("validation_" + metric, r.validation().metric());
        o.put("test_" + metric, test.metric());
        o.put("test_loss", test.loss());
        List<Map<String, Object>> curve = new ArrayList<>();
        for (EpochStats e : r.curve()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("epoch", e.epoch());
            p.put("phase", e.phase());
            p.put("train_loss", e.trainLoss());
            p.put("val_loss", e.validationLoss());
            p.put("val_" + metric, e.validationMetric());
            p.put("seconds", e.trainSeconds());
            curve.add(p);
        }
        o.put("curve", curve);
        if (r.pruning() != null) {
            var p = r.pruning();
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("mode", p.pruning().mode().name().toLowerCase(Locale.ROOT));
            pm.put("target_sparsity", p.pruning().sparsity());
            pm.put("achieved_sparsity", p.achievedSparsity());
            pm.put("val_" + metric + "_before", p.metricBefore());
            pm.put("val_" + metric + "_after_pruning", p.metricAfterPruning());
            pm.put("val_" + metric + "_after_finetune", p.metricAfterFineTuning());
            pm.put("weights_before", p.weightsBefore());
            pm.put("nonzero_weights_after", p.nonzeroWeightsAfter());
            pm.put("params_after", p.parametersAfter());
            o.put("pruning", pm);
        }
        return o;
    }
}
