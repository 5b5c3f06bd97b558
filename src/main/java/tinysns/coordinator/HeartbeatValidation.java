package tinysns.coordinator;

import tinysns.protocol.proto.ServerType;
import tinysns.rpc.Ports;

/**
 * The range checks on a heartbeat's fields and on a client ID; each rejection names the field. Allocates nothing
 * when the fields are valid.
 */
final class HeartbeatValidation {

    /** The longest DNS name. */
    static final int MAX_HOSTNAME_LENGTH = 253;

    private HeartbeatValidation() {
    }

    /** Null when the heartbeat's fields are valid; else the rejection, whose reason names the field. */
    static HeartbeatOutcome check(int clusterCount, int clusterId, int serverId, String host, int port,
                                  ServerType type) {
        if (clusterId < 1 || clusterId > clusterCount) {
            return HeartbeatOutcome.invalid("invalid cluster ID " + clusterId + ": must be between 1 and " + clusterCount);
        }
        if (serverId < 1) {
            return HeartbeatOutcome.invalid("invalid server ID " + serverId + ": must be at least 1");
        }
        if (host == null || host.isBlank()) {
            return HeartbeatOutcome.invalid("invalid hostname: must not be empty");
        }
        if (host.length() > MAX_HOSTNAME_LENGTH) {
            return HeartbeatOutcome.invalid("invalid hostname: longer than " + MAX_HOSTNAME_LENGTH + " characters");
        }
        if (!Ports.isPort(port)) {
            return HeartbeatOutcome.invalid("invalid port: " + Ports.notAPort(port));
        }
        if (type == null || type == ServerType.SERVER_TYPE_UNSPECIFIED || type == ServerType.UNRECOGNIZED) {
            return HeartbeatOutcome.invalid("invalid type: must be SERVER, FOLLOWER_COORDINATOR or SYNCHRONIZER");
        }
        return null;
    }

    /** @throws IllegalArgumentException when the client ID is below 1; the message names the field */
    static void requireValidClientId(int clientId) {
        if (clientId < 1) {
            throw new IllegalArgumentException("invalid client ID " + clientId + ": must be at least 1");
        }
    }
}
