package io.ams.space;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates the conditions among one scope of parameters (the top level of a space, or the
 * per-layer parameters of one stack) and orders the parameters so that every parent comes
 * before its dependents: decoding in that order decides each parent's activity first.
 */
final class ConditionGraph {
    private ConditionGraph() {}

    /**
     * The parameters, parents first and otherwise in declaration order.
     *
     * @param prefix qualifies names in errors ({@code "layers."} for a stack, {@code ""} at top level)
     */
    static List<Parameter> order(List<Parameter> parameters, String prefix) {
        Map<String, Parameter> byName = new LinkedHashMap<>();
        for (Parameter p : parameters) byName.put(p.name(), p);
        for (Parameter p : parameters) {
            for (Condition c : p.conditions()) {
                Parameter parent = byName.get(c.parent());
                if (parent == null) {
                    throw SpaceException.inCondition(prefix + p.name(), c.parent(), "condition on '" + c.parent()
                            + "', which is not a parameter" + (prefix.isEmpty() ? "" : " of this stack"));
                }
                if (parent instanceof RealParameter) {
                    throw SpaceException.inCondition(prefix + p.name(), c.parent(), "condition on '" + c.parent()
                            + "', a real: conditions need a parent with discrete values");
                }
                for (Object v : c.values()) {
                    try {
                        parent.validate(v);
                    } catch (SpaceException e) {
                        throw SpaceException.inCondition(prefix + p.name(), c.parent(),
                                "condition on '" + c.parent() + "': " + e.problem());
                    }
                }
            }
        }
        List<Parameter> ordered = new ArrayList<>(parameters.size());
        Map<String, State> state = new HashMap<>();
        for (Parameter p : parameters) visit(p, byName, state, new ArrayList<>(), ordered, prefix);
        return List.copyOf(ordered);
    }

    private enum State { VISITING, DONE }

    private static void visit(Parameter p, Map<String, Parameter> byName, Map<String, State> state,
                              List<String> path, List<Parameter> ordered, String prefix) {
        State s = state.get(p.name());
        if (s == State.DONE) return;
        path.add(p.name());
        if (s == State.VISITING) {
            List<String> cycle = path.subList(path.indexOf(p.name()), path.size());
            // reported at the first link of the cycle: p's condition on the next parameter
            throw SpaceException.inCondition(prefix + p.name(), cycle.get(1),
                    "cycle of conditions: " + String.join(" -> ", cycle));
        }
        state.put(p.name(), State.VISITING);
        for (Condition c : p.conditions()) visit(byName.get(c.parent()), byName, state, path, ordered, prefix);
        state.put(p.name(), State.DONE);
        path.remove(path.size() - 1);
        ordered.add(p);
    }

    /** Whether every condition of {@code p} holds, given the values of the active parameters decided so far. */
    static boolean active(Parameter p, Map<String, Object> activeValues) {
        for (Condition c : p.conditions()) {
            Object parentValue = activeValues.get(c.parent());
            if (parentValue == null || !c.holds(parentValue)) return false;
        }
        return true;
    }
}
