package io.ams.engine;

import io.ams.core.Direction;
import io.ams.codec.SpaceCodec;
import io.ams.eval.Objective;
import io.ams.space.SearchSpace;
import io.ams.store.ChronicleTrialStore;
import io.ams.store.InMemoryTrialStore;
import io.ams.store.StudyMeta;
import io.ams.store.TrialStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Options of a {@link Study}. Required: the space, and an objective unless the study is driven
 * by hand with ask/tell. Defaults: minimise,
 * random search, 100 trials, seed 0, one trial per core, no timeout, no retry, an in-memory
 * store. With {@link #store(Path)} on an existing file the study resumes; the file's study
 * must then match this one (space, strategy, seed, direction).
 */
public final class StudyBuilder {
    private SpaceView space;
    private Objective objective;
    private Direction direction = Direction.MINIMIZE;
    private String strategy = "random";
    private Map<String, ?> strategyOptions = Map.of();
    private Budget budget = Budget.trials(100);
    private long seed;
    private int workers = Runtime.getRuntime().availableProcessors();
    private Duration trialTimeout;
    private int retries;
    private Path storeFile;
    private String name = "study";
    private String spaceSource = "";
    private final List<StudyListener> listeners = new ArrayList<>();
    private Pruner pruner = Pruners.none();

    StudyBuilder() {}

    /** The space to search; its unit-cube encoding is what the strategies see. */
    public StudyBuilder space(SearchSpace searchSpace) {
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
    /** A strategy by name (random, ga, regevo, local, sh, hyperband, asha, pbt) with its options (e.g. {@code population}). */
    public StudyBuilder strategy(String name, Map<String, ?> options) {
        this.strategy = name;
        this.strategyOptions = options == null ? Map.of() : Map.copyOf(options);
        return this;
    }
    public StudyBuilder strategy(String name) { return strategy(name, Map.of()); }
    public StudyBuilder budget(Budget b) { this.budget = b; return this; }
    public StudyBuilder seed(long s) { this.seed = s; return this; }
    /** Trials evaluated at once (default: one per core, each with single-threaded BLAS). */
    public StudyBuilder workers(int w) {
        if (w < 1) throw new IllegalArgumentException("workers must be >= 1, got " + w);
        this.workers = w;
        return this;
    }
    /** A trial running longer is marked FAILED and abandoned. */
    public StudyBuilder trialTimeout(Duration d) { this.trialTimeout = d; return this; }
    /** How many times a failed trial is run again before it counts as FAILED. */
    public StudyBuilder retries(int r) {
        if (r < 0) throw new IllegalArgumentException("retries must be >= 0, got " + r);
        this.retries = r;
        return this;
    }
    /** Persist the trials to this file (created, or resumed when it exists). */
    public StudyBuilder store(Path file) { this.storeFile = file; return this; }
    public StudyBuilder name(String n) { this.name = n; return this; }
    /** The text the space came from (a genome file), kept in the store so `ams resume` can rebuild the study. */
    public StudyBuilder spaceSource(String text) { this.spaceSource = text; return this; }
    public StudyBuilder listener(StudyListener l) { this.listeners.add(l); return this; }
    /** Stops unpromising trials early from their reported curves (default: {@link Pruners#none()}). */
    public StudyBuilder pruner(Pruner p) { this.pruner = p == null ? Pruners.none() : p; return this; }

    public Study build() {
        if (space == null) throw new IllegalStateException("a study needs a search space");
        int slots = workers;
        TrialStore store;
        boolean resumed = storeFile != null && Files.exists(storeFile);
        if (storeFile == null) {
            store = new InMemoryTrialStore(meta(slots));
        } else if (resumed) {
            ChronicleTrialStore opened = ChronicleTrialStore.open(storeFile);
            StudyMeta m = opened.meta();
            String mismatch = mismatch(m);
            if (mismatch != null) {
                opened.close();
                throw new IllegalArgumentException(storeFile + " holds another study: " + mismatch);
            }
            slots = Integer.parseInt(m.attrs().getOrDefault(Study.SLOTS, Integer.toString(slots)));
            store = opened;
            opened.recoveryNotes().forEach(n -> listeners.forEach(l -> l.note(n)));
        } else {
            // Sized for the trial budget, capped: a time-only budget has no trial count, and the
            // store grows past its sizing (about ten-fold) anyway.
            store = ChronicleTrialStore.create(storeFile, meta(slots), Math.min(budget.maxTrials(), 25_000));
        }
        return new Study(space, objective, direction, strategy, strategyOptions, budget, seed, slots, workers,
                trialTimeout, retries, store, true, listeners, pruner,
                storeFile == null ? null : storeFile.resolveSibling(storeFile.getFileName() + ".checkpoints"));
    }

    private StudyMeta meta(int slots) {
        Map<String, String> attrs = new TreeMap<>();
        attrs.put(Study.SLOTS, Integer.toString(slots));
        attrs.put("strategy_options", new TreeMap<>(strategyOptions).toString());
        return StudyMeta.of(name, spaceSource, space.canonicalSpace(), direction, seed, strategy, attrs);
    }

    private String mismatch(StudyMeta m) {
        if (!m.strategy().equals(strategy)) return "strategy " + m.strategy() + ", not " + strategy;
        if (m.seed() != seed) return "seed " + m.seed() + ", not " + seed;
        if (m.direction() != direction) return "direction " + m.direction() + ", not " + direction;
        if (!m.spaceJson().equals(space.canonicalSpace())) return "a different search space";
        return null;
    }
}
