package tinysns.coordinator;

/**
 * One row of the registration table, copied at a moment in time.
 *
 * @param lastHeartbeatNanos when its last heartbeat arrived, on the table's nanosecond clock
 */
public record RegisteredServer(int clusterId, int serverId, Endpoint endpoint, boolean alive, long lastHeartbeatNanos) {
}
