package io.ams.engine;

import io.ams.core.Direction;
import io.ams.pareto.Dominance;
import io.ams.pareto.Hypervolume;
import io.ams.pareto.ParetoFront;
import io.ams.store.TrialRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The trade-off a multi-goal study found: its Pareto front (the trials within the constraints,
 * at the highest fidelity any of them reached, that no other such trial beats in the value and
 * every goal at once), and the hypervolume the front covers against a reference point.
 *
 * <p>The reference is the study's own ({@link StudyBuilder#reference}, a genome's
 * {@code reference:}), or else derived from the trials themselves: per objective, the worst
 * value among the candidates, moved a tenth of their range further (a front point on the worst
 * value still counts). It is printed with the hypervolume; two studies' hypervolumes compare only
 * against the same reference, so give one to compare studies. Front points that do not beat a
 * given reference in every objective add nothing to the hypervolume.
 *
 * @param objectives the value's name first, then each goal's metric
 * @param front      the front's trials, best value first
 * @param reference  the reference point, in {@code objectives} order
 * @param referenceGiven whether the study gave the reference (else it was derived from the trials)
 */
public record ParetoSummary(List<String> objectives, List<Direction> directions, List<TrialRecord> front,
                            double[] reference, boolean referenceGiven, double hypervolume, int candidates) {

    /**
     * The front of {@code trials} for a value in {@code direction} named {@code valueName}, under
     * {@code goals} and {@code constraints}, its hypervolume against {@code reference} (null: derived
     * from the trials).
     */
    public static ParetoSummary of(List<TrialRecord> trials, String valueName, Direction direction, List<Goal> goals,
                                   Constraints constraints, double[] reference) {
        List<String> names = new ArrayList<>(List.of(valueName));
        List<Direction> directions = new ArrayList<>(List.of(direction));
        for (Goal g : goals) {
            names.add(g.metric());
            directions.add(g.direction());
        }
        List<TrialRecord> feasible = trials.stream().filter(constraints::feasible).filter(t -> !t.isDuplicate())
                .filter(t -> goals.stream().allMatch(g -> t.metrics().containsKey(g.metric()))).toList();
        // a value at 3 epochs is not comparable with one at 27: the highest fidelity reached (0 = full) only
        double top = feasible.stream().mapToDouble(t -> t.fidelity() == 0 ? Double.POSITIVE_INFINITY : t.fidelity())
                .max().orElse(0);
        List<TrialRecord> candidates = feasible.stream()
                .filter(t -> (t.fidelity() == 0 ? Double.POSITIVE_INFINITY : t.fidelity()) == top).toList();
        double[][] values = new double[candidates.size()][];
        for (int i = 0; i < values.length; i++) values[i] = vector(candidates.get(i), goals);
        Dominance dominance = Dominance.of(directions);
        if (reference != null && reference.length != directions.size()) {
            throw new IllegalArgumentException("a reference point of " + reference.length + " values for " + directions.size()
                    + " objectives (" + String.join(", ", names) + ")");
        }
        boolean given = reference != null;
        double[] ref = given ? reference.clone() : reference(values, directions);
        Comparator<TrialRecord> byValue = Comparator.comparingDouble(TrialRecord::value);
        if (direction == Direction.MAXIMIZE) byValue = byValue.reversed();
        List<TrialRecord> front = ParetoFront.indices(values, dominance).stream().map(candidates::get)
                .sorted(byValue.thenComparingLong(TrialRecord::id)).toList();
        double hv = values.length == 0 ? 0 : Hypervolume.of(values, ref, dominance);
        return new ParetoSummary(List.copyOf(names), List.copyOf(directions), front, ref, given, hv, candidates.size());
    }

    /**
     * The front of a stored study's trials, from what its store's metadata records: the direction,
     * goals, constraints and reference point; the value named as the study named its metric
     * ({@code study.metric}, a genome's), else {@code value}. With no goals, the best trials by value.
     */
    public static ParetoSummary of(List<TrialRecord> trials, io.ams.store.StudyMeta meta) {
        String valueName = meta.attrs().getOrDefault(io.ams.store.StudyMeta.IDENTITY_PREFIX + "metric", "value");
        return of(trials, valueName, meta.direction(), Goal.parseAll(meta.attrs().get(io.ams.store.StudyMeta.IDENTITY_PREFIX + "goals")),
                Constraints.parse(meta.attrs().get(io.ams.store.StudyMeta.IDENTITY_PREFIX + "constraints")),
                Study.parseReference(meta.attrs().get(Study.REFERENCE)));
    }

    /** The ids of the front's trials. */
    public java.util.Set<Long> frontIds() {
        return front.stream().map(TrialRecord::id).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** The trial's objective vector: its value, then each goal's measurement. */
    static double[] vector(TrialRecord t, List<Goal> goals) {
        double[] v = new double[goals.size() + 1];
        v[0] = t.value();
        for (int i = 0; i < goals.size(); i++) v[i + 1] = t.metrics().get(goals.get(i).metric());
        return v;
    }

    private static double[] reference(double[][] values, List<Direction> directions) {
        double[] ref = new double[directions.size()];
        for (int j = 0; j < ref.length; j++) {
            if (values.length == 0) {
                ref[j] = Double.NaN;
                continue;
            }
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double[] v : values) {
                lo = Math.min(lo, v[j]);
                hi = Math.max(hi, v[j]);
            }
            double margin = hi > lo ? (hi - lo) / 10 : Math.max(Math.abs(hi) / 10, 1e-12);
            ref[j] = directions.get(j) == Direction.MINIMIZE ? hi + margin : lo - margin;
        }
        return ref;
    }

    @Override
    public double[] reference() {
        return reference.clone();
    }

    @Override
    public String toString() {
        return "ParetoSummary[" + objectives + ", front=" + front.stream().map(t -> Long.toString(t.id()))
                .collect(Collectors.joining(",")) + ", reference=" + Arrays.toString(reference) + ", hypervolume="
                + hypervolume + "]";
    }
}
