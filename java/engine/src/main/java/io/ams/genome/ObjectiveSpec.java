package io.ams.genome;

import io.ams.eval.Objective;
import io.ams.models.MultiObjectiveFunctions;

import java.util.List;

/**
 * What a trial measures: the built-in MLP trained on a dataset, a built-in test function, a
 * user's Java class, or an objective a plug-in provides ({@link ObjectiveProvider}).
 */
public sealed interface ObjectiveSpec permits ObjectiveSpec.Mlp, ObjectiveSpec.TestFunction, ObjectiveSpec.JavaClass,
        ObjectiveSpec.Provided {

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
     * @param dimension n; 2 for branin, 6 for hartmann6, at least 2 for rosenbrock and the
     *                  functions added for strategies-v2 (ellipsoid_rotated, rastrigin_rotated,
     *                  styblinski_tang, griewank)
     * @param instance  which shift and rotation of ellipsoid_rotated / rastrigin_rotated
     *                  ({@link io.ams.models.TestFunctions#shift}); 0 for every other function
     */
    record TestFunction(String name, int dimension, int instance) implements ObjectiveSpec {
        /** The built-in test functions. */
        public static final List<String> KNOWN = List.of("branin", "rosenbrock", "hartmann6",
                "ellipsoid_rotated", "rastrigin_rotated", "styblinski_tang", "griewank", "zdt1", "zdt2", "dtlz2");

        /** Instance 0. */
        public TestFunction(String name, int dimension) {
            this(name, dimension, 0);
        }

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
            if (List.of("rosenbrock", "ellipsoid_rotated", "rastrigin_rotated", "styblinski_tang", "griewank").contains(name)
                    && dimension < 2) {
                throw new IllegalArgumentException(name + " needs dimension >= 2, got " + dimension);
            }
            if (instance < 0) throw new IllegalArgumentException("instance must be >= 0, got " + instance);
            if (instance != 0 && !io.ams.models.TestFunctions.INSTANCED.contains(name)) {
                throw new IllegalArgumentException("instance applies to " + String.join(" and ", io.ams.models.TestFunctions.INSTANCED)
                        + ", not " + name);
            }
        }
    }

    /**
     * A user's {@link Objective}: a public class with a public no-argument constructor, found on
     * the classpath of each process that evaluates trials (the study's, and a cluster worker's)
     * through the thread's context class loader. One instance evaluates the study's trials, several
     * at once with more than one worker, so it must be thread-safe; one that is {@link AutoCloseable}
     * is closed when the study ends.
     *
     * @param className the class's binary name, e.g. {@code com.acme.MyObjective}
     * @param records   the measurements it records with {@code TrialContext.metric} that the genome
     *                  may constrain or optimise ({@code records: [latency_ms]}); empty when none
     */
    record JavaClass(String className, List<String> records) implements ObjectiveSpec {
        public JavaClass {
            if (className == null || !className.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")) {
                throw new IllegalArgumentException("'" + className + "' is not a Java class name (e.g. com.acme.MyObjective)");
            }
            records = List.copyOf(records);
        }

        /**
         * A new instance of the class, loaded by this thread's context class loader.
         *
         * @throws IllegalArgumentException naming the class when it is not there, is not an
         *                                  Objective, or cannot be constructed
         */
        public Objective newObjective() {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            if (loader == null) loader = ObjectiveSpec.class.getClassLoader();
            Class<?> c;
            try {
                c = Class.forName(className, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalArgumentException("objective class " + className + " is not on the classpath of this process"
                        + " (ams run, resume and worker add jars and folders with --classpath)"
                        + (e instanceof LinkageError ? ": " + e : ""), e);
            }
            if (!Objective.class.isAssignableFrom(c)) {
                throw new IllegalArgumentException("objective class " + className + " does not implement " + Objective.class.getName());
            }
            try {
                return (Objective) c.getConstructor().newInstance();
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException("objective class " + className + " needs a public constructor without arguments", e);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw new IllegalArgumentException("objective class " + className + "'s constructor threw " + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalArgumentException("cannot construct objective class " + className + ": " + e, e);
            }
        }
    }

    /**
     * An objective of a plug-in ({@link ObjectiveProvider}), as the genome named it and the
     * provider described it.
     *
     * @param provider  the provider's name, the key under {@code objective:}
     * @param options   the genome's options for it
     * @param described what the provider said its trials measure
     */
    record Provided(String provider, java.util.Map<String, Object> options, ObjectiveProvider.Described described)
            implements ObjectiveSpec {
        public Provided {
            options = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
        }

        /**
         * A new objective from the provider on this thread's classpath.
         *
         * @throws IllegalArgumentException when the provider is not on it
         */
        public Objective newObjective() {
            return ObjectiveProvider.find(provider).orElseThrow(() -> new IllegalArgumentException("the objective '" + provider
                    + "' is provided by a plug-in that is not on the classpath of this process (ams run, resume and worker take --classpath)"))
                    .create(options);
        }
    }
}
