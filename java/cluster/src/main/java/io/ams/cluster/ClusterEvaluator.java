package io.ams.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.collection.IQueue;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.ams.eval.Evaluator;
import io.ams.eval.TrialLost;
import io.ams.eval.TrialPruned;
import io.ams.eval.TrialTask;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The study's side of a cluster: trials go to the workers of a Hazelcast cluster, results come
 * back into the study, which stays the only writer of its store and the only owner of its
 * strategy.
 *
 * <p>The study's process joins as a <em>lite member</em>: it sees the members come and go at
 * once (a client would learn of a lost worker only through its connection) and holds none of
 * the cluster's data, so killing it loses nothing the workers hold. Tasks go into a queue, taken
 * by a worker in one transaction with its entry in the running map (so a worker that dies
 * mid-take leaves the task in the queue); results come back through a map; both have a backup
 * on a second worker. When a worker leaves, every trial it ran, and any trial whose task is
 * nowhere any more (the worker held the only copy), completes with {@link TrialLost}: the study
 * runs it again as its next attempt. A result for an attempt the study no longer waits for (a
 * study killed and resumed runs its interrupted trials again as new attempts) is dropped, so a
 * trial is recorded once.
 */
public final class ClusterEvaluator implements Evaluator {
    /** How long past its timeout a trial's result may take to come back before the study gives up on it. */
    static final Duration RESULT_GRACE = Duration.ofSeconds(60);

    private record Pending(TrialTask trial, Messages.Task task, CompletableFuture<Double> future) {}

