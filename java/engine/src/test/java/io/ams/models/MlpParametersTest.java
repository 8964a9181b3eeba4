package io.ams.models;

import io.ams.nn.Activation;
import io.ams.nn.Init;
import io.ams.nn.Layer;
import io.ams.nn.MlpSpec;
import io.ams.nn.Optimizer;
import io.ams.nn.OptimizerKind;
import io.ams.nn.Pruning;
import io.ams.nn.Schedule;
import io.ams.nn.TrainConfig;
import io.ams.space.Config;
import io.ams.space.LayerStack;
import io.ams.space.Parameter;
import io.ams.space.SearchSpace;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MlpParametersTest {

    @Test
    void anEmptyConfigurationTrainsTheDocumentedDefaults() {
        // genomes/README.md and README.md's `ams train` table state these; ams train without flags trains the same
        TrainConfig expected = new TrainConfig(
                new MlpSpec(List.of(Layer.of(128, Activation.RELU), Layer.of(64, Activation.RELU)), Init.HE, 0.01),
                Optimizer.of(OptimizerKind.ADAM, 1e-3), new Schedule(Schedule.Kind.CONSTANT, 10, 0.1, 0, 0),
                64, 20, 0, null, 7L, 1);
        assertEquals(expected, MlpParameters.trainConfig(Config.of(Map.of()), 7L, 1));
    }

    @Test
    void defaultsThatDependOnAnotherSettingFollowIt() {
        TrainConfig t = MlpParameters.trainConfig(new Config(Map.of("optimizer", "adamw", "prune", "neurons"),
                Map.of("layers", List.of(io.ams.space.LayerConfig.of(Map.of("units", 8L, "activation", "tanh"))))), 1L, 1);
        assertEquals(0.01, t.optimizer().weightDecay(), "adamw's own decay");
        assertEquals(Init.XAVIER, t.network().init(), "xavier for a tanh first layer");
        assertEquals(new Pruning(Pruning.Mode.NEURONS, 0.5, 1, 3), t.pruning());
        assertEquals(0.9, MlpParameters.trainConfig(Config.of(Map.of("optimizer", "nesterov")), 1L, 1).optimizer().momentum());
    }

    @Test
    void aConfigurationFromElsewhereThanAGenomeIsCheckedToo() {
        // a Java space handed straight to the objective: the misspelt name is an error, not ignored
        var e = assertThrows(IllegalArgumentException.class,
                () -> MlpParameters.trainConfig(Config.of(Map.of("weight_decy", 1e-4)), 1L, 1));
        assertEquals("unknown parameter 'weight_decy' of the mlp objective; did you mean 'weight_decay'?", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MlpParameters.trainConfig(Config.of(Map.of("epochs", 0L)), 1L, 1));
        assertEquals("epochs takes an integer >= 1, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MlpParameters.trainConfig(Config.of(Map.of("units", 8L)), 1L, 1));
        assertTrue(e.getMessage().startsWith("'units' is a per-layer parameter"), e.getMessage());
    }

    @Test
    void aSpaceIsCheckedNameByNameAndEndByEnd() {
        SearchSpace space = SearchSpace.builder()
                .add(Parameter.choice("optimizer", "adam", "ADAMW", "sgd"))   // the trainer's lenient names pass
                .add(Parameter.real("momentum", 0.5, 1.0))                   // 1 is outside [0, 1)
                .add(Parameter.integer("warmup_epochs", 0, 2))               // an integer range of a real passes
                .add(Parameter.bool("batch"))                                 // a boolean is not a batch size
                .add(LayerStack.of("layers", 1, 2).with(Parameter.logInt("units", 8, 64), Parameter.bool("batchnorm")))
                .build();
        assertEquals(List.of(
                        new MlpParameters.Problem("momentum", java.util.OptionalInt.empty(),
                                "momentum takes a number in [0, 1): the range [0.5, 1.0] reaches 1.0"),
                        new MlpParameters.Problem("batch", java.util.OptionalInt.of(0), "batch takes an integer >= 1, got false")),
                MlpParameters.problems(space));
    }
}
