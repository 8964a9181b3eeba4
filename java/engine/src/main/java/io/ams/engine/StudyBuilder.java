package io.ams.engine;

import io.ams.core.Direction;
import io.ams.codec.SpaceCodec;
import io.ams.engine.strategies.Strategies;
import io.ams.meta.StudyArchive;
import io.ams.meta.TaskFeatures;
import io.ams.meta.WarmStart;
import io.ams.space.Config;
import io.ams.eval.Evaluator;
import io.ams.eval.Objective;
import io.ams.space.SearchSpace;
import io.ams.store.ChronicleTrialStore;
import io.ams.store.InMemoryTrialStore;
import io.ams.store.StudyMeta;
import io.ams.store.TrialStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Options of a {@link Study}. Required: the space, and an objective unless the study is driven
 * by hand with ask/tell. Defaults: minimise, the {@code auto} strategy ({@code random} for a study with goals), 100 trials, seed 0, one trial per
 * core, no timeout, no retry, no failure limit (but a stop when the first 5 trials all fail
 * alike), an in-memory store, trials run on this JVM's threads.
 *
 * <p>The plug-in points, as Optuna's sampler/pruner/storage and Jenetics' codec/evaluator:
 * <ul>
 *   <li>{@link #strategy(String, Map)}: a strategy by name from the registry
 *       ({@code io.ams.engine.strategies.Strategies}: the built-ins and every
 *       {@link StrategyProvider} on the class path); {@link #strategy(StrategyFactory, Map)}: one
 *       built by your factory from the study's domain, direction, seed and options;
 *       {@link #strategy(Strategy)}: an instance you made.</li>
 *   <li>{@link #pruner(Pruner)}: stops unpromising trials.</li>
 *   <li>{@link #evaluator(io.ams.eval.Evaluator)}: where trials run (default: this JVM's threads).</li>
 *   <li>{@link #store(Path)} or {@link #store(TrialStore)}: where trials are kept.</li>
 * </ul>
 *
 * <p>{@link #build()} checks everything it can before it touches the disk: the strategy is built
 * (its name and every option checked, bounds included) before a store file is created, so a
 * mistake leaves no file behind. With {@link #store(Path)} on an existing file the study
 * resumes; the file's study must then match this one: space, strategy and its options, seed,
 * direction, pruner with its options, and what {@link #describe(String, String)} (for example
 * {@link #objectiveId(String)}) adds. An objective is a function the builder cannot compare: name it
 * with {@link #objectiveId(String)} for the check to cover it; without an id it is not checked.
 *
 * <p>Reproducibility: the same seed gives the same trials whatever the number of workers
 * ({@link #deterministic(boolean)}, the default; see {@link Study}). The
 * objective sees real values rounded to 12 significant digits (see {@link Study}).
 */
public final class StudyBuilder {
    /** How many first trials, all failing alike, stop a study by default. */
    public static final int DEFAULT_SAME_ERROR_TRIALS = 5;

    private SpaceView space;
    /** The space as given (null for the flat test spaces): what a warm start's configurations must fit. */
    private SearchSpace searchSpace;
    private Objective objective;
    private Direction direction = Direction.MINIMIZE;
    /** Null until a strategy is chosen: then {@code auto}, or {@code random} for a study with goals. */
    private String strategyName;
    private boolean strategyChosen;
    private StrategyFactory strategyFactory;
    private Strategy strategyInstance;
    private Map<String, ?> strategyOptions = Map.of();
    private Budget budget = Budget.trials(100);
    private long seed;
    private int workers = Runtime.getRuntime().availableProcessors();
    private Duration trialTimeout;
    private Duration cancelGrace = Duration.ofSeconds(30);
    private int retries;
    private Path storeFile;
    private TrialStore storeInstance;
    private Evaluator evaluator;
    private int maxFailures = Integer.MAX_VALUE;
    private int sameErrorTrials = DEFAULT_SAME_ERROR_TRIALS;
    private Logger log = LoggerFactory.getLogger(Study.class);
    private String name = "study";
    private String spaceSource = "";
    private final List<StudyListener> listeners = new ArrayList<>();
    /** Settings kept in a new store's metadata, not compared ({@link #attribute(String, String)}). */
    private final Map<String, String> attributes = new TreeMap<>();
    /** What the study is beyond space, direction, strategy and seed ({@link StudyMeta#identity()}). */
    private final Map<String, String> described = new TreeMap<>();
    private Pruner pruner = Pruners.none();
    private KeepCheckpoints keepCheckpoints = KeepCheckpoints.DEFAULT;
    private double[] reference;
    private final List<Constraint> constraints = new ArrayList<>();
    private final List<Goal> goals = new ArrayList<>();
    private boolean deterministic = true;
    private StudyArchive archive;
    private WarmStart warmStart;
    /** Chosen once per build, when the meta of a new store is made (null: not yet). */
    private List<Config> warmStartConfigs;
    /** The task's description when a warm start asked the objective for it (null otherwise). */
    private TaskFeatures taskFeatures;

    StudyBuilder() {}

    /** The space to search; its unit-cube encoding is what the strategies see. */
    public StudyBuilder space(SearchSpace searchSpace) {
        this.searchSpace = searchSpace;
        return space(new SpaceView(domain(searchSpace), SpaceCodec.of(searchSpace)::decode, searchSpace.toString()));
    }

    /** The unit-cube domain the strategies see of a space: its genes, which are active, continuous, categorical, structural. */
    public static SearchDomain domain(SearchSpace searchSpace) {
        SpaceCodec codec = SpaceCodec.of(searchSpace);
        return new SearchDomain() {
            @Override public int dimensions() { return codec.size(); }
            @Override public boolean[] activeDimensions(double[] point) {
                boolean[] active = new boolean[codec.size()];
                for (int d : codec.activeDimensions(point)) active[d] = true;
                return active;
            }
            @Override public double[] canonical(double[] point) { return codec.imputed(point); }
            @Override public boolean categorical(int dimension) { return codec.dimensions().get(dimension).categorical(); }
            @Override public boolean continuous(int dimension) { return codec.dimensions().get(dimension).isContinuous(); }
            // Stack genes are labelled stack.depth and stack[i].name; top-level names are identifiers.
            @Override public boolean structural(int dimension) {
                String label = codec.dimensions().get(dimension).label();
                return label.indexOf('.') >= 0 || label.indexOf('[') >= 0;
            }
        };
    }

    StudyBuilder space(SpaceView view) { this.space = view; return this; }
    public StudyBuilder objective(Objective o) { this.objective = o; return this; }
    public StudyBuilder direction(Direction d) { this.direction = d; return this; }

    /**
     * A strategy by name with its options (e.g. {@code population}): a built-in (random, ga,
     * regevo, local, bo, saga, sh, hyperband, asha, dehb, bohb, pbt) or a
     * {@link StrategyProvider} found on the class path.
     */
    public StudyBuilder strategy(String name, Map<String, ?> options) {
        return choose(Objects.requireNonNull(name, "strategy name"), null, null, options);
    }

    public StudyBuilder strategy(String name) { return strategy(name, Map.of()); }

    /**
     * A strategy built by {@code factory} from the study's domain, direction, seed and
     * {@code options}, when the study is built (an option the factory does not read is an error).
     */
    public StudyBuilder strategy(StrategyFactory factory, Map<String, ?> options) {
        return choose(null, Objects.requireNonNull(factory, "strategy factory"), null, options);
    }

    public StudyBuilder strategy(StrategyFactory factory) { return strategy(factory, Map.of()); }

    /**
     * This strategy instance, as it stands: a fresh one, used by this study only (on a resumed
     * store it hears the stored history first). The study closes it. The builder's seed is not
     * passed to it: seed it yourself.
     */
    public StudyBuilder strategy(Strategy strategy) {
        return choose(null, null, Objects.requireNonNull(strategy, "strategy"), Map.of());
    }

    private StudyBuilder choose(String name, StrategyFactory factory, Strategy instance, Map<String, ?> options) {
        this.strategyChosen = true;
        this.strategyName = name;
        this.strategyFactory = factory;
        this.strategyInstance = instance;
        this.strategyOptions = options == null ? Map.of() : Map.copyOf(options);
        return this;
    }

    public StudyBuilder budget(Budget b) { this.budget = b; return this; }
    public StudyBuilder seed(long s) { this.seed = s; return this; }
    /**
     * Trials evaluated at once (default: one per core, each with single-threaded BLAS). A
     * deterministic study (the default) gives the same trials with any number.
     */
    public StudyBuilder workers(int w) {
        if (w < 1) throw new IllegalArgumentException("workers must be >= 1, got " + w);
        this.workers = w;
        return this;
    }
    /** A trial running longer is cancelled and marked FAILED once it has stopped (see {@link #cancelGrace}). */
    public StudyBuilder trialTimeout(Duration d) { this.trialTimeout = d; return this; }
    /**
     * How long a cancelled trial (its timeout, or the time budget, has passed) gets to stop
     * before it is abandoned: its worker slot is freed and the search goes on while its thread
     * runs to wherever it ends. The MLP objective stops within a mini-batch; an objective of
     * yours that ignores both {@link io.ams.eval.TrialContext#cancelled()} and interrupts costs
     * this long, then a thread. Default 30 s.
     */
    public StudyBuilder cancelGrace(Duration d) {
        if (d == null || d.isNegative()) throw new IllegalArgumentException("cancelGrace must be >= 0, got " + d);
        this.cancelGrace = d;
        return this;
    }
    /**
     * How many times a failed trial is run again before it counts as FAILED. A retry is the
     * same trial: same configuration, fidelity, seed and parent checkpoint.
     */
    public StudyBuilder retries(int r) {
        if (r < 0) throw new IllegalArgumentException("retries must be >= 0, got " + r);
        this.retries = r;
        return this;
    }
    /**
     * Stops {@link Study#optimize()} once this many trials of the run have FAILED (after their
     * retries); its stop reason says so. Default: no limit.
     */
    public StudyBuilder maxFailures(int n) {
        if (n < 1) throw new IllegalArgumentException("max failures must be >= 1, got " + n);
        this.maxFailures = n;
        return this;
    }
    /**
     * Stops {@link Study#optimize()} as soon as the run's first {@code n} trials have all failed
     * with the same error, which the stop reason names: a broken objective, not an unlucky one.
     * Default {@value #DEFAULT_SAME_ERROR_TRIALS}; 0 never stops on this.
     */
    public StudyBuilder stopWhenFirstTrialsFailAlike(int n) {
        if (n < 0) throw new IllegalArgumentException("the number of first trials must be >= 0, got " + n);
        this.sameErrorTrials = n;
        return this;
    }
    /**
     * Which trial checkpoints stay on disk (default {@link KeepCheckpoints#CONTINUABLE}: those a
     * later trial, or a resume with a larger budget, can still continue). Not kept in the store:
     * give it again on resume (the command line keeps it with its other flags).
     */
    public StudyBuilder keepCheckpoints(KeepCheckpoints keep) {
        this.keepCheckpoints = Objects.requireNonNull(keep, "keepCheckpoints");
        return this;
    }

    /**
     * A bound a completed trial's measurement must meet to count, e.g.
     * {@code Constraint.atMost("params", 50_000)} (see {@link Constraints}); kept in the store, and a
     * store whose study has other constraints is refused.
     */
    public StudyBuilder constraint(Constraint c) {
        constraints.add(Objects.requireNonNull(c, "constraint"));
        return this;
    }

    /**
     * A measurement the study optimises besides its value, e.g. {@code Goal.minimize("params")}:
     * the study then has a Pareto front ({@link Study#front()}). It needs a multi-objective
     * strategy ({@link Strategy#multiObjective()}: nsga2, random, ...; the default becomes nsga2);
     * kept in the store, and a store whose study has other goals is refused.
     */
    /**
     * The point the front's hypervolume is measured against ({@link Study#front()}): one value per
     * objective, the value's first, then each goal's, in their own units and directions (ZDT's
     * {@code 1.1, 1.1}). Without it the reference is derived from the trials, which suits one
     * study but not a comparison of two. Kept in the store's metadata for {@code ams show}.
     */
    public StudyBuilder reference(double... point) {
        for (double v : point) {
            if (!Double.isFinite(v)) throw new IllegalArgumentException("a reference point is finite, got " + java.util.Arrays.toString(point));
        }
        this.reference = point.clone();
        return this;
    }

    public StudyBuilder goal(Goal g) {
        Objects.requireNonNull(g, "goal");
        if (goals.stream().anyMatch(x -> x.metric().equals(g.metric()))) {
            throw new IllegalArgumentException("goal " + g.metric() + " is given twice");
        }
        goals.add(g);
        return this;
    }

    /**
     * Why {@code strategy} cannot search a study with {@code goals}: it ranks trials by the value
     * alone, so it would search the value only and leave the front to chance.
     */
    public static String multiGoalRefusal(String strategy, List<Goal> goals, SearchDomain domain) {
        return "'" + strategy + "' ranks trials by the value alone; a study with goals besides its value ("
                + goals.stream().map(Goal::toString).collect(java.util.stream.Collectors.joining(", "))
                + ") is searched by a multi-objective strategy: " + String.join(", ", Strategies.multiObjectiveNames(domain));
    }
    /** Persist the trials to this file (created, or resumed when it exists). */
    public StudyBuilder store(Path file) {
        this.storeFile = Objects.requireNonNull(file, "store file");
        this.storeInstance = null;
        return this;
    }
    /**
     * Keep the trials in this store: yours to close, the study does not. A store that holds
     * trials resumes them: they must be this study's (same space, strategy and seed), which,
     * unlike a store file's, is not checked against the store's metadata; the study's slots
     * are its metadata's {@code slots} attribute when it has one, else the workers.
     */
    public StudyBuilder store(TrialStore store) {
        this.storeInstance = Objects.requireNonNull(store, "store");
        this.storeFile = null;
        return this;
    }
    /**
     * Where trials run (default: a pool of this JVM's threads, made and closed by each
     * {@link Study#optimize()}). The study submits at most {@code workers} trials at once and
     * does not close an evaluator it was given.
     */
    public StudyBuilder evaluator(Evaluator e) { this.evaluator = e; return this; }
    /** Where the study logs (default: SLF4J's logger {@code io.ams.engine.Study}). */
    public StudyBuilder logger(Logger logger) { this.log = Objects.requireNonNull(logger, "logger"); return this; }
    public StudyBuilder name(String n) { this.name = n; return this; }
    /** The text the space came from (a genome file), kept in the store so `ams resume` can rebuild the study. */
    public StudyBuilder spaceSource(String text) { this.spaceSource = text; return this; }
    /**
     * Names the objective (e.g. {@code "branin"}, {@code "resnet-cifar10 v2"}): recorded in the
     * store, and a store whose study has another objective id is refused. A lambda cannot be
     * compared otherwise; without an id the objective is not checked.
     */
    public StudyBuilder objectiveId(String id) {
        return describe("objective", id);
    }

    /**
     * A part of what the study is beyond its space, direction, strategy and seed (the genome
     * records {@code objective}, {@code metric}, {@code split}): kept in the store's metadata as
     * {@code study.<part>}, and a store whose study has another value for it is refused.
     */
    public StudyBuilder describe(String part, String value) {
        Objects.requireNonNull(part, "part");
        Objects.requireNonNull(value, "value");
        if (part.isBlank()) throw new IllegalArgumentException("a study part needs a name");
        described.put(StudyMeta.IDENTITY_PREFIX + part, value);
        return this;
    }

    /**
     * A setting kept in a new store's metadata ({@link StudyMeta#attrs()}) for whoever resumes
     * it (e.g. the command line's budget flags); not part of what the study is, not compared.
     */
    public StudyBuilder attribute(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (key.equals(Study.SLOTS) || key.equals(StudyMeta.STRATEGY_OPTIONS) || key.startsWith(StudyMeta.IDENTITY_PREFIX)) {
            throw new IllegalArgumentException("attribute '" + key + "' is the study's own; use describe() for a part of what the study is");
        }
        attributes.put(key, value);
        return this;
    }

    public StudyBuilder listener(StudyListener l) { this.listeners.add(l); return this; }
    /**
     * Whether the strategy hears results in the order it made its proposals (default: true).
     * Then a study repeats exactly, trial by trial, whatever the number of workers and the
     * timing of the trials (for an objective that gives the same value for the same
     * configuration and seed): a result that arrives early waits for the ones before it, and so
     * do the proposals it would let the strategy make, which can leave workers idle. False tells
     * each result as it arrives: the most throughput, and with more than one worker an
     * asynchronous strategy's trials depend on timing. Generational strategies ({@code ga},
     * {@code hyperband}, ...) repeat either way.
     */
    public StudyBuilder deterministic(boolean inOrder) {
        this.deterministic = inOrder;
        return this;
    }

    /**
     * Keeps the study in the archive in {@code folder} when {@link Study#optimize()} ends (not
     * when it was interrupted, nor without a completed trial): its task's description
     * ({@link Objective#describe()}), space, and best configurations, for later warm starts.
     * Default: not archived. A study that cannot be archived says so and loses nothing.
     */
    public StudyBuilder archive(Path folder) {
        this.archive = folder == null ? null : new StudyArchive(folder);
        return this;
    }

    /**
     * Starts the search from the best configurations of the earlier studies in an archive that
     * resemble this one ({@link WarmStart}): the strategy evaluates them first (see
     * {@link SearchDomain#startPoints()}). Chosen when the study is created and kept in its
     * store, so a resume starts from the same ones whatever the archive holds by then. Needs a
     * space given with {@link #space(SearchSpace)} and a strategy that reads start points
     * (every built-in). A missing archive, or entries that do not fit, are skipped with a note.
     */
    public StudyBuilder warmStart(WarmStart w) {
        this.warmStart = w;
        return this;
    }

    /** Stops unpromising trials early from their reported curves (default: {@link Pruners#none()}). */
    public StudyBuilder pruner(Pruner p) { this.pruner = p == null ? Pruners.none() : p; return this; }

    public Study build() {
        if (space == null) throw new IllegalStateException("a study needs a search space");
        if (!strategyChosen) strategyName = goals.isEmpty() ? "auto" : "random";
        Constraints bounds = Constraints.of(constraints);
        // First what can be wrong without touching the disk: a bad strategy name or option leaves no store file.
        if (reference != null && reference.length != goals.size() + 1) {
            throw new IllegalArgumentException("the reference point has " + reference.length
                    + (reference.length == 1 ? " value" : " values") + "; the study has "
                    + (goals.size() + 1) + " objectives (the value" + (goals.isEmpty() ? "" : ", then " + goals.stream()
                    .map(Goal::metric).collect(java.util.stream.Collectors.joining(", "))) + ")");
        }
        Strategy strategy = strategy(space.domain());
        if (warmStart != null) checkWarmStart(strategy);
        if (!goals.isEmpty() && !strategy.multiObjective()) {
            String name = strategyName != null ? strategyName : strategy.name();
            strategy.close();
            throw new IllegalArgumentException(multiGoalRefusal(name, goals, space.domain()));
        }
        String strategyLabel = strategyName != null ? strategyName : strategy.name();
        TrialStore store = null;
        boolean ownsStore = storeInstance == null;
        try {
            int slots = workers;
            if (storeInstance != null) {
                // The store and its metadata are the caller's: trust them to be this study's.
                store = storeInstance;
                slots = Integer.parseInt(store.meta().attrs().getOrDefault(Study.SLOTS, Integer.toString(slots)));
            } else if (storeFile == null) {
                store = new InMemoryTrialStore(meta(slots, strategyLabel, true));
            } else if (Files.exists(storeFile)) {
                store = ChronicleTrialStore.open(storeFile);
                slots = resumedSlots(store, storeFile.toString(), strategyLabel, slots);
                TrialStore opened = store;
                ((ChronicleTrialStore) opened).recoveryNotes().forEach(n -> listeners.forEach(l -> l.note(n)));
            } else {
                // Sized for the trial budget (a store file takes its sized room at once), capped: a
                // time-only budget has no trial count, and the store grows past its sizing anyway.
                store = ChronicleTrialStore.create(storeFile, meta(slots, strategyLabel, true), Math.min(budget.maxTrials(), 5_000));
            }
            List<double[]> starts = startPoints(store);
            if (!starts.isEmpty()) {
                // The strategy built above checked the options; this one also has the start points.
                strategy.close();
                strategy = null;  // closed: the handler below must not close it again if the rebuild throws
                strategy = strategy(space.domain().withStartPoints(starts));
            }
            Checkpoints checkpoints = storeFile != null ? Checkpoints.beside(storeFile) : Checkpoints.temporary();
            return new Study(new Study.Parts(space, objective, direction, strategy, budget, seed, slots, workers,
                    trialTimeout, retries, store, ownsStore, listeners, pruner, checkpoints, evaluator, maxFailures,
                    sameErrorTrials, log, cancelGrace, keepCheckpoints, bounds, List.copyOf(goals),
                    reference != null ? reference.clone() : null,
                    new Study.Archiving(archive, taskFeatures, storeFile == null ? "" : storeFile.toAbsolutePath().toString()),
                    deterministic));
        } catch (RuntimeException e) {
            if (strategy != null) strategy.close();
            if (store != null && ownsStore) store.close();
            throw e;
        }
    }

    /** The strategy on {@code domain}, built and checked: by name from the registry, by the factory, or the instance given. */
    private Strategy strategy(SearchDomain domain) {
        if (strategyInstance != null) return strategyInstance;
        if (strategyFactory != null) return Strategies.create(strategyFactory, "custom", strategyOptions, domain, direction, seed);
        return Strategies.create(strategyName, strategyOptions, domain, direction, seed);
    }

    /** The slots of a study that resumes from {@code store}, after checking that it is this study. */
    private int resumedSlots(TrialStore store, String where, String strategyLabel, int fallback) {
        StudyMeta m = store.meta();
        StudyMeta wanted = meta(fallback, strategyLabel, false);
        String difference = m.difference(wanted);
        if (difference != null) throw new IllegalArgumentException(where + " holds another study: " + difference);
        List<String> unknown = m.unknownParts(wanted);
        if (!unknown.isEmpty()) {
            // An older store, or a study that named no objective: what it did not record cannot be
            // compared, and is not held against it.
            String note = where + " does not record its study's " + String.join(", ", unknown)
                    + " (an older store, or a study that did not name it): not checked against this study's";
            listeners.forEach(l -> l.note(note));
        }
        return Integer.parseInt(m.attrs().getOrDefault(Study.SLOTS, Integer.toString(fallback)));
    }

    /** A warm start needs the space itself and a strategy by name that reads start points. */
    private void checkWarmStart(Strategy strategy) {
        String problem = null;
        if (searchSpace == null) problem = "a warm start needs the study's space given with space(SearchSpace)";
        else if (storeInstance != null) {
            problem = "a warm start needs a store the study creates (store(Path), or none): it keeps the chosen"
                    + " configurations there, so that a resume starts from the same ones";
        } else if (strategyInstance != null || strategyFactory != null) {
            problem = "a warm start needs a strategy by name: a strategy instance or factory cannot be told its start points";
        } else if (!Strategies.provider(strategyName).readsStartPoints()) {
            problem = "strategy " + strategyName + " does not read start points (StrategyProvider.readsStartPoints), so a warm"
                    + " start's configurations would be ignored; every built-in strategy reads them";
        }
        if (problem != null) {
            strategy.close();
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * The warm start's configurations as points: a new study chooses them now (and {@link #meta}
     * keeps them), a resumed one takes those its store kept, whatever the archive holds by now.
     */
    private List<double[]> startPoints(TrialStore store) {
        String kept = store.meta().attrs().get(Study.WARM_START);
        if (kept == null) {
            if (warmStart != null && !store.all().isEmpty()) {
                note("the store's study was started without a warm start; it resumes as it was");
            }
            return List.of();
        }
        SpaceCodec codec = SpaceCodec.of(searchSpace);
        return Study.warmStartConfigs(kept).stream().map(c -> space.domain().canonical(codec.encode(c))).toList();
    }

    /** Chooses the warm start's configurations for a new study; empty without a warm start. */
    private List<Config> planWarmStart() {
        if (warmStart == null) return List.of();
        taskFeatures = describeTask();
        WarmStart.Plan plan = warmStart.plan(taskFeatures, searchSpace, this::note);
        if (plan.configurations().isEmpty()) {
            note("warm start: no earlier study in " + warmStart.archive() + " fits this one; the search starts cold");
        } else {
            note("warm start: " + plan.configurations().size() + " configurations from " + plan.neighbours().stream()
                    .map(WarmStart.Neighbour::toString).collect(java.util.stream.Collectors.joining(", "))
                    + (taskFeatures == null || taskFeatures.cost().isEmpty() ? "" : "; describing the task cost " + taskFeatures.cost()));
        }
        return plan.configurations();
    }

    /** The objective's description of its task; null (with a note) when it gives none or fails to. */
    private TaskFeatures describeTask() {
        if (objective == null) return null;
        try {
            return objective.describe().orElse(null);
        } catch (Exception | LinkageError e) {
            note("the objective could not describe its task (" + e + "); it is taken as undescribed");
            return null;
        }
    }

    private void note(String message) {
        listeners.forEach(l -> l.note(message));
        log.info(message);
    }

    /** The study's metadata; {@code created}: for a new store, which then keeps the warm start's choice. */
    private StudyMeta meta(int slots, String strategyLabel, boolean created) {
        Map<String, String> attrs = new TreeMap<>(attributes);
        attrs.put(Study.SLOTS, Integer.toString(slots));
        attrs.put(StudyMeta.STRATEGY_OPTIONS, new TreeMap<>(strategyOptions).toString());
        attrs.put(StudyMeta.IDENTITY_PREFIX + "pruner", pruner.description());
        Constraints bounds = Constraints.of(constraints);
        attrs.put(StudyMeta.IDENTITY_PREFIX + "constraints", bounds.isEmpty() ? "none" : bounds.toString());
        attrs.put(StudyMeta.IDENTITY_PREFIX + "goals", goals.isEmpty() ? "none" : goals.stream().map(Goal::toString)
                .collect(java.util.stream.Collectors.joining(", ")));
        if (reference != null) attrs.put(Study.REFERENCE, Study.referenceText(reference));
        attrs.putAll(described);
        if (created && warmStartConfigs == null) warmStartConfigs = planWarmStart();
        if (created && !warmStartConfigs.isEmpty()) attrs.put(Study.WARM_START, Study.warmStartText(warmStartConfigs));
        return StudyMeta.of(name, spaceSource, space.canonicalSpace(), direction, seed, strategyLabel, attrs);
    }
}
