package io.ams.cluster;

import com.hazelcast.collection.IQueue;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.transaction.TransactionContext;
import com.hazelcast.transaction.TransactionalMap;
import com.hazelcast.transaction.TransactionalQueue;
import io.ams.eval.Objective;
import io.ams.eval.TrialContext;
import io.ams.eval.TrialPruned;
import io.ams.genome.Genome;
import io.ams.genome.GenomeStudy;
import io.ams.genome.ObjectiveSpec;
import io.ams.space.Config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A process that evaluates the trials of the studies of its cluster: a Hazelcast member holding
 * a share of the tasks and results (each with a backup on another worker), with {@code threads}
 * trials at once. A worker builds a study's objective from the genome the study published (the
 * same dataset, split and seed as the study's own process) once, and keeps it for the study's
 * next trials.
 */
public final class Worker implements AutoCloseable {
    /** How long {@link #close()} lets running trials finish before leaving them to be run again elsewhere. */
    static final long FINISH_MILLIS = 60_000;
    /** How long a trial past its timeout may take to end after its cancellation before the worker leaves it behind. */
    static final long CANCEL_GRACE_MILLIS = 10_000;

    private final HazelcastInstance hz;
    private final int threads;
    private final Consumer<String> say;
    private final List<Thread> loops = new ArrayList<>();
    private final Map<String, Objective> objectives = new ConcurrentHashMap<>();
    /** Runs each trial, so that a trial that ignores its cancellation is left behind, not waited for. */
    private final ExecutorService trialThreads = Executors.newCachedThreadPool(new java.util.concurrent.ThreadFactory() {
        private final java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "ams-worker-trial-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    });
    private final java.util.Set<String> refusedVersions = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    private Worker(HazelcastInstance hz, int threads, Consumer<String> say) {
        this.hz = hz;
        this.threads = threads;
        this.say = say;
    }

    /** Joins the cluster and starts taking trials. */
    public static Worker start(ClusterSettings settings, int threads, Consumer<String> say) {
        if (threads < 1) throw new IllegalArgumentException("a worker runs at least 1 trial at once, got " + threads);
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(settings.hazelcast(false, threads));
        Worker w = new Worker(hz, threads, say);
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(w::loop, "ams-worker-" + (i + 1));
            w.loops.add(t);
            t.start();
        }
        return w;
    }

    /** Where this worker listens: {@code host:port}. */
    public String address() {
        var a = hz.getCluster().getLocalMember().getAddress();
        return a.getHost() + ":" + a.getPort();
    }

    /** The members of the cluster now, this one included. */
    public int members() {
        return hz.getCluster().getMembers().size();
    }

    private void loop() {
        UUID me = hz.getCluster().getLocalMember().getUuid();
        IMap<String, Messages.Result> results = hz.getMap(ClusterSettings.RESULTS);
        IMap<String, UUID> running = hz.getMap(ClusterSettings.RUNNING);
        while (!stopping) {
            Messages.Task task;
            TransactionContext tx = hz.newTransactionContext();
            try {
                tx.beginTransaction();
                TransactionalQueue<Messages.Task> queue = tx.getQueue(ClusterSettings.TASKS);
                task = queue.poll(500, TimeUnit.MILLISECONDS);
                if (task != null && !ClusterSettings.VERSION.equals(task.version())) {
                    tx.rollbackTransaction();
                    if (refusedVersions.add(task.version())) {
                        say.accept("refusing the trials of a study of Ams " + task.version() + ": this worker runs Ams "
                                + ClusterSettings.VERSION);
                    }
                    Thread.sleep(1000);
                    continue;
                }
                if (task != null) {
                    TransactionalMap<String, UUID> taken = tx.getMap(ClusterSettings.RUNNING);
                    taken.set(task.key(), me);
                }
                tx.commitTransaction();
            } catch (InterruptedException e) {
                rollback(tx);
                return;
            } catch (RuntimeException e) {
                rollback(tx);
                if (stopping || !hz.getLifecycleService().isRunning()) return;
                say.accept("could not take a trial: " + e.getMessage());
                continue;
            }
            if (task == null) continue;
            Messages.Result result = evaluate(task);
            try {
                results.set(task.key(), result);
                running.delete(task.key());
            } catch (RuntimeException e) {
                if (!hz.getLifecycleService().isRunning()) return;
                say.accept("could not return trial " + task.trialId() + ": " + e.getMessage());
            }
        }
    }

    private static void rollback(TransactionContext tx) {
        try {
            tx.rollbackTransaction();
        } catch (RuntimeException ignored) {
            // no transaction was open, or the member is shutting down: the task stays in the queue
        }
    }

    private Messages.Result evaluate(Messages.Task task) {
        long start = System.nanoTime();
        // a continuation restores its parent's checkpoint from a file of its own; the trial saves its own to another
        Path folder;
        try {
            folder = Files.createTempDirectory("ams-worker-trial-");
            if (task.parentCheckpoint() != null) Files.write(folder.resolve("parent.ckpt"), task.parentCheckpoint());
        } catch (IOException e) {
            return new Messages.Result(task.study(), task.trialId(), task.attempt(), Double.NaN, new double[0], new HashMap<>(),
                    e.getClass().getName(), "cannot write the trial's checkpoint folder: " + e.getMessage(), address(), null);
        }
        try {
            return evaluate(task, folder, start);
        } finally {
            try (var files = Files.list(folder)) {
                for (Path f : files.toList()) Files.deleteIfExists(f);
                Files.deleteIfExists(folder);
            } catch (IOException ignored) {
                // a temporary folder left behind
            }
        }
    }

    private Messages.Result evaluate(Messages.Task task, Path folder, long start) {
        double[] parentCurve = task.parentCurve();
        TrialContext context = new TrialContext(task.trialId(), task.seed(), task.threads(), task.fidelity(), task.maxFidelity(),
                task.parentCheckpoint() == null ? null : folder.resolve("parent.ckpt"), parentCurve,
                task.wantsCheckpoint() ? folder.resolve("trial.ckpt") : null, null);
        // the trial runs on a thread of its own, so that its timeout holds even when it ignores cancellation
        CountDownLatch ended = new CountDownLatch(1);
        Future<Double> run = trialThreads.submit(() -> {
            try {
                return objective(task.study()).evaluate(Config.fromCanonical(task.config()), context);
            } finally {
                ended.countDown();
            }
        });
        String errorType = null, errorMessage = null;
        double value = Double.NaN;
        try {
            value = task.timeoutMillis() <= 0 ? run.get() : run.get(task.timeoutMillis(), TimeUnit.MILLISECONDS);
            if (context.pruned()) errorType = "pruned";
        } catch (TimeoutException e) {
            context.cancel();
            run.cancel(true);
            errorType = "timeout";
            errorMessage = "trial exceeded its timeout of " + task.timeoutMillis() / 1000.0 + " s";
            try {
                if (!ended.await(CANCEL_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                    say.accept("trial " + task.trialId() + " ignored its cancellation for " + CANCEL_GRACE_MILLIS / 1000
                            + " s; abandoned, its thread keeps running");
                }
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            errorType = cause instanceof TrialPruned ? "pruned" : cause.getClass().getName();
            errorMessage = cause.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            context.cancel();
            run.cancel(true);
            errorType = InterruptedException.class.getName();
            errorMessage = "the worker stopped";
        }
        say.accept(String.format(java.util.Locale.ROOT, "trial %d (attempt %d): %s in %.2f s", task.trialId(), task.attempt(),
                errorType == null ? "value " + value : errorType + (errorMessage == null ? "" : " " + errorMessage),
                (System.nanoTime() - start) / 1e9));
        // the trial's own curve: the study's context already starts with the parent's
        double[] curve = context.curve();
        if (parentCurve != null && context.resumeFrom().isPresent()) {
            curve = java.util.Arrays.copyOfRange(curve, Math.min(parentCurve.length, curve.length), curve.length);
        }
        byte[] checkpoint = null;
        Path saved = folder.resolve("trial.ckpt");
        if (errorType == null && task.wantsCheckpoint() && Files.isRegularFile(saved)) {
            try {
                checkpoint = Files.readAllBytes(saved);
            } catch (IOException e) {
                errorType = e.getClass().getName();
                errorMessage = "cannot read the checkpoint the trial saved: " + e.getMessage();
            }
        }
        return new Messages.Result(task.study(), task.trialId(), task.attempt(), value, curve,
                new HashMap<>(context.metrics()), errorType, errorMessage, address(), checkpoint);
    }

    private Objective objective(String study) {
        return objectives.computeIfAbsent(study, s -> {
            Messages.StudySpec spec = hz.<String, Messages.StudySpec>getMap(ClusterSettings.STUDIES).get(s);
            if (spec == null) throw new IllegalStateException("study " + s + " published no objective to the cluster");
            Objective built = spec.objectiveClass() != null
                    ? new ObjectiveSpec.JavaClass(spec.objectiveClass(), List.of()).newObjective()
                    : GenomeStudy.objective(Genome.parse(spec.genome(), spec.name()));
            say.accept("built the objective of study " + s + " (" + (spec.objectiveClass() != null ? spec.objectiveClass() : spec.name()) + ")");
            return built;
        });
    }

    /**
     * Leaves the cluster: takes no new trial, lets the running ones finish (up to a minute; those
     * still running then are run again elsewhere), then hands its share of the data to the other
     * workers and goes.
     */
    @Override
    public void close() {
        stopping = true;
        long deadline = System.currentTimeMillis() + FINISH_MILLIS;
        for (Thread t : loops) {
            try {
                t.join(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        trialThreads.shutdownNow();
        hz.shutdown();
        for (Objective o : objectives.values()) {
            try {
                GenomeStudy.closeObjective(o);
            } catch (RuntimeException e) {
                say.accept(e.getMessage());
            }
        }
    }
}
