package tinysns.bench.registry;

import static tinysns.bench.harness.ServerNumbering.clusterId;
import static tinysns.bench.harness.ServerNumbering.host;
import static tinysns.bench.harness.ServerNumbering.port;
import static tinysns.bench.harness.ServerNumbering.serverId;

import tinysns.coordinator.HeartbeatOutcome;
import tinysns.coordinator.RegistrationTable;
import tinysns.protocol.proto.ServerType;

/**
 * Many servers that heartbeat a registration table directly, where the transport is not the point. Server
 * {@code i} is numbered by {@link tinysns.bench.harness.ServerNumbering}, its address written as a fresh string the
 * way a parsed heartbeat carries it.
 */
final class SimulatedServers {

    private final String[] hosts;

    SimulatedServers(int count) {
        hosts = new String[count];
        for (int i = 0; i < count; i++) {
            hosts[i] = host(i);
        }
    }

    int count() {
        return hosts.length;
    }

    HeartbeatOutcome heartbeat(RegistrationTable table, int i) {
        return table.heartbeat(clusterId(i), serverId(i), hosts[i], port(i), ServerType.SERVER);
    }

    /** Registers server {@code i} at {@code host}; fails if the heartbeat is refused. */
    static void register(RegistrationTable table, int i, String host) {
        HeartbeatOutcome outcome = table.heartbeat(clusterId(i), serverId(i), host, port(i), ServerType.SERVER);
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