    private final HazelcastInstance hz;
    private final String study;
    private final IQueue<Messages.Task> tasks;
    private final IMap<String, Messages.Result> results;
    private final IMap<String, UUID> running;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ams-cluster-timer");
        t.setDaemon(true);
        return t;
    });
    private final Consumer<String> say;

    private ClusterEvaluator(HazelcastInstance hz, String study, Consumer<String> say) {
        this.hz = hz;
        this.study = study;
        this.say = say;
        this.tasks = hz.getQueue(ClusterSettings.TASKS);
        this.results = hz.getMap(ClusterSettings.RESULTS);
        this.running = hz.getMap(ClusterSettings.RUNNING);
    }

    /**
     * Joins the cluster as the study {@code study} (a name that stays the same when the study is
     * resumed: a resumed study drops what its earlier process left), whose trials workers evaluate
     * with the objective of {@code genome} (a genome file's text, named {@code genomeName} in
     * errors). Waits until a worker of this Ams version is there, saying so every 10 s.
     *
     * @throws IllegalStateException when a worker of another Ams version is in the cluster
     */
    public static ClusterEvaluator join(ClusterSettings settings, String study, String genome, String genomeName,
                                        Consumer<String> say) throws InterruptedException {
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(settings.hazelcast(true, 0));
        ClusterEvaluator e = new ClusterEvaluator(hz, study, say);
        try {
            e.awaitWorkers(settings);
            e.<String, Messages.StudySpec>map(ClusterSettings.STUDIES)
                    .set(study, new Messages.StudySpec(genome, genomeName, ClusterSettings.VERSION));
            // what an earlier process of this study left: results of attempts it will run again
            for (String key : e.results.keySet()) if (key.startsWith(study + "/")) e.results.delete(key);
            e.results.addEntryListener((EntryAddedListener<String, Messages.Result>) ev -> e.arrived(ev.getValue()), true);
            e.results.addEntryListener((EntryUpdatedListener<String, Messages.Result>) ev -> e.arrived(ev.getValue()), true);
            hz.getCluster().addMembershipListener(new MembershipListener() {
                @Override
                public void memberAdded(MembershipEvent event) {
                    Member m = event.getMember();
                    String version = m.getAttribute(ClusterSettings.VERSION_ATTRIBUTE);
                    if (!m.isLiteMember() && !ClusterSettings.VERSION.equals(version)) {
                        say.accept("worker " + m.getAddress() + " runs Ams " + version + ", this study " + ClusterSettings.VERSION
                                + ": it will refuse this study's trials");
                    } else if (!m.isLiteMember()) {
                        say.accept("worker " + m.getAddress() + " joined (" + m.getAttribute(ClusterSettings.THREADS_ATTRIBUTE) + " threads)");
                    }
                }

                @Override
                public void memberRemoved(MembershipEvent event) {
                    e.lost(event.getMember());
                }
            });
            return e;
        } catch (RuntimeException | InterruptedException ex) {
            hz.shutdown();
            throw ex;
        }
    }

    private <K, V> IMap<K, V> map(String name) {
        return hz.getMap(name);
    }

    /** The workers (data members) of the cluster now. */
    List<Member> workers() {
        return hz.getCluster().getMembers().stream().filter(m -> !m.isLiteMember()).toList();
    }

    /** Trials the workers run at once: the sum of their threads. */
    public int workerThreads() {
        return workers().stream().mapToInt(m -> {
            String t = m.getAttribute(ClusterSettings.THREADS_ATTRIBUTE);
            return t == null ? 1 : Integer.parseInt(t);
        }).sum();
    }

    private void awaitWorkers(ClusterSettings settings) throws InterruptedException {
        long next = 0;
        while (true) {
            List<Member> workers = workers();
            for (Member m : workers) {
                String version = m.getAttribute(ClusterSettings.VERSION_ATTRIBUTE);
                if (!ClusterSettings.VERSION.equals(version)) {
                    throw new IllegalStateException("the worker at " + m.getAddress() + " in cluster '" + settings.name()
                            + "' runs Ams " + version + ", this study Ams " + ClusterSettings.VERSION
                            + ": workers must run the study's version (a trial's objective may differ between versions)");
                }
            }
            if (!workers.isEmpty()) return;
            if (System.nanoTime() >= next) {
                say.accept("waiting for a worker to join cluster '" + settings.name() + "' (start one: ams worker --cluster "
                        + settings.name() + " --members " + hz.getCluster().getLocalMember().getAddress().getHost() + ":"
                        + hz.getCluster().getLocalMember().getAddress().getPort() + ")");
                next = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            }
            Thread.sleep(200);
        }
    }

    @Override
    public CompletableFuture<Double> submit(Callable<Double> task, Duration timeout) {
        throw new UnsupportedOperationException("a cluster runs a trial from its TrialTask; the study calls submit(TrialTask, ...)");
    }

    @Override
    public CompletableFuture<Double> submit(TrialTask trial, Callable<Double> local, Duration timeout) {
        CompletableFuture<Double> future = new CompletableFuture<>();
        byte[] parentCheckpoint = null;
        double[] parentCurve = null;
        if (trial.continues()) {
            // the study's own copy of the parent's checkpoint travels with the task; taking it puts the
            // parent's curve in front of the study's context, as a local continuation does
            try {
                Path parent = trial.context().resumeFrom().orElseThrow();
                parentCheckpoint = Files.readAllBytes(parent);
                parentCurve = trial.context().curve();
            } catch (IOException | java.util.NoSuchElementException e) {
                future.completeExceptionally(new IllegalStateException("cannot read the checkpoint trial " + trial.trialId()
                        + " continues: " + e.getMessage(), e));
                return future;
            }
        }
        Messages.Task task = new Messages.Task(study, trial.trialId(), trial.attempt(), trial.config().canonical(), trial.seed(),
                trial.threads(), trial.fidelity(), trial.maxFidelity(), timeout == null ? 0 : timeout.toMillis(), ClusterSettings.VERSION,
                parentCheckpoint, parentCurve, trial.context().hasCheckpoint());
        Pending p = new Pending(trial, task, future);
        pending.put(task.key(), p);
        future.whenComplete((v, e) -> pending.remove(task.key(), p));
        try {
            tasks.put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.completeExceptionally(e);
            return future;
        } catch (RuntimeException e) {
            // no worker holds the queue any more: the trial waits for the next one, as a lost one does
            future.completeExceptionally(new TrialLost("no worker could take trial " + trial.trialId() + ": " + e.getMessage()));
            return future;
        }
        if (timeout != null) {
            var alarm = timer.schedule(() -> {
                future.completeExceptionally(new TimeoutException("trial exceeded its timeout of "
                        + io.ams.core.Durations.text(timeout) + " and its result did not come back from the cluster"));
            }, timeout.plus(RESULT_GRACE).toMillis(), TimeUnit.MILLISECONDS);
            future.whenComplete((v, e) -> alarm.cancel(false));
        }
        return future;
    }

    private void arrived(Messages.Result r) {
        if (!r.study().equals(study)) return;
        results.delete(r.key());
        Pending p = pending.remove(r.key());
        if (p == null) return;  // an attempt the study no longer waits for: recorded once, by the attempt it runs
        p.trial().context().record(r.curve(), r.metrics());
        if (r.checkpoint() != null) {
            // the study keeps its own copy next to its store: a promotion on any worker, or a resume
            // without the cluster, continues it
            try {
                io.ams.core.AtomicFiles.write(p.trial().context().checkpoint(), r.checkpoint(), ".tmp");
            } catch (IOException | RuntimeException e) {
                p.future().completeExceptionally(new IllegalStateException("cannot keep the checkpoint of trial "
                        + r.trialId() + ": " + e.getMessage(), e));
                return;
            }
        }
        if (r.errorType() == null) {
            p.future().complete(r.value());
        } else if (r.errorType().equals("pruned")) {
            p.future().completeExceptionally(new TrialPruned(r.errorMessage()));
        } else if (r.errorType().equals("timeout")) {
            p.future().completeExceptionally(new TimeoutException(r.errorMessage()));
        } else {
            p.future().completeExceptionally(new RemoteTrialException(r.errorType(), r.errorMessage(), r.worker()));
        }
    }

    /** A worker left: the trials it ran, and those whose task went with it, are run again. */
    private void lost(Member worker) {
        if (worker.isLiteMember()) return;
        say.accept("worker " + worker.getAddress() + " left the cluster");
        for (Map.Entry<String, Pending> e : pending.entrySet()) {
            String key = e.getKey();
            Pending p = e.getValue();
            UUID ranBy;
            boolean queued, done;
            try {
                ranBy = running.get(key);
                queued = ranBy == null && tasks.contains(p.task());
                done = results.containsKey(key);
            } catch (RuntimeException unavailable) {
                ranBy = worker.getUuid();  // no data member left: nothing the workers held is there
                queued = false;
                done = false;
            }
            if (done) continue;
            if (worker.getUuid().equals(ranBy) || (ranBy == null && !queued)) {
                if (ranBy != null) running.delete(key);
                p.future().completeExceptionally(new TrialLost("the worker " + worker.getAddress() + " running trial "
                        + p.trial().trialId() + " (attempt " + p.trial().attempt() + ") left the cluster"));
            }
        }
    }

    /** Leaves the cluster (the workers go on, with other studies or idle). */
    @Override
    public void close() {
        timer.shutdownNow();
        pending.values().forEach(p -> p.future().completeExceptionally(new TrialLost("the study left the cluster")));
        hz.shutdown();
    }
}
