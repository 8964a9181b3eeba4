package io.ams.cli;

import io.ams.cluster.ClusterSettings;
import io.ams.cluster.Worker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code ams worker}: evaluates the trials of the studies of a cluster until stopped. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Join a cluster and evaluate its studies' trials (started with `ams run GENOME --cluster NAME`), "
                + "each with one BLAS thread, until Ctrl-C or SIGTERM: it then takes no new trial, lets its running ones "
                + "finish (up to a minute; the rest run again elsewhere) and leaves."})
final class WorkerCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ClusterOptions cluster;
    @Mixin ClasspathOption classpath;

    @Option(names = "--threads", paramLabel = "N", description = "Trials run at once (default: one per core).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        return classpath.call(this::work);
    }

    private Integer work() throws InterruptedException {
        if (cluster.name == null) throw new IllegalArgumentException("ams worker needs --cluster NAME: the cluster whose trials it runs");
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (n < 1) throw new IllegalArgumentException("--threads must be >= 1, got " + n);
        ClusterSettings settings = cluster.settings();
        PrintWriter out = spec.commandLine().getOut();
        Object lock = new Object();
        java.util.function.Consumer<String> say = line -> {
            synchronized (lock) {
                out.println(line);
                out.flush();
            }
        };
        Worker worker = Worker.start(settings, n, say);
        say.accept("joined cluster '" + settings.name() + "' at " + worker.address() + " (" + worker.members() + " members), running "
                + n + (n == 1 ? " trial" : " trials") + " at once");
        CountDownLatch left = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            say.accept("leaving: finishing the running trials");
            worker.close();
            say.accept("left the cluster");
            left.countDown();
        }, "ams-worker-stop"));
        left.await();
        return 0;
    }
}
