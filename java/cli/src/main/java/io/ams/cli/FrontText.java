package io.ams.cli;

import io.ams.engine.ParetoSummary;
import io.ams.store.TrialRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/** A multi-goal study's Pareto front as `run` and `show` print it: a heading with the hypervolume, then a table. */
final class FrontText {
    private FrontText() {
    }

    static List<String> lines(ParetoSummary s) {
        return lines(s, "", Map.of());
    }

    /**
     * The front as a table, with a last column {@code extraName} holding {@code extra}'s value for
     * each trial it has (the test figure of each front trial, measured after the search).
     */
    static List<String> lines(ParetoSummary s, String extraName, Map<Long, Double> extra) {
        List<String> lines = new ArrayList<>();
        String objectives = String.join(", ", s.objectives());
        if (s.front().isEmpty()) {
            lines.add("Pareto front of " + objectives + ": no trial yet");
            return lines;
        }
        List<String> reference = new ArrayList<>();
        for (int j = 0; j < s.objectives().size(); j++) {
            reference.add(s.objectives().get(j) + " " + ConfigText.amount(s.reference()[j]));
        }
        lines.add("Pareto front of " + objectives + ": " + s.front().size() + " of " + s.candidates() + " trials, hypervolume "
                + ConfigText.metric(s.hypervolume()) + " against (" + String.join(", ", reference) + ")"
                + (s.referenceGiven() ? "" : ", a reference derived from the trials"));
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%6s", "id"));
        for (String name : s.objectives()) head.append(String.format(Locale.ROOT, "  %12s", name));
        if (!extra.isEmpty()) head.append(String.format(Locale.ROOT, "  %12s", extraName));
        lines.add(head.toString());
        for (TrialRecord t : s.front()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%6d", t.id()));
            row.append(String.format(Locale.ROOT, "  %12s", ConfigText.metric(t.value())));
            for (String name : s.objectives().subList(1, s.objectives().size())) {
                row.append(String.format(Locale.ROOT, "  %12s", ConfigText.amount(t.metrics().get(name))));
            }
            if (!extra.isEmpty()) {
                Double v = extra.get(t.id());
                row.append(String.format(Locale.ROOT, "  %12s", v == null ? "" : ConfigText.metric(v)));
            }
            lines.add(row.toString());
        }
        return lines;
    }
}
