package tinysns.coordinator;

import io.netty.util.Timeout;
import io.netty.util.TimerTask;
import tinysns.protocol.proto.ClusterRole;
import tinysns.protocol.proto.ServerType;

/**
 * One slot of the table: a (cluster ID, server ID), where it is, whether it is alive, and when its last heartbeat
 * arrived. It is also its own lease timer task, so a heartbeat allocates nothing: it only stores the arrival time,
 * and the task, when it fires, re-arms itself for whatever is left of the lease.
 *
 * <p>State changes happen under this object's lock (then the cluster's, for the endpoint and alive flag); the
 * fields are volatile so that lookups and snapshots can read them without it.
 */
final class Registration implements TimerTask {

    private final ClusterRegistrations cluster;
    private final int serverId;
    private final int position;
    volatile Endpoint endpoint;
    volatile boolean alive;
    volatile long lastHeartbeatNanos;
    /** When the lease timer was last set to fire; written before the timer is armed, read when it fires. */
    long deadlineNanos;
    /** A lease timeout is pending for it; guarded by this object's lock (a goodbye can end it with one pending). */
    boolean leaseArmed;
    /** The role and epoch it said it last heard when it registered (a restarted coordinator); the cluster's lock. */
    ClusterRole claimedRole = ClusterRole.CLUSTER_ROLE_UNSPECIFIED;
    long claimedEpoch;
    /** It said it mirrors its writes to slaves (a tsd), so only those it names in sync may succeed it; the cluster's lock. */
    boolean mirrors;

    Registration(ClusterRegistrations cluster, int serverId, int position, Endpoint endpoint, long nowNanos) {
        this.cluster = cluster;
        this.serverId = serverId;
        this.position = position;
        this.endpoint = endpoint;
        this.alive = true;
        this.lastHeartbeatNanos = nowNanos;
    }

    ClusterRegistrations cluster() {
        return cluster;
    }

    int serverId() {
        return serverId;
    }

    /** Where it stands in its cluster's registration order: 0 for the first registered. */
    int position() {
        return position;
    }

    /** Counts as a candidate for client assignment. */
    boolean isAliveServer() {
        return alive && endpoint.type() == ServerType.SERVER;
    }

    /** A consistent copy; call with this object's lock held, or accept a copy that is a moment old. */
    RegisteredServer view() {
        return new RegisteredServer(cluster.clusterId(), serverId, endpoint, alive, lastHeartbeatNanos,
                cluster.roleOf(this));
    }

    @Override
    public void run(Timeout timeout) {
        cluster.table().leases().fired(this);
    }

    @Override
    public String toString() {
        return "cluster " + cluster.clusterId() + " server " + serverId + " at " + endpoint.address();
    }
}
