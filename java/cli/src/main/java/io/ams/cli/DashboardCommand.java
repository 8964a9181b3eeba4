package io.ams.cli;

import io.ams.report.Dashboard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code ams dashboard}: the report of a store, served on a local port and refreshed while a search writes it. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = {"Serve a store's report (as `ams report` writes it) on a local web server; the page follows the store "
                + "while `ams run` or `ams resume` writes it. Ctrl-C stops it."})
final class DashboardCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The store, as given to `ams run --store`.")
    Path store;

    @Option(names = "--port", description = "The port to listen on (default ${DEFAULT-VALUE}; 0: any free port).", defaultValue = "8080")
    int port;

    @Option(names = "--host", description = "The address to listen on (default ${DEFAULT-VALUE}: this machine only; "
            + "0.0.0.0 shows the study to the network, without any authentication).", defaultValue = "127.0.0.1")
    String host;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--port must be in [0, 65535], got " + port);
        Dashboard dashboard;
        try {
            dashboard = Dashboard.start(store, host, port);
        } catch (BindException e) {
            throw new IllegalArgumentException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "): another program holds the port; pick another with --port", e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dashboard.close();
            stopped.countDown();
        }, "ams-dashboard-stop"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("dashboard of " + store + " at http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + dashboard.port()
                + "/ (Ctrl-C stops it)");
        out.flush();
        stopped.await();
        return 0;
    }
}
