package tinysns.server;

import java.time.Duration;

/**
 * How a server takes part in its cluster's replication (docs/CONTRACT.md section 8).
 *
 * @param cluster       this server's cluster: the origin of its users' changes, checked in every mirrored message
 * @param serverId      this server's ID in its cluster, named in its hellos to its slaves
 * @param replica       its role as the coordinator last said, and whether it may serve clients
 * @param mirrorTimeout how long a master waits for a slave's answer before the slave leaves the in-sync set
 */
public record Replication(int cluster, int serverId, ReplicaState replica, Duration mirrorTimeout) {

    /** What the master waits for a slave: far more than a loopback round trip plus an fsync, far less than a lease. */
    public static final Duration DEFAULT_MIRROR_TIMEOUT = Duration.ofSeconds(2);

    /** A server on its own, without a coordinator: it always serves, mirrors nothing (tests of one server). */
    public static Replication none() {
        return new Replication(0, 0, ReplicaState.alone(), DEFAULT_MIRROR_TIMEOUT);
    }

    boolean replicated() {
        return replica.view().standing() != ReplicaState.Standing.ALONE;
    }
}
