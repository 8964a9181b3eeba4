package io.ams.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.QueueConfig;

import java.util.List;
import java.util.Objects;

/**
 * Where a cluster is: its name, the members to join (TCP-IP; multicast and auto-detection are
 * off, so a process joins only the members it is told of) and this process's address.
 *
 * @param name    the cluster's name: processes with another name never join it
 * @param members {@code host:port} of members to join; empty for the first one
 * @param bind    the address to listen on; 127.0.0.1 exposes nothing to the network
 * @param port    the first port to try (the next free one above it is taken)
 */
public record ClusterSettings(String name, List<String> members, String bind, int port) {
    /** The map and queue names, the Ams version a task needs, and the attributes workers publish. */
    static final String TASKS = "ams.tasks", RUNNING = "ams.running", RESULTS = "ams.results", STUDIES = "ams.studies";
    static final String VERSION_ATTRIBUTE = "ams.version", THREADS_ATTRIBUTE = "ams.threads";
    /** Tasks and results carry it; a worker of another version refuses tasks (their objective may differ). */
    public static final String VERSION = "0.1.0";
    public static final int DEFAULT_PORT = 5701;

    public ClusterSettings {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) throw new IllegalArgumentException("the cluster needs a name");
        members = List.copyOf(members);
        for (String m : members) {
            int colon = m.lastIndexOf(':');
            if (colon <= 0 || !m.substring(colon + 1).matches("\\d{1,5}")) {
                throw new IllegalArgumentException("member '" + m + "' is not host:port (list each member, e.g. 10.0.0.5:5701)");
            }
        }
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be in [1, 65535], got " + port);
    }

    /**
     * The Hazelcast configuration of a process of this cluster: a worker (holds the tasks and
     * results, one backup of each on another member) or the study's process, a lite member (holds
     * no data: killing it loses nothing the workers have).
     */
    Config hazelcast(boolean liteMember, int threads) {
        Config c = new Config();
        c.setClusterName(name);
        c.setLiteMember(liteMember);
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.logging.type", "none");
        c.setProperty("hazelcast.shutdownhook.enabled", "false");  // a worker leaves in its own order (see Worker.close)
        c.getMemberAttributeConfig().setAttribute(VERSION_ATTRIBUTE, VERSION);
        c.getMemberAttributeConfig().setAttribute(THREADS_ATTRIBUTE, Integer.toString(threads));
        NetworkConfig net = c.getNetworkConfig();
        net.setPort(port).setPortAutoIncrement(true).setPortCount(100);
        net.getInterfaces().setEnabled(true).addInterface(bind);
        c.setProperty("hazelcast.local.localAddress", bind);
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(members.isEmpty() ? List.of(bind) : members);
        c.addQueueConfig(new QueueConfig(TASKS).setBackupCount(1));
        for (String map : List.of(RUNNING, RESULTS, STUDIES)) c.addMapConfig(new MapConfig(map).setBackupCount(1));
        return c;
    }
}
