package io.ams.engine;

import io.ams.core.Direction;
import io.ams.engine.strategies.Strategies;
import io.ams.eval.Evaluator;
import io.ams.eval.LocalEvaluator;
import io.ams.eval.Objective;
import io.ams.eval.TrialContext;
import io.ams.eval.TrialPruned;
import io.ams.space.Config;
import io.ams.store.TrialRecord;
import io.ams.store.TrialState;
import io.ams.store.TrialStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeoutException;

/**
 * A search: the strategy proposes, the evaluator measures, the store records, the strategy
 * learns. Drive it with {@link #optimize()}, or by hand with {@link #ask()} and
 * {@link #tell(Trial, double)}.
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
 * configurations are deduplicated per (configuration, fidelity). A proposal that continues an
 * earlier one (its parent) runs with the parent trial's seed, its attr {@code parent} names the
 * parent trial, and its objective gets the parent's checkpoint file. Checkpoints live in
 * {@code <store>.checkpoints/<trialId>.ckpt} next to a store file (kept for a resume; delete
 * the directory with the store), or in a temporary directory for an in-memory study, deleted
 * on {@link #close()}.
 *
 * <p>Pruning: a trial whose objective throws {@link TrialPruned}, or returns after its
 * {@link TrialContext#shouldPrune()} said true, is recorded PRUNED with its last reported
 * value; the strategy is told NaN, so it ranks last.
 */
public final class Study implements AutoCloseable {
    static final String SEQUENCE = "seq";
    static final String TOLD = "told";
    static final String DUPLICATE_OF = "duplicate_of";
    static final String SLOTS = "slots";
    static final String PARENT = "parent";

    private final SpaceView space;
    private final Objective objective;
    private final Direction direction;
    private final Strategy strategy;
    private final Budget budget;
    private final long seed;
    private final int slots;
    private final int workers;
    private final int threadsPerTrial;
    private final Duration trialTimeout;
    private final int retries;
    private final TrialStore store;
    private final boolean ownsStore;
    private final List<StudyListener> listeners;
    private final Pruner pruner;
    /** Where trials save checkpoints; created by the first trial that saves one. */
    private final Path checkpointDir;
    private final boolean ownsCheckpointDir;
    /** Proposal sequence → the trial id it became, for continuations to find their parents. */
    private final Map<Long, Long> trialBySequence = new HashMap<>();
    /** Curves of the completed trials, for the pruner (read on trial threads). */
    private final List<double[]> completedCurves = new CopyOnWriteArrayList<>();

    /** Proposals handed out and not yet told, in the order they were made. */
    private final Deque<Pending> pending = new ArrayDeque<>();
    private final Map<Long, Pending> byTrialId = new HashMap<>();
    private long toldCount;
    /** Trials in a final state (COMPLETE, FAILED, PRUNED), this run's and the store's. */
    private int finished;
    private Trial best;

    /** A proposal and the trial it became (null until it has one). */
    private static final class Pending {
        final Proposal proposal;
        TrialRecord record;
        /** Handed to an evaluator or to a user's ask(), and not yet finished. */
        boolean running;

        Pending(Proposal proposal) {
            this.proposal = proposal;
        }
    }

