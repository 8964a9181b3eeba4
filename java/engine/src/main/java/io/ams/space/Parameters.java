package io.ams.space;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks shared by every parameter kind. */
final class Parameters {
    private Parameters() {}

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    /**
     * Names become keys of configurations, canonical JSON and dimension labels such as
     * {@code layers[2].units}, so they are kept to identifiers.
     */
    static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new SpaceException(String.valueOf(name),
                    "a name must be a letter or '_' followed by letters, digits, '_' or '-'");
        }
        return name;
    }

    static List<Condition> checkConditions(String name, List<Condition> conditions) {
        List<Condition> copy = List.copyOf(conditions);
        Set<String> parents = new HashSet<>();
        for (Condition c : copy) {
            if (!parents.add(c.parent())) {
                throw new SpaceException(name, "two conditions on '" + c.parent() + "': list all its values in one");
            }
        }
        return copy;
    }

    static List<Condition> plus(List<Condition> conditions, String parent, Object... values) {
        List<Condition> more = new ArrayList<>(conditions);
        more.add(Condition.of(parent, values));
        return more;
    }

    static double finite(String name, String what, double value) {
        if (!Double.isFinite(value)) throw new SpaceException(name, what + " must be finite, got " + value);
        return value;
    }
}
