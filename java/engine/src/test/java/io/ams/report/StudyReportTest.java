package io.ams.report;

import io.ams.engine.Budget;
import io.ams.engine.Study;
import io.ams.engine.StudyBuilder;
import io.ams.eval.TrialPruned;
import io.ams.space.Config;
import io.ams.space.Parameter;
import io.ams.space.SearchSpace;
import io.ams.store.StudyMeta;
import io.ams.store.TrialRecord;
import io.ams.store.TrialState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a user reads in the report: every trial, the importances, and the edge cases a live store has. */
class StudyReportTest {

    /** Three genes of which only {@code x} moves the objective. */
    static final SearchSpace SPACE = SearchSpace.builder()
            .add(Parameter.real("x", 0, 1), Parameter.real("noise", 0, 1), Parameter.choice("colour", "red", "green", "blue"))
            .build();

    record Studied(StudyMeta meta, List<TrialRecord> trials) {}

    private static Studied run(StudyBuilder builder) {
        try (Study study = builder.build()) {
            study.optimize();
            return new Studied(study.store().meta(), study.store().all());
        }
    }

    private static String report(Studied s, boolean writing) {
        return StudyReport.html(s.meta(), s.trials(), Optional.of(Genes.of(SPACE)),
                new StudyReport.Source("test.ams", writing, 0L), false);
    }

    /** The rows of the trials table: cell texts, markup removed. */
    private static List<List<String>> tableRows(String html) {
        String body = html.substring(html.indexOf("<tbody>"), html.indexOf("</tbody>"));
        List<List<String>> rows = new ArrayList<>();
        for (String row : body.split("<tr")) {
            if (!row.contains("<td>")) continue;
            List<String> cells = new ArrayList<>();
            Matcher m = Pattern.compile("<td>(.*?)</td>").matcher(row);
            while (m.find()) cells.add(m.group(1));
            rows.add(cells);
        }
        return rows;
    }

    /** The importance bars' titles: {@code label: value ± sd}. */
    private static Map<String, Double> importances(String html) {
        Map<String, Double> out = new HashMap<>();
        Matcher m = Pattern.compile("<rect class=\"bar\"[^>]*><title>([^:<]+): ([0-9.]+) ± [0-9.]+</title>").matcher(html);
        while (m.find()) out.put(m.group(1), Double.parseDouble(m.group(2)));
        return out;
    }

    @Test
    void theReportOfAKnownStudyHoldsEveryTrialAndRanksTheOnlyGeneThatMattersFirst() {
        Studied s = run(Study.builder().space(SPACE).strategy("random").seed(3).budget(Budget.trials(80)).workers(1)
                .objective((c, ctx) -> Math.pow(c.getDouble("x") - 0.3, 2)));
        String html = report(s, false);

        List<List<String>> rows = tableRows(html);
        assertEquals(80, rows.size());
        for (TrialRecord t : s.trials()) {
            List<String> row = rows.stream().filter(r -> r.get(0).equals(Long.toString(t.id()))).findFirst().orElseThrow();
            assertEquals("complete", row.get(1));
            assertEquals(t.value(), Double.parseDouble(row.get(2)), Math.abs(t.value()) * 1e-5 + 1e-12, "trial " + t.id());
            Config c = Config.fromCanonical(t.config());
            assertEquals(c.getDouble("x"), Double.parseDouble(row.get(6)), 1e-9, "x of trial " + t.id());
            assertEquals(c.get("colour"), row.get(8));
        }

        Map<String, Double> imp = importances(html);
        assertEquals(Map.of("x", true, "noise", true, "colour", true), Map.of("x", imp.containsKey("x"),
                "noise", imp.containsKey("noise"), "colour", imp.containsKey("colour")), imp.toString());
        assertTrue(imp.get("x") > 0.8, "x explains nearly all: " + imp);
        assertTrue(imp.get("noise") < 0.05, "noise explains nothing: " + imp);
        assertTrue(imp.get("colour") < 0.05, "colour explains nothing: " + imp);

        for (String plot : List.of("history-trial", "history-time", "importance-plot", "parallel-plot", "slice-plot")) {
            assertTrue(html.contains("class=\"plot " + plot + "\""), plot);
        }
        assertEquals(80, count(html, "class=\"pc-line\""), "a line per completed trial in the parallel coordinates");
        assertEquals(3 * 80, count(html, "<circle class=\"trial\"") - 2 * 80, "slices: a point per trial per gene, after the two histories");
        assertFalse(html.contains("curves-plot"), "no intermediate values reported, no plot of them");
        assertFalse(html.contains("http://") && html.contains("<script src"), "nothing loaded from elsewhere");
    }

    private static int count(String html, String needle) {
        int n = 0;
        for (int i = html.indexOf(needle); i >= 0; i = html.indexOf(needle, i + 1)) n++;
        return n;
    }