    Study(SpaceView space, Objective objective, Direction direction, String strategyName, Map<String, ?> strategyOptions,
          Budget budget, long seed, int slots, int workers, Duration trialTimeout, int retries, TrialStore store,
          boolean ownsStore, List<StudyListener> listeners, Pruner pruner, Path checkpointDir) {
        this.space = space;
        this.objective = objective;
        this.direction = direction;
        this.strategy = Strategies.create(strategyName, strategyOptions, space.domain(), direction, seed);
        this.budget = budget;
        this.seed = seed;
        this.slots = slots;
        this.workers = Math.min(workers, slots);
        this.threadsPerTrial = Math.max(1, Runtime.getRuntime().availableProcessors() / this.workers);
        this.trialTimeout = trialTimeout;
        this.retries = retries;
        this.store = store;
        this.ownsStore = ownsStore;
        this.listeners = List.copyOf(listeners);
        this.pruner = pruner == null ? Pruners.none() : pruner;
        // An in-memory study's checkpoints go to a temporary directory of its own, deleted on close.
        this.ownsCheckpointDir = checkpointDir == null;
        this.checkpointDir = checkpointDir != null ? checkpointDir
                : Path.of(System.getProperty("java.io.tmpdir"), "ams-checkpoints-" + java.util.UUID.randomUUID());
        replay();
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

    /** The trial and the trials it continues (its attr {@code parent}, recursively), the first segment first. */
    public Lineage lineage(Trial trial) {
        List<Trial> chain = new ArrayList<>();
        for (TrialRecord r : chain(trial.record())) chain.add(trial(r));
        return new Lineage(chain);
    }

    private List<TrialRecord> chain(TrialRecord last) {
        List<TrialRecord> chain = new ArrayList<>();
        for (TrialRecord r = last; r != null; ) {
            chain.add(0, r);
            String parent = r.attrs().get(PARENT);
            r = parent == null ? null : store.get(Long.parseLong(parent))
                    .orElseThrow(() -> new IllegalStateException("the parent trial " + parent + " is not in the store"));
        }
        return chain;
    }

    /**
     * What a trial's result depends on, besides its seed: its lineage's (configuration, fidelity)
     * steps, consecutive ones of one configuration merged (as {@link Lineage#schedule()}). A
     * promotion of one configuration thus has the history of that configuration trained
     * straight; a continuation under a changed configuration (population-based training) has its own.
     */
    private List<String> history(TrialRecord last) {
        List<String> steps = new ArrayList<>();
        String previous = null;
        for (TrialRecord r : chain(last)) {
            String step = r.config() + "@" + r.fidelity();
            if (r.config().equals(previous)) steps.set(steps.size() - 1, step);
            else steps.add(step);
            previous = r.config();
        }
        return steps;
    }

    /** The best completed trial so far (in a multi-fidelity study, at the highest fidelity reached). */
    public Optional<Trial> best() {
        return Optional.ofNullable(best);
    }

    // ---- resume -------------------------------------------------------------------------

    /**
     * Rebuilds the strategy from the store by replaying its history: fill the slots, tell the
     * result that came first, fill again, as the live loop did. Stops at the first proposal
     * that does not match the stored one (a changed space, strategy or seed), with a note.
     */
    private void replay() {
        List<TrialRecord> stored = store.all();
        if (stored.isEmpty()) return;
        Map<Long, TrialRecord> bySequence = new HashMap<>();
        List<TrialRecord> told = new ArrayList<>();
        for (TrialRecord r : stored) {
            String seq = r.attrs().get(SEQUENCE);
            if (seq != null) {
                bySequence.put(Long.parseLong(seq), r);
                trialBySequence.put(Long.parseLong(seq), r.id());
            }
            if (r.attrs().containsKey(TOLD)) told.add(r);
            if (r.state() == TrialState.COMPLETE) noteCompleted(trial(r));
            if (r.state().isFinal()) finished++;
        }
        told.sort(Comparator.comparingLong(r -> Long.parseLong(r.attrs().get(TOLD))));
        int next = 0;
        while (true) {
            fillSlots();
            if (next >= told.size()) break;
            TrialRecord r = told.get(next);
            long seq = Long.parseLong(r.attrs().get(SEQUENCE));
            Pending p = pending.stream().filter(x -> x.proposal.sequence() == seq).findFirst().orElse(null);
            if (p == null || !matches(p.proposal, r)) {
                note("the stored history diverges from the strategy at trial " + r.id()
                        + " (space, strategy or seed changed?); the strategy continues from what matched, "
                        + (told.size() - next) + " stored results not replayed");
                break;
            }
            pending.remove(p);
            // PRUNED and FAILED trials were told NaN.
            strategy.tell(p.proposal, r.state() == TrialState.COMPLETE ? r.value() : Double.NaN);
            next++;
        }
        toldCount = told.isEmpty() ? 0 : Long.parseLong(told.get(told.size() - 1).attrs().get(TOLD)) + 1;
        // Proposals out at the crash keep their trial ids; they run again.
        for (Pending p : pending) {
            TrialRecord r = bySequence.get(p.proposal.sequence());
            if (r != null && !r.state().isFinal() && matches(p.proposal, r)) {
                p.record = r;
                byTrialId.put(r.id(), p);
            }
        }
    }

    private static boolean matches(Proposal p, TrialRecord r) {
        return Arrays.equals(p.point(), r.point()) && Double.compare(p.fidelity(), r.fidelity()) == 0;
    }

    private void fillSlots() {
        int room = slots - pending.size();
        if (room > 0) {
            for (Proposal p : strategy.ask(room)) pending.addLast(new Pending(p));
        }
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
        Pending p = byTrialId.get(trial.id());
        if (p == null) throw new IllegalArgumentException("trial " + trial.id() + " is not awaiting a value");
        return Double.isFinite(value) ? finish(p, TrialState.COMPLETE, value, null, new double[0])
                : finish(p, TrialState.FAILED, Double.NaN, "objective returned " + value, new double[0]);
    }

    /** Reports that a trial from {@link #ask()} failed, with the reason. */
    public Trial fail(Trial trial, String error) {
        Pending p = byTrialId.get(trial.id());
        if (p == null) throw new IllegalArgumentException("trial " + trial.id() + " is not awaiting a value");
        return finish(p, TrialState.FAILED, Double.NaN, error, new double[0]);
    }

    /** Reports that a trial from {@link #ask()} was stopped early, with the last value it reached; the strategy hears NaN. */
    public Trial prune(Trial trial, double lastValue) {
        Pending p = byTrialId.get(trial.id());
        if (p == null) throw new IllegalArgumentException("trial " + trial.id() + " is not awaiting a value");
        return finish(p, TrialState.PRUNED, lastValue, null, new double[0]);
    }

    /** Picks the next proposal without a running trial and records it as started. */
    private Pending nextToRun() {
        while (true) {
            fillSlots();
            Pending p = pending.stream().filter(x -> !x.running).findFirst().orElse(null);
            if (p == null || store.size() >= budget.maxTrials() && p.record == null) return null;
            Config config = space.decode(p.proposal.point());
            String key = config.canonical();
            double fidelity = p.proposal.fidelity();
            if (p.record == null) {
                Map<String, String> attrs = new HashMap<>();
                attrs.put(SEQUENCE, Long.toString(p.proposal.sequence()));
                long id = store.nextId();
                long trialSeed = trialSeed(id);
                TrialRecord parent = parentOf(p.proposal);
                if (parent != null) {
                    // A continuation is the same training run, so it keeps its lineage's seed.
                    attrs.put(PARENT, Long.toString(parent.id()));
                    trialSeed = parent.seed();
                }
                p.record = TrialRecord.running(id, p.proposal.point(), key, fidelity, trialSeed, 1,
                        System.currentTimeMillis(), attrs);
                trialBySequence.put(p.proposal.sequence(), id);
            } else {
                // A trial that was running at a crash: run it again under its id.
                p.record = TrialRecord.running(p.record.id(), p.record.point(), key, fidelity, p.record.seed(),
                        p.record.attempt() + 1, System.currentTimeMillis(), p.record.attrs());
            }
            byTrialId.put(p.record.id(), p);
            p.running = true;
            Optional<TrialRecord> done = store.findCompleted(key, fidelity);
            // The same configuration at the same fidelity is the same model only after the same schedule.
            if (done.isPresent() && (p.proposal.continues() || done.get().attrs().containsKey(PARENT))
                    && !history(done.get()).equals(history(p.record))) {
                done = Optional.empty();
            }
            if (done.isPresent()) {
                // Identical configuration already trained at this fidelity: reuse its value, train nothing.
                p.record = p.record.withAttr(DUPLICATE_OF, Long.toString(done.get().id()));
                finish(p, TrialState.COMPLETE, done.get().value(), null, done.get().curve());
                continue;
            }
            store.put(p.record);
            Trial t = trial(p.record);
            listeners.forEach(l -> l.trialStarted(t));
            return p;
        }
    }

    private Trial finish(Pending p, TrialState state, double value, String error, double[] curve) {
        long now = System.currentTimeMillis();
        TrialRecord r = (switch (state) {
            case COMPLETE -> p.record.completed(value, curve, now);
            case PRUNED -> p.record.pruned(value, curve, now);
            default -> p.record.failed(error, curve, now);
        }).withAttr(TOLD, Long.toString(toldCount++));
        store.put(r);
        pending.remove(p);
        byTrialId.remove(r.id());
        strategy.tell(p.proposal, state == TrialState.COMPLETE ? value : Double.NaN);
        Trial t = trial(r);
        if (r.state() == TrialState.COMPLETE) noteCompleted(t);
        int done = ++finished;
        listeners.forEach(l -> l.trialEnded(t, best, done, budget.maxTrials()));
        return t;
    }

    /**
     * The best trial is the best of those at the highest fidelity completed so far (0, the
     * objective's full budget, counts as the highest): a value at 3 epochs does not beat one at 27.
     */
    private void noteCompleted(Trial t) {
        completedCurves.add(t.record().curve());
        if (best == null) {
            best = t;
            return;
        }
        int byFidelity = Double.compare(fullness(t.record().fidelity()), fullness(best.record().fidelity()));
        if (byFidelity > 0 || byFidelity == 0 && direction.better(t.value(), best.value())) best = t;
    }

    private static double fullness(double fidelity) {
        return fidelity == 0 ? Double.POSITIVE_INFINITY : fidelity;
    }

    private long trialSeed(long trialId) {
        // SplitMix64 finaliser: distinct, well-mixed seeds per trial from the study seed.
        long z = seed + 0x9E3779B97F4A7C15L * (trialId + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The trial a continuation continues, or null for a proposal without a parent. */
    private TrialRecord parentOf(Proposal proposal) {
        if (!proposal.continues()) return null;
        Long id = trialBySequence.get(proposal.parent());
        if (id == null) throw new IllegalStateException(strategy.name() + " continues proposal " + proposal.parent()
                + ", which never became a trial");
        return store.get(id).orElseThrow();
    }

    /** The checkpoint file of a trial; a duplicate's is that of the trial it duplicates. */
    private Path checkpointOf(long trialId) {
        TrialRecord r = store.get(trialId).orElse(null);
        if (r != null && r.attrs().containsKey(DUPLICATE_OF)) trialId = Long.parseLong(r.attrs().get(DUPLICATE_OF));
        return checkpointDir().resolve(trialId + ".ckpt");
    }

    private Path checkpointDir() {
        return checkpointDir;
    }

    private Trial trial(TrialRecord r) {
        return new Trial(space.decode(r.point()), r);
    }

    private void note(String message) {
        listeners.forEach(l -> l.note(message));
    }

    // ---- the loop -----------------------------------------------------------------------

    /** Runs the search until the budget is spent; returns the best trial and the history. */
    public StudyResult optimize() {
        if (objective == null) throw new IllegalStateException("optimize() needs an objective; without one, drive the study with ask() and tell()");
        long start = System.nanoTime();
        long deadline = start + budget.maxTime().toNanos();
        listeners.forEach(l -> l.started(this));
        LinkedBlockingQueue<Done> done = new LinkedBlockingQueue<>();
        int running = 0;
        String stop = null;
        try (Evaluator evaluator = new LocalEvaluator()) {
            while (true) {
                if (stop == null) stop = stopReason(deadline);
                while (stop == null && running < workers) {
                    Pending p = nextToRun();
                    if (p == null) break;
                    running++;
                    launch(evaluator, p.record, done);
                    stop = stopReason(deadline);
                }
                if (running == 0) {
                    if (stop == null) stop = pending.isEmpty() ? "the strategy has nothing more to propose" : "trial budget spent";
                    break;
                }
                Done d = done.take();
                running--;
                Pending p = byTrialId.get(d.trialId());
                if (d.pruned() || isPruned(d.error())) {
                    double last = d.curve().length > 0 ? d.curve()[d.curve().length - 1] : d.value();
                    finish(p, TrialState.PRUNED, last, null, d.curve());
                } else if (d.error() == null && Double.isFinite(d.value())) {
                    finish(p, TrialState.COMPLETE, d.value(), null, d.curve());
                } else if (p.record.attempt() <= retries) {
                    p.record = TrialRecord.running(p.record.id(), p.record.point(), p.record.config(), 0, p.record.seed(),
                            p.record.attempt() + 1, System.currentTimeMillis(), p.record.attrs());
                    store.put(p.record);
                    running++;
                    launch(evaluator, p.record, done);
                } else {
                    finish(p, TrialState.FAILED, Double.NaN, describe(d.error(), d.value()), d.curve());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop = "interrupted";
        }
        StudyResult result = new StudyResult(best(), trials(), stop, (System.nanoTime() - start) / 1e9);
        listeners.forEach(l -> l.finished(result));
        return result;
    }

    /** An evaluation's outcome, queued for the study's thread, which alone touches the strategy and the store. */
    private record Done(long trialId, double value, Throwable error, double[] curve, boolean pruned) {}

    private void launch(Evaluator evaluator, TrialRecord r, LinkedBlockingQueue<Done> done) {
        Config config = space.decode(r.point());
        String parent = r.attrs().get(PARENT);
        Path resumeFrom = parent == null ? null : checkpointOf(Long.parseLong(parent));
        double[] parentCurve = parent == null ? null : store.get(Long.parseLong(parent)).map(TrialRecord::curve).orElse(null);
        Pruner active = pruner;
        Direction dir = direction;
        List<double[]> curves = completedCurves;
        TrialContext context = new TrialContext(r.id(), r.seed(), threadsPerTrial, r.fidelity(), strategy.maxFidelity(),
                resumeFrom, parentCurve, checkpointDir().resolve(r.id() + ".ckpt"),
                active.name().equals("none") ? null : curve -> active.shouldPrune(curve, curves, dir));
        evaluator.submit(() -> objective.evaluate(config, context), trialTimeout)
                .whenComplete((v, e) -> done.add(new Done(r.id(), v == null ? Double.NaN : v, e, context.curve(),
                        context.pruned() && e == null)));
    }

    private static boolean isPruned(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return e instanceof TrialPruned;
    }

    private String stopReason(long deadline) {
        if (best != null && budget.reached(best.value(), direction)) return "target " + budget.target() + " reached";
        if (System.nanoTime() >= deadline) return "time budget of " + budget.maxTime() + " spent";
        return null;
    }

    private static String describe(Throwable error, double value) {
        if (error == null) return "objective returned " + value;
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof TimeoutException) return e.getMessage();
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    @Override
    public void close() {
        if (ownsStore) store.close();
        if (ownsCheckpointDir && Files.exists(checkpointDir)) deleteTree(checkpointDir);
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A temporary directory left behind is harmless.
        }
    }
}
