package io.ams.cli;

import io.ams.space.Config;
import io.ams.space.LayerConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The progress bar's arithmetic and the readable configuration. */
class ProgressTest {
    @Test
    void etaIsTheNearerOfTrialsLeftAndTimeLeft() {
        // 10 trials in 20 s, 30 to go: 60 s at this pace
        assertEquals(60, Progress.eta(10, 40, 20, 10, Budget.NONE), 1e-9);
        // ... but the time budget ends in 30 s
        assertEquals(30, Progress.eta(10, 40, 20, 10, Duration.ofSeconds(50)), 1e-9);
        // resumed: 5 of the 10 done in this run, so 4 s a trial
        assertEquals(120, Progress.eta(10, 40, 20, 5, Budget.NONE), 1e-9);
        // nothing done yet and no time budget: unknown
        assertEquals(Double.NaN, Progress.eta(0, 40, 3, 0, Budget.NONE));
    }

    @Test
    void barShowsDoneBudgetBestElapsedAndEta() {
        String bar = Progress.bar(15, 60, null, 42, 15, Duration.ofMinutes(2));
        assertEquals("[======>                 ] 15/60 trials  best -  0:42 elapsed  ETA 1:18", bar);
    }

    @Test
    void configReadsAsLinesAndALayerTable() {
        Map<String, Object> values = new TreeMap<>(Map.of("optimizer", "adam", "lr", 0.00123456, "batch", 64L,
                "weight_decay", 1.5e-5));
        Config c = new Config(values, Map.of("layers", List.of(
                LayerConfig.of(Map.of("units", 128L, "activation", "relu", "dropout", 0.125)),
                LayerConfig.of(Map.of("units", 16L, "activation", "tanh", "dropout", 0.0)))));
        assertEquals(List.of(
                "batch: 64",
                "lr: 0.001235",
                "optimizer: adam",
                "weight_decay: 1.500e-05",
                "layers: 2 layers",
                "  #  units  activation  dropout",
                "  1    128  relu          0.125",
                "  2     16  tanh              0"), ConfigText.full(c));
        // Each layer's activation, not only the first's.
        assertEquals("128relu-16tanh batch=64 lr=0.001235 weight_decay=1.500e-05",
                ConfigText.summary(c, Set.of("optimizer")));
        assertEquals(List.of("128relu-16tanh batch=64", "lr=0.001235", "weight_decay=1.500e-05"),
                ConfigText.wrap(ConfigText.summary(c, Set.of("optimizer")), 24));
        Config shared = new Config(new TreeMap<>(Map.of("lr", 0.01)), Map.of("layers", List.of(
                LayerConfig.of(Map.of("units", 64L, "activation", "gelu")),
                LayerConfig.of(Map.of("units", 32L, "activation", "gelu")))));
        assertEquals("64-32 gelu lr=0.01", ConfigText.summary(shared, Set.of()));
    }

    /** Budget.trials(n)'s time, which stands for no time limit. */
    private static final class Budget {
        static final Duration NONE = io.ams.engine.Budget.trials(1).maxTime();
    }
}
