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
import io.ams.eval.LocalEvaluator;
import io.ams.eval.Objective;
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
import java.util.concurrent.Semaphore;
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
 *
 * <p>With local threads ({@code ams run --workers-local K}) the study's process evaluates trials
 * too: a trial runs here when one of them is free, else goes to the queue; with them the study
 * starts without waiting for a worker.
 */
public final class ClusterEvaluator implements Evaluator {
    /** How long past its timeout a trial's result may take to come back before the study gives up on it. */
    static final Duration RESULT_GRACE = Duration.ofSeconds(60);
    /** How often the study says what each worker has done and is running, when that changed. */
    static final Duration WORKLOAD_EVERY = Duration.ofSeconds(30);
    /** How the study's own process is named among the workers. */
    public static final String HERE = "this process";

    private record Pending(TrialTask trial, Messages.Task task, CompletableFuture<Double> future) {}

    /** A trial not yet placed: no local thread was free and no worker was there. */
    private record Waiting(TrialTask trial, Callable<Double> here, Duration timeout, CompletableFuture<Double> future) {}

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
    /** This process's own threads ({@code --workers-local}): a trial takes one when free, else goes to the workers. */
    private final int localThreads;
    private final Semaphore localSlots;
    private final LocalEvaluator local;
    /** Trials each process ran and is running for this study, by its address ({@link #HERE} for this one). */
    private final Map<String, Integer> done = new ConcurrentHashMap<>();
    private final Map<String, Integer> runningHere = new ConcurrentHashMap<>();
    private volatile String lastWorkload = "";
    private final Messages.StudySpec spec;
    private boolean published, listening;  // guarded by this
    private final java.util.ArrayDeque<Waiting> backlog = new java.util.ArrayDeque<>();  // guarded by itself

    private ClusterEvaluator(HazelcastInstance hz, String study, Messages.StudySpec spec, int local, Consumer<String> say) {
        this.hz = hz;
        this.study = study;
        this.spec = spec;
        this.say = say;
        this.localThreads = local;
        this.localSlots = new Semaphore(local);
        this.local = local > 0 ? new LocalEvaluator() : null;
        this.tasks = hz.getQueue(ClusterSettings.TASKS);
        this.results = hz.getMap(ClusterSettings.RESULTS);
        this.running = hz.getMap(ClusterSettings.RUNNING);
    }

    /**
     * Joins the cluster as the study {@code study} (a name that stays the same when the study is
     * resumed: a resumed study drops what its earlier process left), whose trials workers evaluate
     * with the objective of {@code genome} (a genome file's text, named {@code genomeName} in
     * errors), and this process with {@code local} threads of its own. Without local threads, waits
     * until a worker of this Ams version is there, saying so every 10 s.
     *
     * @throws IllegalStateException when a worker of another Ams version is in the cluster
     */
    public static ClusterEvaluator join(ClusterSettings settings, String study, String genome, String genomeName, int local,
                                        Consumer<String> say) throws InterruptedException {
        return join(settings, study, new Messages.StudySpec(genome, genomeName, null, ClusterSettings.VERSION), local, say);
    }

    /**
     * As {@link #join(ClusterSettings, String, String, String, int, Consumer)}, for a study set up in
     * Java: each worker evaluates its trials with a new instance of {@code objective}, a public class
     * with a public constructor without arguments, which must be on the workers' classpath
     * ({@code ams worker --classpath JAR}).
     */
    public static ClusterEvaluator join(ClusterSettings settings, String study, Class<? extends Objective> objective, int local,
                                        Consumer<String> say) throws InterruptedException {
        return join(settings, study, new Messages.StudySpec(null, objective.getName(), objective.getName(), ClusterSettings.VERSION),
                local, say);
    }

    private static ClusterEvaluator join(ClusterSettings settings, String study, Messages.StudySpec spec, int local,
                                         Consumer<String> say) throws InterruptedException {
        if (local < 0) throw new IllegalArgumentException("local threads must be >= 0, got " + local);
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(settings.hazelcast(true, 0));
        ClusterEvaluator e = new ClusterEvaluator(hz, study, spec, local, say);
        try {
            e.awaitWorkers(settings);
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
                        e.timer.execute(e::drain);  // trials that waited for a worker go to it
                    }
                }

