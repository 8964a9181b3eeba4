package io.ams.engine;

import io.ams.core.Direction;
import io.ams.eval.Evaluator;
import io.ams.eval.Objective;
import io.ams.eval.TrialContext;
import io.ams.eval.TrialPruned;
import io.ams.meta.ArchiveEntry;
import io.ams.meta.StudyArchive;
import io.ams.meta.TaskFeatures;
import io.ams.space.Config;
import io.ams.store.StudyMeta;
import io.ams.store.TrialRecord;
import io.ams.store.TrialState;
import io.ams.store.TrialStore;
import org.slf4j.Logger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A search: the strategy proposes, the evaluator measures, the store records, the strategy
 * learns. Drive it with {@link #optimize()}, or by hand with {@link #ask()} and
 * {@link #tell(Trial, double)}. Build one with {@link #builder()}.
 *
 * <p>What the objective sees: the {@link Config} decoded from the strategy's point of the unit
 * cube. Real values are rounded to 12 significant digits by the codec, so that a
 * configuration prints, stores and deduplicates as the same number it was evaluated with
 * ({@code lr = 0.00123456789012}, not the last bits of a double); integers and choices are
 * exact; a parameter inactive under its conditions is absent. Two proposals that round to the
 * same configuration at the same fidelity are one model: the second reuses the first one's
 * result ({@link TrialRecord#duplicateOf()}).
 *
 * <p>Reproducibility: a study's proposals depend on its seed and on the order in which results
 * reach the strategy. A deterministic study (the default, {@link StudyBuilder#deterministic})
 * tells them in the order the proposals were made, refilling its slots after each, so any number
 * of workers gives the same trials, whatever their timing. Not deterministic, results reach the
 * strategy as trials finish: generational strategies ({@code ga}, {@code saga}, {@code cmaes},
 * {@code sh}, {@code hyperband}, {@code dehb}, {@code bohb}, {@code pbt}) still repeat, the
 * others only with {@code workers(1)}. A pruner decides on the curves completed so far, so with
 * more than one worker pruning depends on timing either way. The objective gets its own seed per
 * trial ({@link TrialContext#seed()}).
 *
 * <p>Resume: a study built on a store that already holds trials replays the strategy's
 * ask/tell history from the stored trials (same seed, same slots, same order of results), so
 * the strategy stands exactly where it stood; completed trials are never run again, and trials
 * left RUNNING by a crash are run again under their own ids.
 *
 * <p>{@code slots} is how many proposals are out at once; it shapes an asynchronous strategy's
 * trajectory, so it is fixed when the store is created. {@code workers} (how many run at
 * once) may change on resume.
 *
 * <p>Multi-fidelity: a proposal's fidelity is recorded with its trial, and identical
 * configurations are deduplicated per (configuration, fidelity, training history). A proposal
 * that continues an earlier one runs with the parent trial's seed, its record names the
 * parent ({@link TrialRecord#parent()}), and its objective gets the parent's checkpoint file.
 * Checkpoints live in {@code <store>.checkpoints/<trialId>.ckpt} next to a store file, or in a
 * temporary directory otherwise, deleted on {@link #close()}. Which of them stay is
 * {@link StudyBuilder#keepCheckpoints(KeepCheckpoints)}: by default a checkpoint is deleted as
 * soon as the strategy says no trial can continue it ({@link Strategy#stillContinuable(long)}).
 * A continuation whose parent saved a checkpoint that is gone fails, saying so; it is never
 * trained from scratch.
 *
 * <p>Pruning: a trial whose objective throws {@link TrialPruned}, or returns after its
 * {@link TrialContext#shouldPrune()} said true, is recorded PRUNED with its last reported
 * value; the strategy is told NaN, so it ranks last.
 *
 * <p>Failures: a trial that throws, times out or returns NaN is FAILED (after its retries) and
 * logged at WARN with its stack trace through SLF4J (logger {@code io.ams.engine.Study}); the
 * search goes on, within the failure budget ({@link StudyBuilder#maxFailures(int)},
 * {@link StudyBuilder#stopWhenFirstTrialsFailAlike(int)}). The start and the end of
 * {@link #optimize()} are logged at INFO.
 *
 * <p>{@link #close()} frees what the study holds: its store (unless it was handed one), its
 * strategy's native memory (the Gaussian process of {@code bo}, {@code saga}, {@code bohb}),
 * its temporary checkpoints.
 */
public final class Study implements AutoCloseable {
    /** The store's metadata attribute holding the slots a study was created with. */
    static final String SLOTS = "slots";
    /** The store's metadata attribute holding the reference point of the front's hypervolume, when the study gave one. */
    public static final String REFERENCE = "reference";
    /** A trial's attribute: the process that evaluated it when that was not the study's own (a cluster worker's host:port). */
    public static final String WORKER = "worker";

    /** Everything a study is made of, as its builder assembled it. */
    record Parts(SpaceView space, Objective objective, Direction direction, Strategy strategy, Budget budget, long seed,
                 int slots, int workers, Duration trialTimeout, int retries, TrialStore store, boolean ownsStore,
                 List<StudyListener> listeners, Pruner pruner, Checkpoints checkpoints, Evaluator evaluator,
                 int maxFailures, int sameErrorTrials, Logger log, Duration cancelGrace, KeepCheckpoints keepCheckpoints,
                 Constraints constraints, List<Goal> goals, double[] reference, Archiving archiving,
                 boolean deterministic) {}

    /**
     * Where the study is archived when it ends: the archive (null: not archived), the task's
     * description when the builder already asked the objective for it (null: ask at the end), and
     * the store file ("" for none).
     */
    record Archiving(StudyArchive archive, TaskFeatures features, String storeFile) {}

    /** The metadata attribute holding a warm start's configurations: a JSON array of canonical configurations. */
    public static final String WARM_START = "warm_start";

    private final SpaceView space;
    private final Objective objective;
    private final Direction direction;
    private final Constraints constraints;
    private final List<Goal> goals;
    /** The front's hypervolume reference; null: derived from the trials. */
    private final double[] reference;
    private final Strategy strategy;
    private final Budget budget;
    private final long seed;
    private final int workers;
    private final int threadsPerTrial;
    private final Duration trialTimeout;
    private final Duration cancelGrace;
    private final int retries;
    private final TrialStore store;
    private final boolean ownsStore;
    private final List<StudyListener> listeners;
    private final Pruner pruner;
    private final Checkpoints checkpoints;
    private final Evaluator evaluator;
    private final int maxFailures;
    private final int sameErrorTrials;
    private final Logger log;
    private final Ledger ledger;
    private final Lineages lineages;
    private final CheckpointRetention retention;
    /**
     * Curves of the completed trials that reported any, for the pruner (read on trial threads);
     * none kept without a pruner, so a long search without one keeps no curve twice.
     */
    private final CompletedCurves completedCurves = new CompletedCurves();
    /** Trials in a final state (COMPLETE, FAILED, PRUNED), this run's and the store's. */
    private int finished;
    private Trial best;
    private boolean closed;
    private final Archiving archiving;

    Study(Parts parts) {
        this.space = parts.space();
        this.objective = parts.objective();
        this.direction = parts.direction();
        this.strategy = parts.strategy();
        this.budget = parts.budget();
        this.seed = parts.seed();
        this.workers = Math.min(parts.workers(), parts.slots());
        this.threadsPerTrial = Math.max(1, Runtime.getRuntime().availableProcessors() / this.workers);
        this.trialTimeout = parts.trialTimeout();
        this.cancelGrace = parts.cancelGrace();
        this.retries = parts.retries();
        this.store = parts.store();
        this.ownsStore = parts.ownsStore();
        this.listeners = List.copyOf(parts.listeners());
        this.pruner = parts.pruner() == null ? Pruners.none() : parts.pruner();
        this.checkpoints = parts.checkpoints();
        this.evaluator = parts.evaluator();
        this.maxFailures = parts.maxFailures();
        this.sameErrorTrials = parts.sameErrorTrials();
        this.log = parts.log();
        this.constraints = parts.constraints();
        this.goals = parts.goals();
        this.reference = parts.reference();
        this.archiving = parts.archiving();
        // Held results reach the store once told, stamped with their order (TrialRecord.told).
        this.ledger = new Ledger(strategy, parts.slots(), parts.deterministic(), r -> store.put(r));
        this.lineages = new Lineages(store);
        List<TrialRecord> stored = store.all();
        for (TrialRecord r : stored) {
            if (r.state() == TrialState.COMPLETE) noteCompleted(trial(r));
            if (r.state().isFinal()) finished++;
        }
        boolean replayed = Replay.replay(stored, ledger, this::heard, this::note);
        this.retention = new CheckpointRetention(parts.keepCheckpoints(), checkpoints, strategy, stored, best(), replayed,
                this::note);
    }

    public static StudyBuilder builder() {
        return new StudyBuilder();
    }

    public Direction direction() { return direction; }
    /** BLAS threads each trial gets: the cores shared among the trials that run at once. */
    public int threadsPerTrial() { return threadsPerTrial; }
    public String strategyName() { return strategy.name(); }
    public TrialStore store() { return store; }
    public Budget budget() { return budget; }
    public Pruner pruner() { return pruner; }
    /** The largest fidelity the strategy proposes; 0 for a single-fidelity study. */
    public double maxFidelity() { return strategy.maxFidelity(); }

    /** Every trial so far, by id. */
    public List<Trial> trials() {
        return store.all().stream().map(this::trial).toList();
    }

    /** The trial and the trials it continues ({@link TrialRecord#parent()}, recursively), the first segment first. */
    public Lineage lineage(Trial trial) {
        List<Trial> chain = new ArrayList<>();
        for (TrialRecord r : lineages.chain(trial.record())) chain.add(trial(r));
        return new Lineage(chain);
    }

    /** The best completed trial so far (in a multi-fidelity study, at the highest fidelity reached). */
    public Optional<Trial> best() {
        return Optional.ofNullable(best);
    }

    // ---- ask / tell ---------------------------------------------------------------------

    /**
     * The next trial to evaluate, recorded as RUNNING; empty when the strategy waits for
     * results of trials still out (a generation in progress) or the trial budget is spent.
     */
    public Optional<Trial> ask() {
        return Optional.ofNullable(nextToRun()).map(p -> trial(p.record));
    }

    /** Reports the value of a trial from {@link #ask()}; NaN or an infinity marks it FAILED. */
    public Trial tell(Trial trial, double value) {
        return tell(trial, value, Map.of());
    }

    /**
     * Reports the value of a trial from {@link #ask()} with what else was measured, by name (see
     * {@link io.ams.eval.TrialContext#metric}); NaN or an infinity marks it FAILED.
     *
     * @throws IllegalArgumentException for a metric name or value the store cannot keep (the trial
     *                                  stays awaiting its value)
     */
    public Trial tell(Trial trial, double value, Map<String, Double> metrics) {
        Ledger.Pending p = awaitingOrThrow(trial);
        Map<String, Double> checked = io.ams.core.Metrics.checked(metrics);
        return Double.isFinite(value) ? finish(p, TrialState.COMPLETE, value, null, new double[0], checked, null, null)
                : finish(p, TrialState.FAILED, Double.NaN, "objective returned " + value, new double[0], checked, null, null);
    }

    /** Reports that a trial from {@link #ask()} failed, with the reason. */
    public Trial fail(Trial trial, String error) {
        return finish(awaitingOrThrow(trial), TrialState.FAILED, Double.NaN, error, new double[0], Map.of(), null, null);
    }

    /** Reports that a trial from {@link #ask()} was stopped early, with the last value it reached; the strategy hears NaN. */
    public Trial prune(Trial trial, double lastValue) {
        return finish(awaitingOrThrow(trial), TrialState.PRUNED, lastValue, null, new double[0], Map.of(), null, null);
    }

    private Ledger.Pending awaitingOrThrow(Trial trial) {
        Ledger.Pending p = ledger.awaiting(trial.id());
        if (p == null) throw new IllegalArgumentException("trial " + trial.id() + " is not awaiting a value");
        return p;
    }

    /**
     * Picks the next proposal without a running trial and records it as started; a proposal
     * whose model was trained already is answered from the store on the way. Null when there
     * is nothing to run now.
     */
    Ledger.Pending nextToRun() {
        while (true) {
            ledger.fill();
            Ledger.Pending p = ledger.nextIdle();
            if (p == null || store.size() >= budget.maxTrials() && p.record == null) return null;
            TrialRecord record = p.record == null ? newTrial(p.proposal)
                    // A trial that was running at a crash: run it again under its id.
                    : p.record.restarted(System.currentTimeMillis());
            ledger.attach(p, record);
            p.running = true;
            Optional<TrialRecord> done = lineages.trainedBefore(record);
            // A repeat of a trial whose checkpoint was deleted is trained again: reused, it would
            // have no state for a promotion to continue.
            if (done.isPresent() && checkpointMissing(done.get())) done = Optional.empty();
            if (done.isPresent()) {
                // Identical model already trained: reuse its value, train nothing.
                p.record = record.withDuplicateOf(done.get().id());
                finish(p, TrialState.COMPLETE, done.get().value(), null, done.get().curve(), done.get().metrics(), null, null);
                continue;
            }
            store.put(record);
            Trial t = trial(record);
            listeners.forEach(l -> l.trialStarted(t));
            return p;
        }
    }

    private TrialRecord newTrial(Proposal proposal) {
        long id = store.nextId();
        String key = space.decode(proposal.point()).canonical();
        TrialRecord parent = parentOf(proposal);
        // A continuation is the same training run, so it keeps its lineage's seed.
        // From the proposal, not the trial id: ids can skip (a trial whose first write a kill tore
        // keeps its id as a damaged placeholder), while a resume replays the same proposals.
        long trialSeed = parent != null ? parent.seed() : trialSeed(proposal.sequence());
        TrialRecord r = TrialRecord.running(id, proposal.point(), key, proposal.fidelity(), trialSeed, 1,
                System.currentTimeMillis(), Map.of()).withSequence(proposal.sequence());
        return parent == null ? r : r.withParent(parent.id());
    }

    /** The trial a continuation continues, or null for a proposal without a parent. */
    private TrialRecord parentOf(Proposal proposal) {
        if (!proposal.continues()) return null;
        long id = ledger.trialOf(proposal.parent()).orElseThrow(() -> new IllegalStateException(strategy.name()
                + " continues proposal " + proposal.parent() + ", which never became a trial"));
        return store.get(id).orElseThrow();
    }

    /** A failed attempt runs again: same trial, same fidelity, seed and parent, the next attempt. */
    TrialRecord restart(Ledger.Pending p) {
        p.record = p.record.restarted(System.currentTimeMillis());
        store.put(p.record);
        return p.record;
    }

    /**
     * Records the trial's end, tells the strategy (NaN unless COMPLETE) and the listeners.
     * {@code ranOn} names the process that ran it elsewhere (null: this one), kept as
     * {@link #WORKER}; {@code cause}, when there is one, is what the objective threw: logged with a failure.
     */
    Trial finish(Ledger.Pending p, TrialState state, double value, String error, double[] curve,
                 Map<String, Double> metrics, String ranOn, Throwable cause) {
        long now = System.currentTimeMillis();
        String missing = state == TrialState.COMPLETE ? missingGoal(metrics) : null;
        if (missing != null) {
            // Without every goal's measurement the trial has no place on the front: a failure that says why.
            state = TrialState.FAILED;
            error = missing;
        }
        TrialRecord ended = switch (state) {
            case COMPLETE -> p.record.completed(value, curve, now);
            case PRUNED -> p.record.pruned(value, curve, now);
            default -> p.record.failed(error, curve, now);
        };
        ended = ended.withMetrics(metrics);
        if (ranOn != null) ended = ended.withAttr(WORKER, ranOn);
        if (Files.isRegularFile(checkpoints.of(ended.id()))) ended = ended.withAttr(CheckpointRetention.SAVED_ATTR, "true");
        TrialRecord r = ledger.tell(p, ended, heard(ended));
        store.put(r);
        if (state == TrialState.FAILED) {
            log.warn("trial {} failed (attempt {}): {} {}", r.id(), r.attempt(), error, r.config(), cause);
        }
        Trial t = trial(r);
        if (r.state() == TrialState.COMPLETE) noteCompleted(t);
        // After the put: killed before it, the trial reruns on resume and still finds its parent's file.
        retention.trialEnded(r, best);
        int done = ++finished;
        listeners.forEach(l -> l.trialEnded(t, best, done, budget.maxTrials()));
        return t;
    }

    /**
     * The best trial is the best of those at the highest fidelity completed so far (0, the
     * objective's full budget, counts as the highest): a value at 3 epochs does not beat one at 27.
     */
    private void noteCompleted(Trial t) {
        if (!pruner.name().equals("none")) {
            double[] curve = t.record().curve();
            // An empty curve has no value at any step: no pruner decision can use it.
            if (curve.length > 0) completedCurves.add(curve);
        }
        if (!constraints.feasible(t.record())) return;
        if (best == null) {
            best = t;
            return;
        }
        int byFidelity = Double.compare(fullness(t.record().fidelity()), fullness(best.record().fidelity()));
        if (byFidelity > 0 || byFidelity == 0 && direction.better(t.value(), best.value())) best = t;
    }

    /**
     * What the strategy hears of a finished trial, both when it ends and on a resume's replay:
     * nothing but the failure for one that failed or was pruned; for one that completed, its
     * objectives as losses and its constraint violation (its value only when that is 0).
     */
    Outcome heard(TrialRecord r) {
        if (r.state() != TrialState.COMPLETE || missingGoal(r.metrics()) != null) return Outcome.failed();
        double[] objectives = ParetoSummary.vector(r, goals);
        double[] losses = new double[objectives.length];
        losses[0] = direction.minimised(objectives[0]);
        for (int i = 1; i < losses.length; i++) losses[i] = goals.get(i - 1).direction().minimised(objectives[i]);
        double violation = constraints.violation(r.metrics());
        return new Outcome(violation == 0 ? r.value() : Double.NaN, losses, violation);
    }

    /** Why measurements lack a goal of this study, e.g. {@code the objective recorded no 'params' ...}; null when none is missing. */
    private String missingGoal(Map<String, Double> metrics) {
        for (Goal g : goals) {
            if (!metrics.containsKey(g.metric())) {
                return "the objective recorded no '" + g.metric() + "', a goal of this study (TrialContext.metric, or tell with it)";
            }
        }
        return null;
    }

    /** What the study optimises besides its value; empty for a single-objective study. */
    public List<Goal> goals() {
        return goals;
    }

    /**
     * The Pareto front of the trials so far over the value (named {@code value}) and the
     * {@link #goals()}, with its hypervolume against {@link StudyBuilder#reference} (or one derived
     * from the trials); for a study without goals, the best trials by value.
     */
    public ParetoSummary front() {
        return ParetoSummary.of(store.all(), "value", direction, goals, constraints, reference);
    }

    /** The reference point the study was given, if any ({@link StudyBuilder#reference}). */
    public Optional<double[]> reference() {
        return Optional.ofNullable(reference).map(double[]::clone);
    }

    /** {@code 1.1, 1.1}: a reference point as the store's metadata keeps it. */
    public static String referenceText(double[] point) {
        return java.util.Arrays.stream(point).mapToObj(Double::toString).collect(java.util.stream.Collectors.joining(", "));
    }

    /** Reads back {@link #referenceText}; null for null (a study without a reference). */
    public static double[] parseReference(String text) {
        if (text == null) return null;
        return java.util.Arrays.stream(text.split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
    }

    /** The bounds a completed trial's measurements must meet to count ({@link Constraints#NONE} for none). */
    public Constraints constraints() {
        return constraints;
    }

    private static double fullness(double fidelity) {
        return fidelity == 0 ? Double.POSITIVE_INFINITY : fidelity;
    }

    private long trialSeed(long proposalSequence) {
        // SplitMix64 finaliser: distinct, well-mixed seeds per proposal from the study seed.
        long z = seed + 0x9E3779B97F4A7C15L * (proposalSequence + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A trial that saved a checkpoint (it has {@link CheckpointRetention#SAVED_ATTR}) whose file is gone. */
    private boolean checkpointMissing(TrialRecord trial) {
        TrialRecord saver = trial.duplicateOf().isEmpty() ? trial : store.get(trial.duplicateOf().getAsLong()).orElse(trial);
        return saver.attrs().containsKey(CheckpointRetention.SAVED_ATTR) && !Files.isRegularFile(checkpoints.savedBy(trial));
    }

    /**
     * Why trial {@code r} cannot run: it continues a parent whose checkpoint was saved and has
     * been deleted since (keep_checkpoints best, or by hand). Training it from scratch instead
     * would record a continuation that is not one; null when it can run.
     */
    String missingParentCheckpoint(TrialRecord r) {
        if (r.parent().isEmpty()) return null;
        TrialRecord parent = store.get(r.parent().getAsLong()).orElse(null);
        if (parent == null || !checkpointMissing(parent)) return null;
        return "trial " + r.id() + " continues trial " + parent.id() + ", whose checkpoint "
                + checkpoints.savedBy(parent).getFileName() + " is missing (deleted by keep_checkpoints best, "
                + "or by hand); it is not trained from scratch";
    }

    /** What the objective gets to know of a trial: its seed, fidelity, parent's checkpoint, pruner. */
    TrialContext contextFor(TrialRecord r) {
        TrialRecord parent = r.parent().isPresent() ? store.get(r.parent().getAsLong()).orElse(null) : null;
        Path resumeFrom = parent == null ? null : checkpoints.savedBy(parent);
        double[] parentCurve = parent == null ? null : parent.curve();
        Pruner active = pruner;
        Direction dir = direction;
        CompletedCurves curves = completedCurves;
        // Each decision sees the curves completed by then, as a view: nothing is copied.
        return new TrialContext(r.id(), r.seed(), threadsPerTrial, r.fidelity(), strategy.maxFidelity(),
                resumeFrom, parentCurve, checkpoints.of(r.id()),
                active.name().equals("none") ? null : curve -> active.shouldPrune(curve, curves.view(), dir));
    }

    Trial trial(TrialRecord r) {
        return new Trial(space.decode(r.point()), r);
    }

    private void note(String message) {
        listeners.forEach(l -> l.note(message));
    }

    // What the optimize loop reads.
    Ledger ledger() { return ledger; }
    Objective objective() { return objective; }
    Evaluator evaluator() { return evaluator; }
    List<StudyListener> listeners() { return listeners; }
    Logger log() { return log; }
    int workers() { return workers; }
    int retries() { return retries; }
    Duration trialTimeout() { return trialTimeout; }
    Duration cancelGrace() { return cancelGrace; }
    FailureBudget newFailureBudget() { return new FailureBudget(maxFailures, sameErrorTrials); }
    String name() { return store.meta().name(); }

    // ---- the loop -----------------------------------------------------------------------

    /** Runs the search until the budget is spent; returns the best trial and the history. */
    public StudyResult optimize() {
        if (objective == null) {
            throw new IllegalStateException("optimize() needs an objective; without one, drive the study with ask() and tell()");
        }
        if (closed) throw new IllegalStateException("the study is closed");
        StudyResult result = new OptimizeLoop(this).run();
        retention.searchEnded(result.best());
        if (archiving.archive() != null && !"interrupted".equals(result.stopReason())) archive();
        return result;
    }

    /** The configurations a warm start chose ({@link #WARM_START}), in order; empty without one. */
    public List<Config> warmStart() {
        String kept = store.meta().attrs().get(WARM_START);
        return kept == null ? List.of() : warmStartConfigs(kept);
    }

    static String warmStartText(List<Config> configs) {
        return configs.stream().map(Config::canonical).collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    /** The configurations a {@link #WARM_START} attribute holds, in order. */
    public static List<Config> warmStartConfigs(String text) {
        try {
            List<Config> out = new ArrayList<>();
            for (com.fasterxml.jackson.databind.JsonNode c : new com.fasterxml.jackson.databind.ObjectMapper().readTree(text)) {
                out.add(Config.fromCanonical(c.toString()));
            }
            return out;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the store's " + WARM_START + " attribute is not a list of configurations: " + text, e);
        }
    }

    /**
     * Keeps this study in the archive, if it completed a trial; a failure to describe the task or
     * to write is said, never thrown: the search itself is done and stored.
     */
    private void archive() {
        List<ArchiveEntry.Scored> best = bestDistinct(StudyArchive.BEST_KEPT);
        if (best.isEmpty()) return;
        TaskFeatures features = archiving.features();
        if (features == null && objective != null) {
            try {
                features = objective.describe().orElse(null);
            } catch (Exception | LinkageError e) {
                note("the objective could not describe its task (" + e + "); the study is archived without it");
            }
        }
        StudyMeta m = store.meta();
        ArchiveEntry entry = new ArchiveEntry(m.name(), m.createdAtMillis(), System.currentTimeMillis(),
                m.attrs().get(StudyMeta.IDENTITY_PREFIX + "objective"), m.attrs().get(StudyMeta.IDENTITY_PREFIX + "metric"),
                direction, m.strategy(), store.size(), features, best, archiving.storeFile());
        try {
            note("archived in " + archiving.archive().add(entry));
        } catch (RuntimeException e) {
            note("not archived: " + e.getMessage());
        }
    }

    /**
     * The best distinct configurations of the completed trials at the highest fidelity any
     * completed (a multi-fidelity study's lower rungs rank configurations by less training), best first.
     */
    List<ArchiveEntry.Scored> bestDistinct(int limit) {
        List<TrialRecord> complete = store.all().stream().filter(r -> r.state() == TrialState.COMPLETE).toList();
        double top = complete.stream().mapToDouble(TrialRecord::fidelity).max().orElse(0);
        java.util.Comparator<TrialRecord> byValue = java.util.Comparator.comparingDouble(TrialRecord::value);
        List<TrialRecord> ranked = complete.stream().filter(r -> r.fidelity() == top)
                .sorted(direction == Direction.MAXIMIZE ? byValue.reversed() : byValue).toList();
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<ArchiveEntry.Scored> out = new ArrayList<>();
        for (TrialRecord r : ranked) {
            if (out.size() >= limit) break;
            Config c = trial(r).config();
            if (seen.add(c.canonical())) out.add(new ArchiveEntry.Scored(c, r.value()));
        }
        return out;
    }

    /** Frees the store (when the study opened it), the strategy's native memory and the temporary checkpoints. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            strategy.close();
        } finally {
            if (ownsStore) store.close();
            checkpoints.close();
        }
    }
}
