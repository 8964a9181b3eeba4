package io.ams.engine;

import io.ams.store.TrialRecord;
import io.ams.store.TrialState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A study's constraints: what a completed trial must measure to count. A trial outside them
 * (or one that did not record a constrained metric) stays in the store, COMPLETE, and is marked
 * infeasible: it is never the best trial, it does not reach the target, and the strategy hears
 * no value for it (as for a failed trial), so the search moves away from it.
 */
public final class Constraints {
    public static final Constraints NONE = new Constraints(List.of());

    private final List<Constraint> list;

    private Constraints(List<Constraint> list) {
        this.list = List.copyOf(list);
    }

    /** @throws IllegalArgumentException when two constraints bound the same metric (write one with min and max) */
    public static Constraints of(List<Constraint> constraints) {
        List<String> seen = new ArrayList<>();
        for (Constraint c : constraints) {
            if (seen.contains(c.metric())) {
                throw new IllegalArgumentException("two constraints on " + c.metric() + ": give one with both min and max");
            }
            seen.add(c.metric());
        }
        return new Constraints(constraints);
    }

    public List<Constraint> list() {
        return list;
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    /** The total violation of these measurements: 0 when feasible, infinite when a constrained metric is missing. */
    public double violation(Map<String, Double> metrics) {
        double total = 0;
        for (Constraint c : list) {
            Double v = metrics.get(c.metric());
            if (v == null) return Double.POSITIVE_INFINITY;
            total += c.violation(v);
        }
        return total;
    }

    /** Whether a trial counts: COMPLETE and within every constraint. */
    public boolean feasible(TrialRecord r) {
        return r.state() == TrialState.COMPLETE && violation(r.metrics()) == 0;
    }

    /**
     * Why a COMPLETE trial does not count, e.g. {@code params 61234 > 50000}; empty when it does
     * (or has not completed).
     */
    public Optional<String> whyInfeasible(TrialRecord r) {
        if (r.state() != TrialState.COMPLETE) return Optional.empty();
        List<String> broken = new ArrayList<>();
        for (Constraint c : list) {
            Double v = r.metrics().get(c.metric());
            if (v == null) {
                broken.add(c.metric() + " not recorded");
            } else if (v > c.max()) {
                broken.add(c.metric() + " " + Constraint.number(v) + " > " + Constraint.number(c.max()));
            } else if (v < c.min()) {
                broken.add(c.metric() + " " + Constraint.number(v) + " < " + Constraint.number(c.min()));
            }
        }
        return broken.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", broken));
    }

    /** Reads back {@link #toString()}'s form (what a store records); {@code none} or "" is {@link #NONE}. */
    public static Constraints parse(String text) {
        if (text == null || text.isBlank() || text.equals("none")) return NONE;
        List<Constraint> list = new ArrayList<>();
        for (String part : text.split(", ")) {
            String[] t = part.trim().split(" ");
            try {
                if (t.length == 3 && t[1].equals("<=")) {
                    list.add(Constraint.atMost(t[0], Double.parseDouble(t[2])));
                } else if (t.length == 3 && t[1].equals(">=")) {
                    list.add(Constraint.atLeast(t[0], Double.parseDouble(t[2])));
                } else if (t.length == 5 && t[1].equals("<=") && t[3].equals("<=")) {
                    list.add(new Constraint(t[2], Double.parseDouble(t[0]), Double.parseDouble(t[4])));
                } else {
                    throw new IllegalArgumentException("not a constraint: '" + part + "'");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a constraint: '" + part + "'", e);
            }
        }
        return of(list);
    }

    /** {@code params <= 50000, latency_ms <= 0.2}; what the store records as the study's constraints. */
    @Override
    public String toString() {
        return list.stream().map(Constraint::toString).collect(Collectors.joining(", "));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Constraints c && list.equals(c.list);
    }

    @Override
    public int hashCode() {
        return list.hashCode();
    }
}
