package io.ams.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How a study (`ams run`, `ams resume`) uses a cluster: where it is, and how many trials it also runs itself. */
final class StudyClusterOptions {
    @Mixin ClusterOptions cluster;

    @Option(names = "--workers-local", paramLabel = "K", defaultValue = "0",
            description = "With --cluster: also evaluate K trials at once in this process (default ${DEFAULT-VALUE}); "
                    + "with K >= 1 the study starts without waiting for a worker.")
    int workersLocal;

    /** Checks the combination: --workers-local needs --cluster and is not negative. */
    void check() {
        if (workersLocal < 0) throw new IllegalArgumentException("--workers-local must be >= 0, got " + workersLocal);
        if (workersLocal > 0 && cluster.name == null) {
            throw new IllegalArgumentException("--workers-local " + workersLocal + " applies with --cluster NAME"
                    + " (without a cluster, --workers sets the trials this process runs at once)");
        }
    }
}
