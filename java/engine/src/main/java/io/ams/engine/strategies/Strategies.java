package io.ams.engine.strategies;

import io.ams.core.Direction;
import io.ams.engine.SearchDomain;
import io.ams.engine.Strategy;
import io.ams.surrogate.Acquisition;
import io.ams.surrogate.GpSettings;
import io.ams.surrogate.Kernel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Builds a strategy from its name and options, as a genome file or the command line gives them. */
public final class Strategies {
    private Strategies() {}

    /** Names of the strategies this build provides. */
    public static final List<String> NAMES = List.of("random", "ga", "regevo", "local", "bo", "saga", "sh", "hyperband", "asha",
            "dehb", "bohb", "pbt");

    /**
     * A new strategy. Options are checked by name and type; an unknown option is an error
     * naming it and the options the strategy knows.
     */
    public static Strategy create(String name, Map<String, ?> options, SearchDomain domain, Direction direction, long seed) {
        Options o = new Options(name, options);
        Strategy s = switch (name) {
            case "random" -> new RandomSearch(domain, seed);
            case "ga" -> {
                GeneticAlgorithm.Settings d = GeneticAlgorithm.Settings.defaults();
                yield new GeneticAlgorithm(domain, direction, seed, new GeneticAlgorithm.Settings(
                        o.integer("population", d.population()), o.integer("elites", d.elites()),
                        o.integer("tournament", d.tournament()), o.real("crossover", d.crossover()),
                        o.real("mutation", d.mutation())));
            }
            case "regevo" -> new RegularizedEvolution(domain, direction, seed, o.integer("population", 20), o.integer("sample", 5));
            case "local" -> new LocalSearch(domain, direction, seed, o.real("sigma", 0.2), o.real("min_sigma", 0.005),
                    o.integer("patience", 20));
            case "bo" -> new BayesianOptimization(domain, direction, seed, new BayesianOptimization.Settings(
                    o.integer("initial", BayesianOptimization.Settings.defaultInitial(domain.dimensions())),
                    acquisition(o), gp(o), o.integer("max_observations", 500), o.integer("candidates", 500)));
            case "saga" -> {
                GeneticAlgorithm.Settings d = GeneticAlgorithm.Settings.defaults();
                GeneticAlgorithm.Settings ga = new GeneticAlgorithm.Settings(
                        o.integer("population", d.population()), o.integer("elites", d.elites()),
                        o.integer("tournament", d.tournament()), o.real("crossover", d.crossover()),
                        o.real("mutation", d.mutation()));
                Surrogate surrogate = new Surrogate(domain, gp(o), o.integer("max_observations", 500), seed);
                yield new GeneticAlgorithm(domain, direction, seed, ga,
                        new SurrogateScreen(domain, direction, surrogate, acquisition(o), o.integer("factor", 8)));
            }
            case "sh", "hyperband" -> new SuccessiveHalving(domain, direction, seed, fidelities(name, o),
                    name.equals("sh") ? o.integer("n", 0) : 0, name.equals("hyperband"));
            case "asha" -> new Asha(domain, direction, seed, fidelities(name, o));
            case "pbt" -> {
                PopulationBasedTraining.Settings d = PopulationBasedTraining.Settings.defaults();
                yield new PopulationBasedTraining(domain, direction, seed, new PopulationBasedTraining.Settings(
                        o.integer("population", d.population()), o.real("interval", d.interval()),
                        o.real("max_fidelity", d.maxFidelity()), o.real("quantile", d.quantile()),
                        o.real("resample", d.resample()), o.real("perturb", d.perturb())));
            }
            case "dehb" -> {
                Fidelities f = fidelities(name, o);
                yield new SuccessiveHalving(name, domain, direction, seed, f, 0, true,
                        new DifferentialEvolutionSampler(domain, f, o.real("f", 0.5), o.real("cr", 0.5)));
            }
            case "bohb" -> {
                Fidelities f = fidelities(name, o);
                yield new SuccessiveHalving(name, domain, direction, seed, f, 0, true,
                        new ModelBasedSampler(domain, f, seed, gp(o), o.integer("max_observations", 500), acquisition(o),
                                o.integer("candidates", 500), o.real("random_fraction", 1.0 / 3),
                                o.integer("min_points", domain.dimensions() + 2)));
            }
            default -> throw new IllegalArgumentException("unknown strategy '" + name + "'; available: " + String.join(", ", NAMES));
        };
        o.rejectUnused();
        return s;
    }

    /** The acquisition options of bo and saga: acquisition (ei, ucb, pi) with xi (ei, pi) or beta (ucb). */
    private static Acquisition acquisition(Options o) {
        String name = o.text("acquisition", "ei");
        double parameter = name.equals("ucb") ? o.real("beta", 4.0) : o.real("xi", 0.0);
        return Acquisition.of(name, parameter);
    }

    /** The GP options of bo and saga: kernel (matern52, se), restarts, threads. */
    private static GpSettings gp(Options o) {
        GpSettings d = GpSettings.defaults();
        String kernel = o.text("kernel", "matern52");
        Kernel k = switch (kernel) {
            case "matern52" -> Kernel.MATERN52;
            case "se" -> Kernel.SQUARED_EXPONENTIAL;
            default -> throw new IllegalArgumentException("strategy option 'kernel' must be matern52 or se, got " + kernel);
        };
        return new GpSettings(k, o.integer("restarts", d.restarts()), d.maxIterations(), o.integer("threads", d.threads()));
    }

    /** The multi-fidelity options: min_fidelity (default 1), max_fidelity (27), eta (3). */
    private static Fidelities fidelities(String name, Options o) {
        return Fidelities.of(name, o.real("min_fidelity", 1), o.real("max_fidelity", 27), o.integer("eta", 3));
    }

    /** Typed access to an option map that remembers which keys were read. */
    private static final class Options {
        private final String strategy;
        private final Map<String, ?> values;
        private final Set<String> known = new TreeSet<>();

        Options(String strategy, Map<String, ?> values) {
            this.strategy = strategy;
            this.values = values == null ? new HashMap<>() : values;
        }

        int integer(String key, int fallback) {
            known.add(key);
            Object v = values.get(key);
            if (v == null) return fallback;
            if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return n.intValue();
            throw new IllegalArgumentException("strategy " + strategy + ": option '" + key + "' must be an integer, got " + v);
        }

        double real(String key, double fallback) {
            known.add(key);
            Object v = values.get(key);
            if (v == null) return fallback;
            if (v instanceof Number n) return n.doubleValue();
            throw new IllegalArgumentException("strategy " + strategy + ": option '" + key + "' must be a number, got " + v);
        }

        String text(String key, String fallback) {
            known.add(key);
            Object v = values.get(key);
            if (v == null) return fallback;
            if (v instanceof String t) return t;
            throw new IllegalArgumentException("strategy " + strategy + ": option '" + key + "' must be a name, got " + v);
        }

        void rejectUnused() {
            for (String key : values.keySet()) {
                if (!known.contains(key)) {
                    throw new IllegalArgumentException("strategy " + strategy + ": unknown option '" + key + "'"
                            + (known.isEmpty() ? "; it takes no options" : "; known options: " + String.join(", ", known)));
                }
            }
        }
    }
}
