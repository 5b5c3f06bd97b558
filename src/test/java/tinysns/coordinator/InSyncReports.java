package tinysns.coordinator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import tinysns.protocol.proto.ClusterRole;
import tinysns.protocol.proto.ServerType;

/** A master's heartbeat reporting its in-sync slaves at its current epoch (docs/CONTRACT.md section 8). */
final class InSyncReports {

    /** What a tsd says on a new connection before it heard any role: it mirrors its writes. */
    static final ServerReport MIRRORS = new ServerReport(ClusterRole.CLUSTER_ROLE_UNSPECIFIED, 0, 0, null, true);

    private InSyncReports() {
    }

    static void report(RegistrationTable table, int cluster, int masterId, String host, int port, int... slaves) {
        long epoch = table.heartbeatReply(cluster, masterId).getEpoch();
        assertTrue(table.heartbeat(cluster, masterId, host, port, ServerType.SERVER,
                new ServerReport(ClusterRole.CLUSTER_ROLE_UNSPECIFIED, 0, epoch, slaves, true)).accepted());
    }

    /** A server registering (or heartbeating on a new connection) with the role and epoch it last heard. */
    static HeartbeatOutcome claim(RegistrationTable table, int cluster, int serverId, int port, ClusterRole role,
                                  long epoch) {
        return table.heartbeat(cluster, serverId, "localhost", port, ServerType.SERVER,
                new ServerReport(role, epoch, 0, null, true));
    }
}
