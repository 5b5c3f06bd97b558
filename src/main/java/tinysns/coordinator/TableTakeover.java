package tinysns.coordinator;

import tinysns.protocol.proto.ServerType;

/**
 * What a coordinator taking or leaving the lead does to its table (docs/CONTRACT.md section 10): put back the
 * registration order and each cluster's master read from ZooKeeper, every live lease starting now, or forget them
 * all. Kept apart from {@link RegistrationTable}, whose own job is heartbeats, leases and assignment.
 */
public final class TableTakeover {

    private final RegistrationTable table;

    public TableTakeover(RegistrationTable table) {
        this.table = table;
    }

    /** A copy of the registration of (cluster ID, server ID); null when there is none or the cluster is invalid. */
    public RegisteredServer registered(int clusterId, int serverId) {
        Registration registration = table.find(clusterId, serverId);
        return registration == null ? null : registration.view();
    }

    /** Last in its cluster's order, alive with a lease that starts now, or dead. Tells no listener. */
    public void restore(int clusterId, int serverId, String host, int port, ServerType type, boolean alive) {
        Registration added = table.cluster(clusterId).restore(new Endpoint(serverId, host, port, type), alive,
                table.nowNanos());
        if (alive) {
            table.armFreshLease(added);
        }
    }

    /** After the restores: the master the previous leader recorded (0 for none) and the epoch to start at. */
    public void takeOverMastership(int clusterId, int masterServerId, long epoch) {
        table.cluster(clusterId).takeOverMastership(masterServerId, epoch);
    }

    /** The server ID of the cluster's master, 0 when there is none. */
    public int masterServerId(int clusterId) {
        return table.cluster(clusterId).masterServerId();
    }

    /** Forgets every registration (this coordinator stopped leading); their lease timers find them gone. */
    public void clear() {
        table.replaceClusters();
    }
}