                @Override
                public void memberRemoved(MembershipEvent event) {
                    e.lost(event.getMember());
                }
            });
            if (!e.workers().isEmpty()) e.publish();
            e.timer.scheduleWithFixedDelay(e::sayWorkload, WORKLOAD_EVERY.toMillis(), WORKLOAD_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            return e;
        } catch (RuntimeException | InterruptedException ex) {
            e.close();
            throw ex;
        }
    }

    /**
     * Tells the workers how to build the study's objective, once, when the first worker is there
     * (the maps live on workers), and drops what an earlier process of this study left: results of
     * attempts the study runs again.
     */
    private synchronized void publish() {
        if (published) return;
        if (!listening) {
            results.addEntryListener((EntryAddedListener<String, Messages.Result>) ev -> arrived(ev.getValue()), true);
            results.addEntryListener((EntryUpdatedListener<String, Messages.Result>) ev -> arrived(ev.getValue()), true);
            for (String key : results.keySet()) if (key.startsWith(study + "/")) results.delete(key);
            listening = true;
        }
        this.<String, Messages.StudySpec>map(ClusterSettings.STUDIES).set(study, spec);
        published = true;
    }

    private <K, V> IMap<K, V> map(String name) {
        return hz.getMap(name);
    }

    /** The workers (data members) of the cluster now. */
    List<Member> workers() {
        return hz.getCluster().getMembers().stream().filter(m -> !m.isLiteMember()).toList();
    }

    /** Trials the cluster runs at once now: the sum of the workers' threads, and this process's own. */
    public int workerThreads() {
        return localThreads + workers().stream().mapToInt(m -> {
            String t = m.getAttribute(ClusterSettings.THREADS_ATTRIBUTE);
            return t == null ? 1 : Integer.parseInt(t);
        }).sum();
    }

    /**
     * What each process has done for this study and is running now: {@code host:port 12 done, 1
     * running} for each worker (and {@link #HERE}), and the trials queued for a worker.
     */
    public String workload() {
        Map<String, Integer> running = new java.util.TreeMap<>(runningHere);
        Map<UUID, String> addresses = new java.util.HashMap<>();
        for (Member m : hz.getCluster().getMembers()) addresses.put(m.getUuid(), address(m));
        int queued;
        synchronized (backlog) {
            queued = backlog.size();  // waiting for a worker or a thread here
        }
        if (!workers().isEmpty()) {  // without one, the maps are not there to ask
            try {
                java.util.Set<String> keys = pending.keySet();
                Map<String, UUID> taken = this.running.getAll(keys);
                for (String key : keys) {
                    UUID by = taken.get(key);
                    if (by != null) running.merge(addresses.getOrDefault(by, by.toString()), 1, Integer::sum);
                    else queued++;
                }
            } catch (RuntimeException unavailable) {
                // the last worker is leaving: the local counts only
            }
        }
        java.util.Set<String> names = new java.util.TreeSet<>(done.keySet());
        names.addAll(running.keySet());
        StringBuilder b = new StringBuilder();
        for (String name : names) {
            if (b.length() > 0) b.append("; ");
            b.append(name).append(' ').append(done.getOrDefault(name, 0)).append(" done, ")
                    .append(running.getOrDefault(name, 0)).append(" running");
        }
        if (b.length() == 0) b.append("nothing done yet");
        return b.append("; ").append(queued).append(" queued").toString();
    }

    private static String address(Member m) {
        return m.getAddress().getHost() + ":" + m.getAddress().getPort();
    }

    private void sayWorkload() {
        String now = workload();
        if (!now.equals(lastWorkload)) say.accept("trials by worker: " + now);
        lastWorkload = now;
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
            if (localThreads > 0) {
                say.accept("no worker in cluster '" + settings.name() + "' yet: evaluating on " + localThreads
                        + (localThreads == 1 ? " thread" : " threads") + " here meanwhile");
                return;
            }
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

    /**
     * Runs the trial on a free local thread, else on the workers; with neither, it waits for
     * whichever comes first (a worker joining, a local trial ending).
     */
    @Override
    public CompletableFuture<Double> submit(TrialTask trial, Callable<Double> here, Duration timeout) {
        Waiting w = new Waiting(trial, here, timeout, new CompletableFuture<>());
        if (localSlots.tryAcquire()) {
            runHere(w);
        } else if (!workers().isEmpty()) {
            send(w);
        } else {
            boolean first;
            synchronized (backlog) {
                first = backlog.isEmpty();
                backlog.add(w);
            }
            if (first) say.accept("no worker in the cluster: trials wait for one" + (localThreads > 0 ? ", or for a thread here" : ""));
            drain();  // one may have come meanwhile
        }
        return w.future();
    }

    /** Places waiting trials while there is somewhere to run them. */
    private void drain() {
        while (true) {
            Waiting w;
            boolean here;
            synchronized (backlog) {
                if (backlog.isEmpty()) return;
                here = localSlots.tryAcquire();
                if (!here && workers().isEmpty()) return;
                w = backlog.poll();
            }
            if (here) runHere(w);
            else send(w);
        }
    }

    /** On one of this process's threads, whose slot it holds. */
    private void runHere(Waiting w) {
        runningHere.merge(HERE, 1, Integer::sum);
        local.submit(w.here(), w.timeout()).whenComplete((v, e) -> {
            runningHere.merge(HERE, -1, Integer::sum);
            done.merge(HERE, 1, Integer::sum);
            localSlots.release();
            if (e != null) w.future().completeExceptionally(e);
            else w.future().complete(v);
            drain();
        });
    }

    /** Into the workers' queue. */
    private void send(Waiting w) {
        TrialTask trial = w.trial();
        Duration timeout = w.timeout();
        CompletableFuture<Double> future = w.future();
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
                return;
            }
        }
        Messages.Task task = new Messages.Task(study, trial.trialId(), trial.attempt(), trial.config().canonical(), trial.seed(),
                trial.threads(), trial.fidelity(), trial.maxFidelity(), timeout == null ? 0 : timeout.toMillis(), ClusterSettings.VERSION,
                parentCheckpoint, parentCurve, trial.context().hasCheckpoint());
        Pending p = new Pending(trial, task, future);
        pending.put(task.key(), p);
        future.whenComplete((v, e) -> pending.remove(task.key(), p));
        try {
            publish();
            tasks.put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.completeExceptionally(e);
            return;
        } catch (RuntimeException e) {
            // the last worker went meanwhile: the trial runs again, and waits for the next one
            future.completeExceptionally(new TrialLost("no worker could take trial " + trial.trialId() + ": " + e.getMessage()));
            return;
        }
        if (timeout != null) {
            var alarm = timer.schedule(() -> {
                future.completeExceptionally(new TimeoutException("trial exceeded its timeout of "
                        + io.ams.core.Durations.text(timeout) + " and its result did not come back from the cluster"));
            }, timeout.plus(RESULT_GRACE).toMillis(), TimeUnit.MILLISECONDS);
            future.whenComplete((v, e) -> alarm.cancel(false));
        }
    }

    private void arrived(Messages.Result r) {
        if (!r.study().equals(study)) return;
        results.delete(r.key());
        Pending p = pending.remove(r.key());
        if (p == null) return;  // an attempt the study no longer waits for: recorded once, by the attempt it runs
        done.merge(r.worker(), 1, Integer::sum);
        p.trial().context().record(r.curve(), r.metrics(), r.worker());
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
        boolean noneLeft = workers().isEmpty();
        if (noneLeft) {
            // the cluster's data went with the last worker: the next one to join is told the study again
            synchronized (this) {
                published = false;
            }
        }
        for (Map.Entry<String, Pending> e : pending.entrySet()) {
            String key = e.getKey();
            Pending p = e.getValue();
            boolean lost;
            if (noneLeft) {
                lost = true;  // asking the maps would wait for a data member that is not there
            } else {
                try {
                    UUID ranBy = running.get(key);
                    boolean queued = ranBy == null && tasks.contains(p.task());
                    lost = !results.containsKey(key) && (worker.getUuid().equals(ranBy) || (ranBy == null && !queued));
                    if (lost && ranBy != null) running.delete(key);
                } catch (RuntimeException unavailable) {
                    lost = true;  // the maps are not there: nor is anything the workers held
                }
            }
            if (lost) {
                p.future().completeExceptionally(new TrialLost("the worker " + worker.getAddress() + " running trial "
                        + p.trial().trialId() + " (attempt " + p.trial().attempt() + ") left the cluster"));
            }
        }
    }

    /** Leaves the cluster (the workers go on, with other studies or idle), saying what each worker did. */
    @Override
    public void close() {
        timer.shutdownNow();
        if (!done.isEmpty()) {
            try {
                say.accept("trials by worker: " + workload());
            } catch (RuntimeException ignored) {
                // the member is already going: nothing more to say
            }
        }
        pending.values().forEach(p -> p.future().completeExceptionally(new TrialLost("the study left the cluster")));
        synchronized (backlog) {
            backlog.forEach(w -> w.future().completeExceptionally(new TrialLost("the study left the cluster")));
            backlog.clear();
        }
        if (local != null) local.close();
        hz.shutdown();
    }
}
