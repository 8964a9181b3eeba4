package io.ams.genome;

import io.ams.models.MultiObjectiveFunctions;

import java.util.List;

/** What a trial measures: the built-in MLP trained on a dataset, or a built-in test function. */
public sealed interface ObjectiveSpec permits ObjectiveSpec.Mlp, ObjectiveSpec.TestFunction {

    /**
     * Train the built-in MLP on {@code dataset} with each configuration. The space names the
     * network and its training by convention (see genomes/README.md): {@code layers} stack,
     * {@code optimizer}, {@code lr}, {@code batch}, {@code epochs}...
     *
     * @param dataset a dataset spec the data package resolves: {@code digits}, {@code fashion-mnist},
     *                {@code csv:PATH}...
     */
    record Mlp(String dataset) implements ObjectiveSpec {
        public Mlp {
            if (dataset == null || dataset.isBlank()) throw new IllegalArgumentException("dataset is missing");
        }
    }

    /**
     * A test function of the search space's top-level numeric parameters, taken in declaration
     * order as x1..xn.
     *
     * @param name      one of {@link #KNOWN}; zdt1, zdt2 and dtlz2 are multi-objective
     *                  ({@link MultiObjectiveFunctions}): the value is f1, f2 (and f3) are recorded
     * @param dimension n; 2 for branin, 6 for hartmann6, at least 2 for rosenbrock
     */
    record TestFunction(String name, int dimension) implements ObjectiveSpec {
        /** The built-in test functions. */
        public static final List<String> KNOWN = List.of("branin", "rosenbrock", "hartmann6", "zdt1", "zdt2", "dtlz2");

        /** The measurements the function records besides its value: f2 (and f3) for a multi-objective one. */
        public List<String> recorded() {
            return MultiObjectiveFunctions.NAMES.contains(name)
                    ? MultiObjectiveFunctions.objectiveNames(name).subList(1, MultiObjectiveFunctions.objectiveNames(name).size())
                    : List.of();
        }

        public TestFunction {
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown test function '" + name + "'; expected one of "
                        + String.join(", ", KNOWN));
            }
            if (name.equals("branin") && dimension != 2) {
                throw new IllegalArgumentException("branin has dimension 2, got " + dimension);
            }
            if (name.equals("hartmann6") && dimension != 6) {
                throw new IllegalArgumentException("hartmann6 has dimension 6, got " + dimension);
            }
            if (MultiObjectiveFunctions.NAMES.contains(name) && dimension != MultiObjectiveFunctions.variables(name)) {
                throw new IllegalArgumentException(name + " has dimension " + MultiObjectiveFunctions.variables(name) + ", got " + dimension);
            }
            if (name.equals("rosenbrock") && dimension < 2) {
                throw new IllegalArgumentException("rosenbrock needs dimension >= 2, got " + dimension);
            }
        }
    }
}
