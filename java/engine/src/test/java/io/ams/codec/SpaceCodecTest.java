package io.ams.codec;

import io.ams.space.Config;
import io.ams.genome.Genome;
import io.ams.space.LayerConfig;
import io.ams.space.LayerStack;
import io.ams.space.Parameter;
import io.ams.space.SearchSpace;
import io.jenetics.DoubleGene;
import io.jenetics.Genotype;
import io.jenetics.engine.Codec;
import io.jenetics.engine.Engine;
import io.jenetics.engine.EvolutionResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpaceCodecTest {
    private static final int POINTS = 1000;

    /** Every kind, conditions (a chain among them), a fixed conditional, a stack with a per-layer condition. */
    static SearchSpace rich() {
        return SearchSpace.builder()
                .add(Parameter.choice("optimizer", "sgd", "momentum", "nesterov", "adam"))
                .add(Parameter.logReal("lr", 1e-5, 1.0))
                .add(Parameter.real("momentum", 0.5, 0.99).when("optimizer", "momentum", "nesterov"))
                .add(Parameter.bool("decay").when("optimizer", "sgd", "adam"))
                .add(Parameter.logReal("weight_decay", 1e-6, 1e-2).when("decay", true))
                .add(Parameter.integer("batch", 16, 256).withStep(16))
                .add(Parameter.integer("epochs", 1, 7))
                .add(Parameter.logInt("patience", 1, 100))
                .add(Parameter.choice("mixed", "a", 2, 0.5, false))
                .add(Parameter.fixed("seed_offset", 3))
                .add(Parameter.fixed("clip", 1.0).when("optimizer", "sgd"))
                .add(Parameter.real("x", -5, 10))
                .add(LayerStack.of("layers", 1, 4).with(
                        Parameter.logInt("units", 16, 512).withStep(16),
                        Parameter.choice("activation", "relu", "tanh", "leaky-relu"),
                        Parameter.real("slope", 0.01, 0.3).when("activation", "leaky-relu"),
                        Parameter.real("dropout", 0, 0.5),
                        Parameter.choice("norm", "none", "batchnorm"),
                        Parameter.fixed("bias", true)))
                .build();
    }

    private static final SpaceCodec CODEC = SpaceCodec.of(rich());

    @Test
    void aFlatSpaceImputesAxisByAxisExactlyAsThroughItsConfiguration() {
        // No conditions and no stacks: the fast path must give what encode(decode(u)) gives.
        SpaceCodec flat = SpaceCodec.of(SearchSpace.builder()
                .add(Parameter.choice("optimizer", "sgd", "adam", "rmsprop"), Parameter.logReal("lr", 1e-5, 1.0),
                        Parameter.real("momentum", 0.5, 0.99), Parameter.bool("nesterov"),
                        Parameter.integer("batch", 16, 256).withStep(16), Parameter.logInt("patience", 1, 100),
                        Parameter.fixed("epochs", 5))
                .build());
        RandomGenerator rnd = new SplittableRandom(5);
        for (int n = 0; n < 2000; n++) {
            double[] u = flat.random(rnd);
            if (n % 7 == 0) u[n % u.length] = n % 2 == 0 ? -0.3 : 1.7;  // off the cube: clamped alike
            assertArrayEquals(flat.encode(flat.decode(u)), flat.imputed(u));
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, flat.activeDimensions(u));
        }
    }

    @Test
    void layoutHasOneCoordinatePerGeneAndNoneForConstants() {
        // 10 non-fixed top-level parameters, then depth + 4 layers x 5 non-fixed per-layer parameters
        assertEquals(10 + 1 + 4 * 5, CODEC.size());
        List<String> labels = CODEC.dimensions().stream().map(Dimension::label).toList();
        assertEquals(List.of("optimizer", "lr", "momentum", "decay", "weight_decay", "batch", "epochs", "patience",
                "mixed", "x", "layers.depth", "layers[0].units", "layers[0].activation"), labels.subList(0, 13));
        assertEquals("layers[3].norm", labels.get(CODEC.size() - 1));
        assertEquals(16, CODEC.dimensions().get(5).cells());
        assertTrue(CODEC.dimensions().get(1).isContinuous());
        assertEquals(4, CODEC.dimensions().get(10).cells());
        for (int i = 0; i < CODEC.size(); i++) assertEquals(i, CODEC.dimensions().get(i).index());
    }

    @Test
    void decodeOfEncodeIsTheIdentityOnConfigs() {
        RandomGenerator rnd = new SplittableRandom(1);
        for (int n = 0; n < POINTS; n++) {
            Config c = CODEC.sample(rnd);
            double[] u = CODEC.encode(c);
            assertEquals(c, CODEC.decode(u), () -> "u = " + Arrays.toString(u));
            assertEquals(c.canonical(), CODEC.decode(u).canonical());
            for (double x : u) assertTrue(x >= 0 && x <= 1, Arrays.toString(u));
        }
    }

    @Test
    void encodeOfDecodeStaysInTheSameCells() {
        RandomGenerator rnd = new SplittableRandom(2);
        for (int n = 0; n < POINTS; n++) {
            double[] u = CODEC.random(rnd);
            double[] back = CODEC.encode(CODEC.decode(u));
            int[] active = CODEC.activeDimensions(u);
            for (int i : active) {
                Dimension d = CODEC.dimensions().get(i);
                if (d.isContinuous()) continue;
                boolean logInt = d.label().equals("patience") || d.label().endsWith(".units");
                if (!logInt) {
                    // equal-width cells: same cell index, and the encoding is that cell's centre
                    long k = (long) Math.floor(u[i] * d.cells());
                    assertEquals(k, (long) Math.floor(back[i] * d.cells()), d.label());
                    assertEquals((k + 0.5) / d.cells(), back[i], 1e-12, d.label());
                }
            }
            assertEquals(CODEC.decode(u), CODEC.decode(back));
        }
    }

    @Test
    void inactiveCoordinatesAreIgnoredAndEncodeAsTheCentre() {
        RandomGenerator rnd = new SplittableRandom(3);
        int sawInactive = 0;
        for (int n = 0; n < POINTS; n++) {
            double[] u = CODEC.random(rnd);
            Config c = CODEC.decode(u);
            Set<Integer> active = new HashSet<>();
            for (int i : CODEC.activeDimensions(u)) active.add(i);
            double[] changed = u.clone();
            double[] encoded = CODEC.encode(c);
            for (int i = 0; i < u.length; i++) {
                if (active.contains(i)) continue;
                sawInactive++;
                changed[i] = rnd.nextDouble();
                assertEquals(SpaceCodec.INACTIVE, encoded[i], CODEC.dimensions().get(i).label());
            }
            assertEquals(c, CODEC.decode(changed));
            assertArrayEquals(encoded, CODEC.imputed(changed));
        }
        assertTrue(sawInactive > POINTS, "the rich space should have inactive genes");
    }

    @Test
    void activeDimensionsFollowConditionsAndDepth() {
        Map<String, Object> top = new HashMap<>(Map.of("optimizer", "adam", "lr", 0.01, "decay", false, "batch", 32,
                "epochs", 3, "patience", 10, "mixed", "a", "x", 0.0));
        Config c = CODEC.space().config(top, Map.of("layers", List.of(
                Map.of("units", 64, "activation", "tanh", "dropout", 0.1, "norm", "none"))));
        List<String> active = Arrays.stream(CODEC.activeDimensions(CODEC.encode(c)))
                .mapToObj(i -> CODEC.dimensions().get(i).label()).toList();
        assertEquals(List.of("optimizer", "lr", "decay", "batch", "epochs", "patience", "mixed", "x", "layers.depth",
                "layers[0].units", "layers[0].activation", "layers[0].dropout", "layers[0].norm"), active);
        assertEquals(Map.of("optimizer", "adam", "lr", 0.01, "decay", false, "batch", 32L, "epochs", 3L,
                "patience", 10L, "mixed", "a", "x", 0.0, "seed_offset", 3L), c.values());
    }

    @Test
    void integerCellsHaveEqualWidthsAndBothEndsAreReachable() {
        SpaceCodec codec = SpaceCodec.of(SearchSpace.builder()
                .add(Parameter.integer("epochs", 1, 7))
                .add(Parameter.integer("batch", 16, 256).withStep(16)).build());
        for (int k = 0; k < 7; k++) {
            double lo = k / 7.0 + 1e-9;
            double hi = (k + 1) / 7.0 - 1e-9;
            assertEquals(1L + k, codec.decode(new double[] {lo, 0}).get("epochs"));
            assertEquals(1L + k, codec.decode(new double[] {hi, 0}).get("epochs"));
        }
        assertEquals(1L, codec.decode(new double[] {0, 0}).get("epochs"));
        assertEquals(7L, codec.decode(new double[] {1, 1}).get("epochs"));
        assertEquals(7L, codec.decode(new double[] {Math.nextDown(1.0), 0}).get("epochs"));
        assertEquals(16L, codec.decode(new double[] {0, 0}).get("batch"));
        assertEquals(256L, codec.decode(new double[] {0, Math.nextDown(1.0)}).get("batch"));

        // uniform sampling gives each of the 16 values about 1/16 of the draws
        Map<Object, Integer> counts = new HashMap<>();
        RandomGenerator rnd = new SplittableRandom(4);
        int draws = 160_000;
        for (int n = 0; n < draws; n++) counts.merge(codec.sample(rnd).get("batch"), 1, Integer::sum);
        assertEquals(16, counts.size());
        for (int count : counts.values()) assertEquals(draws / 16.0, count, draws / 16.0 * 0.05);
    }

    @Test
    void logIntegerCellsFollowTheLogarithmAndReachBothEnds() {
        SpaceCodec codec = SpaceCodec.of(SearchSpace.builder()
                .add(Parameter.logInt("units", 16, 256))
                .add(Parameter.logInt("wide", 64, 1024).withStep(64)).build());
        assertEquals(16L, codec.decode(new double[] {0, 0}).get("units"));
        assertEquals(256L, codec.decode(new double[] {Math.nextDown(1.0), 0}).get("units"));
        assertEquals(64L, codec.decode(new double[] {0, 0}).get("wide"));
        assertEquals(1024L, codec.decode(new double[] {0, 1}).get("wide"));
        // value v owns [ln v, ln(v + step)) of [ln low, ln(high + step)): P(16) = ln(17/16) / ln(257/16)
        Map<Object, Integer> units = new HashMap<>();
        Map<Object, Integer> wide = new HashMap<>();
        RandomGenerator rnd = new SplittableRandom(5);
        int draws = 200_000;
        for (int n = 0; n < draws; n++) {
            Config c = codec.sample(rnd);
            units.merge(c.get("units"), 1, Integer::sum);
            wide.merge(c.get("wide"), 1, Integer::sum);
        }
        assertEquals(241, units.size());
        double p16 = Math.log(17.0 / 16) / Math.log(257.0 / 16);
        assertEquals(p16 * draws, units.get(16L), p16 * draws * 0.1);
        double p64 = Math.log(128.0 / 64) / Math.log(1088.0 / 64);
        assertEquals(p64 * draws, wide.get(64L), p64 * draws * 0.05);
        assertEquals(16, wide.size());
        // every encoded value decodes back to itself
        for (long v = 16; v <= 256; v++) {
            Config c = Config.of(Map.of("units", v, "wide", 64L));
            assertEquals(c, codec.decode(codec.encode(c)));
        }
    }

    @Test
    void theWidestIntegerRangesSampleTheirWholeRangeAndRoundTrip() {
        long linearHigh = 1L << 48;
        long logHigh = 1L << 40;
        SpaceCodec codec = SpaceCodec.of(SearchSpace.builder()
                .add(Parameter.integer("wide", 1, linearHigh))
                .add(Parameter.integer("signed", -(1L << 47), (1L << 47) - 1))
                .add(Parameter.logInt("log", 1, logHigh)).build());
        // uniform sampling reaches the top half of the range as often as the bottom half
        RandomGenerator rnd = new SplittableRandom(6);
        int high = 0;
        int draws = 10_000;
        for (int n = 0; n < draws; n++) {
            Config c = codec.sample(rnd);
            if (c.getLong("wide") > linearHigh / 2) high++;
            assertEquals(c, codec.decode(codec.encode(c)));
        }
        assertEquals(draws / 2.0, high, draws * 0.03);
        // every value survives encode and decode, the ends and their neighbours included, where
        // the cells are narrowest (the linear ones are 2^-48 wide, the log ones near 2^-40 / ln 2^40)
        for (long d = 0; d < 1000; d++) {
            for (Config c : List.of(
                    Config.of(Map.of("wide", 1 + d, "signed", -(1L << 47) + d, "log", 1 + d)),
                    Config.of(Map.of("wide", linearHigh - d, "signed", (1L << 47) - 1 - d, "log", logHigh - d)),
                    Config.of(Map.of("wide", linearHigh / 2 + d, "signed", d - 500, "log", logHigh / 2 + d)))) {
                assertEquals(c, codec.decode(codec.encode(c)));
            }
        }
    }

    @Test
    void everyChoiceIsReachableInItsOwnCell() {
        SpaceCodec codec = SpaceCodec.of(SearchSpace.builder()
                .add(Parameter.choice("mixed", "a", 2, 0.5, false))
                .add(Parameter.bool("flag")).build());
        List<Object> choices = List.of("a", 2L, 0.5, false);
        for (int k = 0; k < 4; k++) {
            assertEquals(choices.get(k), codec.decode(new double[] {k / 4.0, 0}).get("mixed"));
            assertEquals(choices.get(k), codec.decode(new double[] {(k + 1) / 4.0 - 1e-12, 0}).get("mixed"));
            assertEquals((k + 0.5) / 4, codec.encode(Config.of(Map.of("mixed", choices.get(k), "flag", true)))[0]);
        }
        assertEquals(false, codec.decode(new double[] {0, 0.49}).get("flag"));
        assertEquals(true, codec.decode(new double[] {0, 0.5}).get("flag"));
    }

    @Test
    void realsMapLinearlyOrInTheLogarithm() {
        SpaceCodec codec = SpaceCodec.of(SearchSpace.builder()
                .add(Parameter.real("x", -5, 10))
                .add(Parameter.logReal("lr", 1e-4, 1)).build());
        Config mid = codec.decode(new double[] {0.5, 0.5});
        assertEquals(2.5, mid.getDouble("x"));
        assertEquals(1e-2, mid.getDouble("lr"));
        assertEquals(-5.0, codec.decode(new double[] {0, 0}).getDouble("x"));
        assertEquals(10.0, codec.decode(new double[] {1, 1}).getDouble("x"));
        assertEquals(1.0, codec.decode(new double[] {1, 1}).getDouble("lr"));
        // hand-written values come back exactly: decoded reals keep 12 significant digits
        Config written = Config.of(Map.of("x", 0.1, "lr", 1e-3));
        assertEquals(written, codec.decode(codec.encode(written)));
        assertEquals(0.25, codec.encode(written)[1], 1e-12);
        assertEquals(0.34, codec.encode(written)[0], 1e-12);
        RandomGenerator rnd = new SplittableRandom(10);
        for (int n = 0; n < POINTS; n++) {
            double x = -5 + 15 * rnd.nextDouble();
            double lr = Math.exp(Math.log(1e-4) * rnd.nextDouble());
            Config c = Config.of(Map.of("x", x, "lr", lr));
            Config back = codec.decode(codec.encode(c));
            assertEquals(x, back.getDouble("x"), 1e-11 * Math.abs(x));
            assertEquals(lr, back.getDouble("lr"), 1e-11 * lr);
            assertEquals(back, codec.decode(codec.encode(back)));
        }
    }

    @Test
    void pointsOffTheCubeAreClamped() {
        SpaceCodec codec = SpaceCodec.of(SearchSpace.builder()
                .add(Parameter.real("x", -5, 10))
                .add(Parameter.integer("n", 1, 4)).build());
        assertEquals(codec.decode(new double[] {0, 0}), codec.decode(new double[] {-0.3, Double.NaN}));
        assertEquals(codec.decode(new double[] {1, 1}), codec.decode(new double[] {7, Double.POSITIVE_INFINITY}));
        assertThrows(IllegalArgumentException.class, () -> codec.decode(new double[] {0.5}));
    }

    @Test
    void stackDepthGeneDecidesHowManyLayersAreRead() {
        double[] u = CODEC.random(new SplittableRandom(6));
        int depthIndex = 10;
        for (int depth = 1; depth <= 4; depth++) {
            u[depthIndex] = (depth - 0.5) / 4;
            List<LayerConfig> layers = CODEC.decode(u).layers("layers");
            assertEquals(depth, layers.size());
            for (LayerConfig layer : layers) assertEquals(true, layer.get("bias"));
        }
    }

    @Test
    void encodeRejectsConfigsOfAnotherShape() {
        Config c = CODEC.sample(new SplittableRandom(7));
        Map<String, Object> values = new HashMap<>(c.values());
        if (!c.has("momentum")) {
            values.put("momentum", 0.9); // inactive unless the optimizer uses momentum
            assertThrows(IllegalArgumentException.class, () -> CODEC.encode(new Config(values, c.stacks())));
        }
        Map<String, Object> invalid = new HashMap<>(c.values());
        invalid.put("lr", 2.0);
        assertThrows(IllegalArgumentException.class, () -> CODEC.encode(new Config(invalid, c.stacks())));
        assertThrows(IllegalArgumentException.class, () -> CODEC.encode(Config.of(c.values())));
    }

    @Test
    void defaultsUseDeclaredDefaultsElseTheCentre() {
        SpaceCodec codec = SpaceCodec.of(SearchSpace.builder()
                .add(Parameter.choice("optimizer", "sgd", "momentum", "adam").withDefault("momentum"))
                .add(Parameter.logReal("lr", 1e-4, 1).withDefault(3e-4))
                .add(Parameter.real("momentum", 0, 1).when("optimizer", "momentum"))
                .add(LayerStack.of("layers", 1, 3).withDefaultDepth(3).with(Parameter.logInt("units", 16, 256).withDefault(64)))
                .build());
        Config d = codec.defaults();
        assertEquals(Map.of("optimizer", "momentum", "lr", 3e-4, "momentum", 0.5), d.values());
        assertEquals(List.of(64L, 64L, 64L), d.layers("layers").stream().map(l -> l.get("units")).toList());
    }

    @Test
    void mutateOneChangesOneActiveGeneAndTheConfig() {
        RandomGenerator rnd = new SplittableRandom(8);
        for (int n = 0; n < POINTS; n++) {
            double[] u = CODEC.random(rnd);
            double[] m = CODEC.mutateOne(u, rnd);
            int changed = -1;
            for (int i = 0; i < u.length; i++) {
                if (u[i] != m[i]) {
                    assertEquals(-1, changed, "more than one gene changed");
                    changed = i;
                }
            }
            int gene = changed;
            assertTrue(Arrays.stream(CODEC.activeDimensions(u)).anyMatch(i -> i == gene), "changed an inactive gene");
            assertNotEquals(CODEC.decode(u), CODEC.decode(m));
        }
    }

    @Test
    void genotypesCarryTheVector() {
        RandomGenerator rnd = new SplittableRandom(9);
        for (int n = 0; n < 100; n++) {
            double[] u = CODEC.random(rnd);
            Genotype<DoubleGene> g = CODEC.toGenotype(u);
            assertTrue(g.isValid());
            assertArrayEquals(u, CODEC.fromGenotype(g));
            assertEquals(CODEC.decode(u), CODEC.jenetics().decode(g));
        }
        double[] ones = new double[CODEC.size()];
        Arrays.fill(ones, 1.0);
        Genotype<DoubleGene> top = CODEC.toGenotype(ones);
        assertTrue(top.isValid(), "a gene at the upper bound would be invalid in Jenetics");
        assertEquals(CODEC.decode(ones), CODEC.decode(CODEC.fromGenotype(top)));
    }

    @Test
    void aJeneticsEngineEvolvesConfigs() {
        SpaceCodec codec = SpaceCodec.of(SearchSpace.builder()
                .add(Parameter.real("x", -5, 5))
                .add(Parameter.integer("n", 0, 20)).build());
        Codec<Config, DoubleGene> jenetics = codec.jenetics();
        assertEquals(2, jenetics.encoding().newInstance().chromosome().length());
        Engine<DoubleGene, Double> engine = Engine
                .builder((Config c) -> -Math.abs(c.getDouble("x") - 1) - Math.abs(c.getInt("n") - 7), jenetics)
                .populationSize(30)
                .executor(Runnable::run)
                .build();
        Config best = engine.stream().limit(60).collect(EvolutionResult.toBestResult(jenetics));
        assertEquals(7, best.getInt("n"));
        assertEquals(1.0, best.getDouble("x"), 0.5);
    }

    @Test
    void shippedGenomesRoundTrip() throws IOException {
        List<Path> files = io.ams.genome.ShippedGenomes.ofBuiltInObjectives();
        assertEquals(13, files.size());
        RandomGenerator rnd = new SplittableRandom(11);
        for (Path file : files) {
            SpaceCodec codec = SpaceCodec.of(Genome.read(file).space());
            Config defaults = codec.defaults();
            assertEquals(defaults, codec.decode(codec.encode(defaults)), file.toString());
            for (int n = 0; n < 200; n++) {
                Config c = codec.sample(rnd);
                assertEquals(c, codec.decode(codec.encode(c)), file.toString());
            }
        }
    }

    @Test
    void aSpaceOfConstantsHasNothingToEvolve() {
        SpaceCodec codec = SpaceCodec.of(SearchSpace.builder().add(Parameter.fixed("epochs", 5)).build());
        assertEquals(0, codec.size());
        assertEquals(Config.of(Map.of("epochs", 5)), codec.decode(new double[0]));
        assertThrows(IllegalStateException.class, codec::jenetics);
    }
}
