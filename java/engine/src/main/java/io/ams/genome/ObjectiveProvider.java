package io.ams.genome;

import io.ams.eval.Objective;
import io.ams.space.SearchSpace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * An objective that a genome names by a key of its own, {@code objective: {NAME: {option: value}}},
 * supplied by a jar on the classpath through {@link ServiceLoader} (looked up with the thread's
 * context class loader, so `--classpath` brings it): how a benchmark objective such as LCBench,
 * with a large dependency of its own, stays out of the engine.
 *
 * <p>A provider is listed in its jar's
 * {@code META-INF/services/io.ams.genome.ObjectiveProvider} and has a public constructor
 * without arguments.
 */
public interface ObjectiveProvider {
    /** The key under {@code objective:}, a lower-case name other than mlp, function and java. */
    String name();

    /**
     * Checks the genome's options for this objective (scalars: {@code String}, {@code Long},
     * {@code Double} or {@code Boolean}) and its space, and says what its trials measure.
     *
     * @throws OptionException naming the option or the space parameter it refuses
     */
    Described describe(Map<String, Object> options, SearchSpace space);

    /** A new objective for these (described) options: each process that evaluates trials makes one. */
    Objective create(Map<String, Object> options);

    /**
     * What an objective's trials measure.
     *
     * @param id          the objective as a store records it, e.g. {@code lcbench:3945}: a study resumed
     *                    with another id is refused, its values would not compare
     * @param metric      the value each trial returns and which way is better (a genome's {@code metric:},
     *                    when written, must say the same)
     * @param records     what each trial records besides, that {@code constraints:} and {@code metrics:} may name
     * @param maxFidelity the largest fidelity a trial may ask for (0: no bound)
     */
    record Described(String id, MetricSpec metric, List<String> records, double maxFidelity) {
        public Described {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(metric, "metric");
            records = List.copyOf(records);
            if (!(maxFidelity >= 0)) throw new IllegalArgumentException("maxFidelity must be >= 0, got " + maxFidelity);
        }
    }

    /** An option or space parameter a provider refuses. */
    final class OptionException extends IllegalArgumentException {
        private final String field;

        /**
         * @param field the option's key, {@code space.NAME} for a parameter of the space, or null for
         *              the objective as a whole
         */
        public OptionException(String field, String problem) {
            super(problem);
            this.field = field;
        }

        public Optional<String> field() {
            return Optional.ofNullable(field);
        }
    }

    /** The providers on this thread's classpath. */
    static List<ObjectiveProvider> available() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        List<ObjectiveProvider> found = new ArrayList<>();
        ServiceLoader.load(ObjectiveProvider.class, loader == null ? ObjectiveProvider.class.getClassLoader() : loader)
                .forEach(found::add);
        return found;
    }

    /** The provider of {@code name} on this thread's classpath. */
    static Optional<ObjectiveProvider> find(String name) {
        return available().stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