    @Test
    void anEmptyStudyAndOneWithOnlyFailuresReportWhatThereIs() {
        Studied empty;
        try (Study study = Study.builder().space(SPACE).strategy("random").seed(1).budget(Budget.trials(5)).workers(1)
                .objective((c, ctx) -> 1.0).build()) {
            empty = new Studied(study.store().meta(), study.store().all());  // created, nothing run yet
        }
        String html = report(empty, false);
        assertTrue(html.contains("No trials yet."), html);
        assertTrue(html.contains("No trial has completed yet."));
        assertEquals(0, tableRows(html).size());
        assertTrue(html.endsWith("</html>\n"));

        Studied failed = run(Study.builder().space(SPACE).strategy("random").seed(1).budget(Budget.trials(6)).workers(1)
                .maxFailures(100).objective((c, ctx) -> { throw new IllegalStateException("the data is gone"); }));
        html = report(failed, false);
        assertTrue(html.contains("No trial has completed yet."));
        assertTrue(html.contains("Parameter importance needs at least 5 completed trials; there are 0."), html);
        List<List<String>> rows = tableRows(html);
        assertEquals(failed.trials().size(), rows.size());
        rows.forEach(r -> {
            assertEquals("failed", r.get(1));
            assertTrue(r.get(r.size() - 1).contains("the data is gone"), r.toString());
        });
        assertEquals(failed.trials().size(), count(html, "<path class=\"failed\"") / 2, "a red cross per failure in each history plot");
    }

    @Test
    void aMultiFidelityStudyShowsItsCurvesItsPrunedTrialsAndTheFidelity() {
        Studied s = run(Study.builder().space(SPACE).strategy("hyperband", Map.of("max_fidelity", 9)).seed(2)
                .budget(Budget.trials(60)).workers(1).objective((c, ctx) -> {
                    double v = 0;
                    for (int step = 1; step <= 3; step++) {
                        v = Math.pow(c.getDouble("x") - 0.3, 2) + 1.0 / (ctx.fidelity() * step);
                        ctx.report(v);
                        if (c.getDouble("noise") > 0.8 && step == 2) throw new TrialPruned();
                    }
                    return v;
                }));
        long pruned = s.trials().stream().filter(t -> t.state() == TrialState.PRUNED).count();
        assertTrue(pruned > 0, "the objective prunes some trials");
        String html = report(s, false);
        assertTrue(html.contains("class=\"plot curves-plot\""));
        assertTrue(count(html, "<path class=\"pruned\"") >= pruned, "a cross where each pruned trial stopped");
        assertTrue(html.contains("<text class=\"axis-name\"") && html.contains(">fidelity</text>"), "a fidelity axis");
        assertTrue(importances(html).containsKey("(fidelity)"), "the fidelity is an input of the importance");
        assertTrue(html.contains("(fidelity 9, the highest reached)"), "the best is taken at the top fidelity");
        assertEquals(s.trials().size(), tableRows(html).size());
    }

    @Test
    void aStudyStillRunningSaysSoAndCallsItsRunningTrialsRunning() {
        Studied s = run(Study.builder().space(SPACE).strategy("random").seed(1).budget(Budget.trials(8)).workers(1)
                .objective((c, ctx) -> c.getDouble("x")));
        List<TrialRecord> trials = new ArrayList<>(s.trials());
        trials.add(TrialRecord.running(8, new double[] {0.1, 0.2, 0.5}, "{\"colour\":\"red\",\"noise\":0.2,\"x\":0.1}",
                0, 1, 1, System.currentTimeMillis(), Map.of()));
        Studied live = new Studied(s.meta(), trials);
        String writing = report(live, true);
        assertTrue(writing.contains("a search is writing this store"));
        assertEquals("running", tableRows(writing).get(8).get(1));
        String stopped = report(live, false);
        assertFalse(stopped.contains("a search is writing this store"));
        assertEquals("interrupted", tableRows(stopped).get(8).get(1));
        assertFalse(StudyReport.state(trials, true).equals(StudyReport.state(s.trials(), true)), "the dashboard sees the new trial");
    }

    @Test
    void aStudyWithoutItsSpaceSaysWhereToGetThePlotsThatNeedIt() {
        Studied s = run(Study.builder().space(SPACE).strategy("random").seed(1).budget(Budget.trials(10)).workers(1)
                .objective((c, ctx) -> c.getDouble("x")));
        String html = StudyReport.html(s.meta(), s.trials(), Optional.empty(), new StudyReport.Source("t", false, 0), false);
        assertTrue(html.contains("Genes.of(space)"), "says how to draw them");
        assertFalse(html.contains("parallel-plot"));
        assertEquals(10, tableRows(html).size());
        assertTrue(tableRows(html).get(0).get(6).startsWith("{"), "the configuration's JSON instead of gene columns");
        assertEquals(String.format(Locale.ROOT, "%d", 10), html.replaceAll("(?s).*<span id=\"count\">(\\d+)</span>.*", "$1"));
    }
}
