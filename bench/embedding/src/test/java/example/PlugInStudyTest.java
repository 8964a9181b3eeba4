package example;

import io.ams.engine.StudyResult;
import io.ams.engine.Trial;
import io.ams.store.TrialState;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlugInStudyTest {
    @Test
    void aRegisteredStrategyRunsByNameOnTheGivenEvaluator() {
        PlugInStudy.InlineEvaluator inline = new PlugInStudy.InlineEvaluator();
        StudyResult result = PlugInStudy.run((c, ctx) -> c.getDouble("x1") + c.getDouble("x2"), inline, 30);
        assertEquals(30, result.trials().size());
        assertEquals(30, inline.submitted.get(), "every trial ran on the evaluator given");
        for (Trial t : result.trials()) {
            // spread 0.2 around the centre of [-5, 10]: 2.5 +- 1.5
            double x1 = t.config().getDouble("x1");
            assertTrue(x1 >= 1.0 && x1 <= 4.0, "centre's proposal " + x1);
        }
    }

    @Test
    void failingTrialsAreLoggedThroughTheHostsProviderAndStopTheStudy() {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        StudyResult result;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            result = PlugInStudy.run((c, ctx) -> {
                throw new IllegalStateException("no licence for the solver");
            }, new PlugInStudy.InlineEvaluator(), 100);
        } finally {
            System.setErr(stderr);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(result.best().isEmpty());
        assertTrue(result.trials().size() < 100, "stopped early, ran " + result.trials().size());
        assertTrue(result.trials().stream().allMatch(t -> t.state() == TrialState.FAILED));
        assertTrue(result.stopReason().contains("no licence for the solver"), result.stopReason());
        // slf4j-simple, this project's provider, prints WARN lines with the stack trace to stderr.
        assertTrue(log.contains("WARN") && log.contains("no licence for the solver")
                && log.contains("at example.PlugInStudyTest"), log);
    }
}
