package io.ams.cli;

import io.ams.space.Config;
import io.ams.space.LayerConfig;
import org.junit.jupiter.api.Test;

import io.ams.core.Direction;
import io.ams.engine.Study;
import io.ams.engine.StudyListener;
import io.ams.engine.Trial;
import io.ams.space.Parameter;
import io.ams.space.SearchSpace;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** A long run: four-digit counts and an elapsed time over an hour, 82 characters at full width. */
    private static String longRun(int columns) {
        return Progress.layout(776, 1000, "0.9926", "1:02:00", "0:30", columns);
    }

    @Test
    void at120ColumnsTheLineIsWhole() {
        assertEquals("[===================>    ] 776/1000 trials  best 0.9926  1:02:00 elapsed  ETA 0:30", longRun(120));
    }

    @Test
    void at80ColumnsTheBarNarrowsFirst() {
        String line = longRun(80);
        assertEquals("[================>    ] 776/1000 trials  best 0.9926  1:02:00 elapsed  ETA 0:30", line);
        assertEquals(79, line.length(), "one column short of the width: a full line would wrap");
        // the ordinary short run keeps its full 24-cell bar at 80 columns
        assertEquals(Progress.bar(15, 60, null, 42, 15, Duration.ofMinutes(2)),
                Progress.bar(15, 60, null, 42, 15, Duration.ofMinutes(2), 80));
    }

    @Test
    void at50ColumnsElapsedAndThenTheBarGive() {
        // 50 columns leave no room for a 10-cell bar beside the rest: elapsed goes, then the bar
        assertEquals("776/1000 trials  best 0.9926  ETA 0:30", longRun(50));
        // with shorter fields, elapsed goes and the bar stays
        assertEquals("[====>           ] 15/60 trials  best -  ETA 1:18", Progress.bar(15, 60, null, 42, 15, Duration.ofMinutes(2), 50));
    }

    @Test
    void at30ColumnsTrialsDoneAndBestRemain() {
        assertEquals("776/1000 trials  best 0.9926", longRun(30));
        assertEquals("776/1000  best 0.9926", longRun(25));
        // narrower than even that: cut, never wrapped
        assertEquals("776/1000  best 0.9", longRun(19));
        assertEquals("7", longRun(1));
    }

    @Test
    void noWidthGivesALineThatWraps() {
        for (int columns = 1; columns <= 130; columns++) {
            String line = longRun(columns);
            assertTrue(line.length() <= Math.max(1, columns - 1), columns + " columns: " + line);
            // whatever is cut, the count of trials done comes first
            assertTrue(line.startsWith("[") || line.startsWith("776/1000") || "776/1000".startsWith(line), line);
        }
    }

    @Test
    void theWidthComesFromColumnsOrStty() {
        assertEquals(OptionalInt.of(50), TerminalWidth.parseColumns("50"));
        assertEquals(OptionalInt.empty(), TerminalWidth.parseColumns("0"));
        assertEquals(OptionalInt.empty(), TerminalWidth.parseColumns("wide"));
        assertEquals(OptionalInt.empty(), TerminalWidth.parseColumns(null));
        assertEquals(OptionalInt.of(132), TerminalWidth.parseSttySize("43 132\n"));
        assertEquals(OptionalInt.empty(), TerminalWidth.parseSttySize("stty: 'standard input': Inappropriate ioctl for device"));
    }

    @Test
    void theRedrawnLineFitsTheMeasuredWidthAndClearsWhatALongerOneLeft() {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        int[] columns = {120};
        Progress progress = new Progress(out, out, Progress.Mode.BAR, () -> columns[0]);
        Study study = Study.builder()
                .space(SearchSpace.builder().add(Parameter.real("x", 0, 1)).build())
                .objective((config, ctx) -> config.getDouble("x"))
                .direction(Direction.MINIMIZE).strategy("random").budget(io.ams.engine.Budget.trials(3))
                .listener(new StudyListener() {
                    private int ended;
                    @Override public void trialEnded(Trial trial, Trial best, int done, int budget) {
                        if (++ended == 2) columns[0] = 30;   // the window narrows mid-run
                    }
                })
                .listener(progress)
                .workers(1).build();
        try (study) {
            study.optimize();
        }
        out.flush();
        List<String> renders = new ArrayList<>();
        Matcher m = Pattern.compile("\r([^\r]*?)\u001b\\[K").matcher(text.toString());
        while (m.find()) renders.add(m.group(1));
        assertTrue(renders.stream().anyMatch(r -> r.startsWith("[") && r.length() > 29), renders.toString());
        String last = renders.stream().filter(r -> !r.isEmpty()).reduce((a, b) -> b).orElseThrow();
        // at 30 columns: no bar, no elapsed, no ETA
        assertTrue(last.matches("3/3 trials  best \\S+") && last.length() <= 29, last);
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
