package tinysns.bench.registry;

import tinysns.coordinator.HeartbeatOutcome;
import tinysns.coordinator.RegistrationTable;
import tinysns.coordinator.ServerRole;

/**
 * Many servers that heartbeat a registration table directly, where the transport is not the point. Server
 * {@code i} is server {@code i / 3 + 1} of cluster {@code i % 3 + 1}, at an address of its own, written as a fresh
 * string the way a parsed heartbeat carries it ({@code 10.a.b.c}, port 10000..59999).
 */
final class SimulatedServers {

    private final String[] hosts;

    SimulatedServers(int count) {
        hosts = new String[count];
        for (int i = 0; i < count; i++) {
            hosts[i] = hostOf(i);
        }
    }

    static String hostOf(int i) {
        return "10." + ((i >>> 16) & 0xff) + "." + ((i >>> 8) & 0xff) + "." + (i & 0xff);
    }

    int count() {
        return hosts.length;
    }

    static int clusterId(int i) {
        return i % 3 + 1;
    }

    static int serverId(int i) {
        return i / 3 + 1;
    }

    /** The index of the server with this cluster and server ID. */
    static int indexOf(int clusterId, int serverId) {
        return (serverId - 1) * 3 + (clusterId - 1);
    }

    static int port(int i) {
        return 10000 + i % 50000;
    }

    HeartbeatOutcome heartbeat(RegistrationTable table, int i) {
        return table.heartbeat(clusterId(i), serverId(i), hosts[i], port(i), ServerRole.SERVER);
    }

    /** Registers server {@code i} at {@code host}; fails if the heartbeat is refused. */
    static void register(RegistrationTable table, int i, String host) {
        HeartbeatOutcome outcome = table.heartbeat(clusterId(i), serverId(i), host, port(i), ServerRole.SERVER);
        if (!outcome.accepted()) {
            throw new IllegalStateException("server " + i + " was refused: " + outcome.reason());
        }
    }

    /** Registers every server; fails if any heartbeat is refused. */
    void registerAll(RegistrationTable table) {
        for (int i = 0; i < hosts.length; i++) {
            register(table, i, hosts[i]);
        }
    }
}
