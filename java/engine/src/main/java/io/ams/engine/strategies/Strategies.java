package io.ams.engine.strategies;

import io.ams.core.Direction;
import io.ams.engine.SearchDomain;
import io.ams.engine.Strategy;
import io.ams.engine.StrategyFactory;
import io.ams.engine.StrategyOptions;
import io.ams.engine.StrategyProvider;
import io.ams.surrogate.Acquisition;
import io.ams.surrogate.GpSettings;
import io.ams.surrogate.Kernel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The registry of strategies by name: the built-in ones, then the {@link StrategyProvider}s
 * that {@link ServiceLoader} finds on the class path. Genome files, the command line (its
 * help and its checks) and the study builder all ask it, so that a user's strategy is as
 * usable as a built-in one and the list of names lives in one place.
 */
public final class Strategies {
    private static final Logger LOG = LoggerFactory.getLogger(Strategies.class);

    private Strategies() {}

    private static final Map<String, StrategyProvider> BUILT_IN = builtIn();

    /** Built-ins first, then plug-ins in class-path order; loaded once, on first use. */
    private static final class Registry {
        static final Map<String, StrategyProvider> ALL = load();

        private static Map<String, StrategyProvider> load() {
            Map<String, StrategyProvider> all = new LinkedHashMap<>(BUILT_IN);
            ServiceLoader<StrategyProvider> loader = ServiceLoader.load(StrategyProvider.class);
            var it = loader.iterator();
            while (true) {
                StrategyProvider p;
                try {
                    if (!it.hasNext()) break;
                    p = it.next();
                } catch (ServiceConfigurationError e) {
                    // One broken plug-in must not take the built-ins (and the other plug-ins) down with it.
                    LOG.warn("a strategy plug-in could not be loaded; it is left out", e);
                    continue;
                }
                StrategyProvider earlier = all.putIfAbsent(p.name(), p);
                if (earlier != null) {
                    LOG.warn("strategy plug-in {} is named '{}' like {}; the first one is kept", p.getClass().getName(),
                            p.name(), earlier.getClass().getName());
                }
            }
            return Collections.unmodifiableMap(all);
        }
    }

    /** Every strategy's name: the built-ins, then the plug-ins. */
    public static List<String> names() {
        return List.copyOf(Registry.ALL.keySet());
    }

    /** The built-in strategies' names (random, ga, ..., pbt). */
    public static List<String> builtInNames() {
        return List.copyOf(BUILT_IN.keySet());
    }

    /** Every strategy, built-ins first. */
    public static List<StrategyProvider> providers() {
        return List.copyOf(Registry.ALL.values());
    }

    /** The strategy named {@code name}, if this class path has it. */
    public static Optional<StrategyProvider> find(String name) {
        return Optional.ofNullable(Registry.ALL.get(name));
    }

    /** The strategy named {@code name}; an unknown name is an error listing the names there are. */
    public static StrategyProvider provider(String name) {
        StrategyProvider p = Registry.ALL.get(name);
        if (p == null) throw new IllegalArgumentException(unknown(name));
        return p;
    }

    /** {@code unknown strategy 'x'; available: random, ga, ...}: the message for a name the registry lacks. */
    public static String unknown(String name) {
        return "unknown strategy '" + name + "'; available: " + String.join(", ", names());
    }

    /**
     * A new strategy by name. Options are checked by name, type and bounds: a bad one is a
     * {@link io.ams.engine.StrategyOptionException} naming it.
     */
    public static Strategy create(String name, Map<String, ?> options, SearchDomain domain, Direction direction, long seed) {
        return create(provider(name), name, options, domain, direction, seed);
    }

