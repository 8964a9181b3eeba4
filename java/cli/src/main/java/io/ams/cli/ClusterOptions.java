package io.ams.cli;

import io.ams.cluster.ClusterSettings;
import picocli.CommandLine.Option;

import java.util.List;

/** The options that put a process into a cluster: `ams worker`, and `ams run`/`resume` with --cluster. */
final class ClusterOptions {
    @Option(names = "--cluster", paramLabel = "NAME",
            description = "The cluster's name: evaluate this study's trials on the workers of cluster NAME (`ams worker --cluster NAME`).")
    String name;

    @Option(names = "--members", paramLabel = "HOST:PORT,...", split = ",",
            description = "Members of the cluster to join (TCP-IP; multicast is off), e.g. 10.0.0.5:5701,10.0.0.6:5701 (default: this machine's ${DEFAULT-VALUE}).",
            defaultValue = "127.0.0.1:5701")
    List<String> members;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The address this process listens on (default ${DEFAULT-VALUE}: nothing is exposed to the network). "
                    + "Hazelcast's open-source edition has no authentication: bind to a trusted network only.")
    String bind;

    @Option(names = "--cluster-port", paramLabel = "PORT", defaultValue = "5701",
            description = "The first port to try (default ${DEFAULT-VALUE}; the next free one above it is taken).")
    int port;

    /** The settings, or null without --cluster. */
    ClusterSettings settings() {
        return name == null ? null : new ClusterSettings(name, members, bind, port);
    }
}
