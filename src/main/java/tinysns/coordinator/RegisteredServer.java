package tinysns.coordinator;

import tinysns.protocol.proto.ClusterRole;

/**
 * One row of the registration table, copied at a moment in time.
 *
 * @param lastHeartbeatNanos when its last heartbeat arrived, on the table's nanosecond clock
 * @param role               MASTER or SLAVE for a live server of type SERVER, else unspecified (docs/CONTRACT.md section 8)
 */
public record RegisteredServer(int clusterId, int serverId, Endpoint endpoint, boolean alive, long lastHeartbeatNanos,
                               ClusterRole role) {
}