    /**
     * A new strategy from {@code factory}, its options read through {@link StrategyOptions} (an
     * option it does not read is an error); {@code label} names the strategy in errors.
     */
    public static Strategy create(StrategyFactory factory, String label, Map<String, ?> options, SearchDomain domain,
                                  Direction direction, long seed) {
        StrategyOptions o = new StrategyOptions(label, options);
        Strategy s = factory.create(domain, direction, seed, o);
        if (s == null) throw new IllegalStateException("strategy " + label + ": its factory returned null");
        try {
            o.rejectUnread();
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /**
     * Checks a strategy's name and options against a domain, as {@link #create} would, and builds
     * nothing that lasts; returns whether the strategy is {@link Strategy#multiObjective()}.
     */
    public static boolean check(String name, Map<String, ?> options, SearchDomain domain, long seed) {
        try (Strategy s = create(name, options, domain, Direction.MINIMIZE, seed)) {
            return s.multiObjective();
        }
    }

    /** The strategies (built-in and plug-in) that may search a study with goals, with their default options. */
    public static List<String> multiObjectiveNames(SearchDomain domain) {
        List<String> names = new ArrayList<>();
        for (String name : names()) {
            try {
                if (check(name, Map.of(), domain, 0)) names.add(name);
            } catch (RuntimeException e) {
                // a strategy that cannot be built with its defaults on this domain is not offered
            }
        }
        return names;
    }

    // ---- the built-ins --------------------------------------------------------------------

    private static Map<String, StrategyProvider> builtIn() {
        List<String> gaOptions = List.of("population", "elites", "tournament", "crossover", "mutation");
        List<String> gpOptions = List.of("kernel", "restarts", "threads", "max_observations", "acquisition", "xi", "beta");
        List<String> fidelityOptions = List.of("min_fidelity", "max_fidelity", "eta");
        List<StrategyProvider> all = List.of(
                provider("auto", "chooses from the search: bohb with fidelities, cmaes above 20 dimensions, else turbo then cmaes after 300 trials",
                        fidelityOptions, (domain, direction, seed, o) -> {
                            Map<String, Object> fidelity = new java.util.TreeMap<>();
                            for (String key : fidelityOptions) if (o.has(key)) fidelity.put(key, o.asMap().get(key));
                            if (!fidelity.isEmpty()) {
                                o.require(fidelity.containsKey("max_fidelity"), fidelity.keySet().iterator().next(),
                                        "is a fidelity option: give max_fidelity too, for an objective with fidelities");
                                fidelities("auto", o);
                            }
                            return new AutoStrategy(domain, direction, seed, AutoStrategy.plan(domain, fidelity));
                        }),
                provider("random", "uniform random sampling", List.of(),
                        (domain, direction, seed, o) -> new RandomSearch(domain, seed)),
                provider("ga", "genetic algorithm: tournaments, crossover, mutation, elites",
                        gaOptions, (domain, direction, seed, o) -> new GeneticAlgorithm(domain, direction, seed, ga(o))),
                provider("nsga2", "NSGA-II: non-dominated sorting and crowding, for several objectives",
                        List.of("population", "crossover", "crossover_eta", "mutation", "mutation_eta"),
                        (domain, direction, seed, o) -> {
                            Nsga2.Settings d = Nsga2.Settings.defaults();
                            return new Nsga2(domain, direction, seed, new Nsga2.Settings(o.size("population", d.population(), 2),
                                    o.number("crossover", d.crossover(), 0, 1), o.number("crossover_eta", d.crossoverEta(), 1e-3, 1000),
                                    o.number("mutation", d.mutation(), 0, 1), o.number("mutation_eta", d.mutationEta(), 1e-3, 1000)));
                        }),
                provider("parego", "ParEGO: a Gaussian process on random Chebyshev scalarisations, for several objectives",
                        concat(List.of("initial", "candidates"), gpOptions),
                        (domain, direction, seed, o) -> new ParEgo(domain, direction, seed, boSettings(domain, o))),
                provider("regevo", "regularized evolution: mutate the best of a sample, age out",
                        List.of("population", "sample"), (domain, direction, seed, o) -> {
                            int population = o.size("population", 20, 2);
                            int sample = o.integer("sample", Math.min(5, population), 1, population);
                            return new RegularizedEvolution(domain, direction, seed, population, sample);
                        }),
                provider("local", "local search: Gaussian steps around the best, narrowing",
                        List.of("sigma", "min_sigma", "patience"), (domain, direction, seed, o) -> {
                            double sigma = o.positive("sigma", 0.2);
                            o.require(sigma <= 1, "sigma", "must be <= 1, got " + sigma);
                            double minSigma = o.positive("min_sigma", Math.min(0.005, sigma / 2));
                            o.require(minSigma < sigma, "min_sigma", "must be < sigma (" + sigma + "), got " + minSigma);
                            return new LocalSearch(domain, direction, seed, sigma, minSigma, o.size("patience", 20, 1));
                        }),
                provider("cmaes", "CMA-ES: a Gaussian whose mean, covariance and step size adapt; IPOP/BIPOP restarts",
                        List.of("population", "sigma", "separable", "restarts"), (domain, direction, seed, o) -> {
                            CmaEs.Settings d = CmaEs.Settings.defaults();
                            double sigma = o.positive("sigma", d.sigma());
                            o.require(sigma <= 1, "sigma", "must be <= 1 (the unit cube's side), got " + sigma);
                            return new CmaEs(domain, direction, seed, new CmaEs.Settings(o.has("population")
                                    ? o.size("population", 0, 2) : 0, sigma, o.flag("separable", d.separable()),
                                    o.choice("restarts", d.restarts(), List.of("none", "ipop", "bipop"))));
                        }),
                provider("bo", "Bayesian optimisation on a Gaussian process", concat(List.of("initial", "candidates"), gpOptions),
                        (domain, direction, seed, o) -> new BayesianOptimization(domain, direction, seed, boSettings(domain, o))),
                provider("turbo", "trust-region BO (TuRBO-1): a local GP in a box that grows and shrinks, restarted when it collapses",
                        concat(List.of("initial", "length", "min_length", "max_length", "candidates"), gpOptions),
                        (domain, direction, seed, o) -> {
                            TrustRegionBo.Settings d = TrustRegionBo.Settings.defaults(domain.dimensions(), acquisition(o), gp(o));
                            double length = o.positive("length", d.initialLength());
                            double max = o.positive("max_length", Math.max(d.maxLength(), length));
                            o.require(length <= max, "length", "must be <= max_length (" + max + "), got " + length);
                            double min = o.positive("min_length", d.minLength());
                            o.require(min < length, "min_length", "must be < length (" + length + "), got " + min);
                            return new TrustRegionBo(domain, direction, seed, new TrustRegionBo.Settings(
                                    o.size("initial", d.initial(), 2), length, min, max, o.size("candidates", d.candidates(), 1),
                                    d.acquisition(), d.gp(), o.size("max_observations", 500, 10)));
                        }),
                provider("saga", "GA whose children a Gaussian process screens",
                        concat(concat(gaOptions, List.of("factor")), gpOptions), (domain, direction, seed, o) -> {
                            GeneticAlgorithm.Settings ga = ga(o);
                            Surrogate surrogate = new Surrogate(domain, gp(o), o.size("max_observations", 500, 10), seed);
                            return new GeneticAlgorithm(domain, direction, seed, ga,
                                    new SurrogateScreen(domain, direction, surrogate, acquisition(o), o.integer("factor", 8, 1, 1000)));
                        }),
                provider("sh", "successive halving: many at low fidelity, the best promoted",
                        concat(fidelityOptions, List.of("n")), (domain, direction, seed, o) -> {
                            Fidelities f = fidelities("sh", o);
                            return new SuccessiveHalving(domain, direction, seed, f, o.integer("n", 0, 0, StrategyOptions.MAX_SIZE), false);
                        }),
                provider("hyperband", "Hyperband: successive halving from several starting fidelities",
                        fidelityOptions, (domain, direction, seed, o) ->
                                new SuccessiveHalving(domain, direction, seed, fidelities("hyperband", o), 0, true)),
                provider("asha", "asynchronous successive halving",
                        fidelityOptions, (domain, direction, seed, o) -> new Asha(domain, direction, seed, fidelities("asha", o))),
                provider("dehb", "Hyperband, configurations by differential evolution (DEHB)",
                        concat(fidelityOptions, List.of("f", "cr")), (domain, direction, seed, o) -> {
                            Fidelities f = fidelities("dehb", o);
                            double mutation = o.positive("f", 0.5);
                            o.require(mutation <= 2, "f", "must be in (0, 2], got " + mutation);
                            return new SuccessiveHalving("dehb", domain, direction, seed, f, 0, true,
                                    new DifferentialEvolutionSampler(domain, f, mutation, o.number("cr", 0.5, 0, 1)));
                        }),
                provider("bohb", "Hyperband, configurations by a Gaussian process (BOHB)",
                        concat(concat(fidelityOptions, List.of("candidates", "random_fraction", "min_points")), gpOptions),
                        (domain, direction, seed, o) -> {
                            Fidelities f = fidelities("bohb", o);
                            return new SuccessiveHalving("bohb", domain, direction, seed, f, 0, true,
                                    new ModelBasedSampler(domain, f, seed, gp(o), o.size("max_observations", 500, 10),
                                            acquisition(o), o.size("candidates", 500, 10),
                                            o.number("random_fraction", 1.0 / 3, 0, 1),
                                            o.size("min_points", domain.dimensions() + 2, 2)));
                        }),
                provider("pbt", "population-based training: the worst copy and perturb the best",
                        List.of("population", "interval", "max_fidelity", "quantile", "resample", "perturb"),
                        (domain, direction, seed, o) -> {
                            PopulationBasedTraining.Settings d = PopulationBasedTraining.Settings.defaults();
                            int population = o.size("population", d.population(), 2);
                            double interval = o.positive("interval", d.interval());
                            double max = o.positive("max_fidelity", d.maxFidelity());
                            o.require(max >= interval, "max_fidelity", "must be >= interval (" + interval + "), got " + max);
                            o.require(max / interval <= StrategyOptions.MAX_SIZE, "interval",
                                    "gives " + Math.ceil(max / interval) + " segments up to max_fidelity " + max
                                            + "; at most " + StrategyOptions.MAX_SIZE);
                            double quantile = o.number("quantile", d.quantile(), 0, 0.5);
                            o.require(quantile > 0, "quantile", "must be in (0, 0.5], got " + quantile);
                            double resample = o.number("resample", d.resample(), 0, 1);
                            double perturb = o.number("perturb", d.perturb(), 0, 0.5);
                            o.require(perturb > 0, "perturb", "must be in (0, 0.5], got " + perturb);
                            return new PopulationBasedTraining(domain, direction, seed, new PopulationBasedTraining.Settings(
                                    population, interval, max, quantile, resample, perturb));
                        }));
        Map<String, StrategyProvider> byName = new LinkedHashMap<>();
        for (StrategyProvider p : all) byName.put(p.name(), p);
        return Collections.unmodifiableMap(byName);
    }

    private static GeneticAlgorithm.Settings ga(StrategyOptions o) {
        GeneticAlgorithm.Settings d = GeneticAlgorithm.Settings.defaults();
        int population = o.size("population", d.population(), 2);
        int elites = o.integer("elites", Math.min(d.elites(), population - 1), 0, population - 1);
        int tournament = o.size("tournament", d.tournament(), 2);
        return new GeneticAlgorithm.Settings(population, elites, tournament, o.number("crossover", d.crossover(), 0, 1),
                o.number("mutation", d.mutation(), 0, 1));
    }

    /** The options of bo and parego: initial (the design's size), candidates, and the GP's and acquisition's. */
    private static BayesianOptimization.Settings boSettings(SearchDomain domain, StrategyOptions o) {
        return new BayesianOptimization.Settings(
                o.size("initial", BayesianOptimization.Settings.defaultInitial(domain.dimensions()), 1),
                acquisition(o), gp(o), o.size("max_observations", 500, 10), o.size("candidates", 500, 10));
    }

    /** The acquisition options of bo, saga and bohb: acquisition (ei, ucb, pi) with xi (ei, pi) or beta (ucb). */
    private static Acquisition acquisition(StrategyOptions o) {
        String name = o.choice("acquisition", "ei", List.of("ei", "ucb", "pi"));
        // Only the parameter of the chosen acquisition is read: the other one is reported as unknown.
        double parameter = name.equals("ucb") ? o.number("beta", 4.0, 0, Double.MAX_VALUE)
                : o.number("xi", 0.0, 0, Double.MAX_VALUE);
        return Acquisition.of(name, parameter);
    }

    /** The GP options of bo, saga and bohb: kernel (matern52, se), restarts, threads. */
    private static GpSettings gp(StrategyOptions o) {
        GpSettings d = GpSettings.defaults();
        Kernel k = switch (o.choice("kernel", "matern52", List.of("matern52", "se"))) {
            case "se" -> Kernel.SQUARED_EXPONENTIAL;
            default -> Kernel.MATERN52;
        };
        return new GpSettings(k, o.integer("restarts", d.restarts(), 0, 1000), d.maxIterations(),
                o.integer("threads", d.threads(), 1, 1024));
    }

    /**
     * The multi-fidelity options: min_fidelity (default 1), max_fidelity (27), eta (3). The
     * rungs between them are bounded: a bracket starting at the lowest rung trains eta^K
     * configurations, so a tiny min_fidelity (1e-308) would ask for more than any search runs.
     */
    private static Fidelities fidelities(String name, StrategyOptions o) {
        double min = o.positive("min_fidelity", 1);
        double max = o.positive("max_fidelity", 27);
        if (o.asMap().containsKey("min_fidelity")) {
            o.require(min <= max, "min_fidelity", "must be <= max_fidelity (" + max + "), got " + min);
        } else {
            o.require(min <= max, "max_fidelity", "must be >= min_fidelity (" + min + "), got " + max);
        }
        int eta = o.integer("eta", 3, 2, 100);
        // A difference of logs: max / min overflows to infinity for a min_fidelity near Double.MIN_NORMAL.
        double rungsBelowTop = Math.floor((Math.log(max) - Math.log(min)) / Math.log(eta) + 1e-9);
        o.require(Math.pow(eta, rungsBelowTop) <= StrategyOptions.MAX_SIZE, "min_fidelity",
                "is too small: " + min + " to max_fidelity " + max + " with eta " + eta + " makes " + (long) rungsBelowTop
                        + " rungs, and a bracket from the lowest would start " + eta + "^" + (long) rungsBelowTop
                        + " configurations (at most " + StrategyOptions.MAX_SIZE + "); raise min_fidelity or eta");
        return Fidelities.of(name, min, max, eta);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    private static StrategyProvider provider(String name, String description, List<String> options, StrategyFactory factory) {
        return new StrategyProvider() {
            @Override public String name() { return name; }
            @Override public String description() { return description; }
            @Override public List<String> options() { return options; }
            @Override public boolean readsStartPoints() { return true; }
            @Override public Strategy create(SearchDomain domain, Direction direction, long seed, StrategyOptions o) {
                return factory.create(domain, direction, seed, o);
            }
            @Override public String toString() { return name; }
        };
    }
}
