package tinysns.sync;

import tinysns.protocol.proto.ClusterRole;
import tinysns.protocol.proto.RegistryEntry;
import tinysns.protocol.proto.RegistryListing;
import tinysns.protocol.proto.ServerType;

/**
 * Reads from the coordinator's registry whether the server beside a synchronizer is its cluster's master, and
 * where it listens. The master is the entry the coordinator marks MASTER; a coordinator that marks none (one
 * server per cluster) gives clients the first-registered live SERVER, so that one is the master (docs/CONTRACT.md section 8).
 */
final class ClusterWatch {

    private ClusterWatch() {
    }

    /** The master's address as {@code host:port} when it is server {@code serverId} of {@code cluster}, else null. */
    static String masterAddressIfOurs(RegistryListing listing, int cluster, int serverId) {
        RegistryEntry first = null;
        RegistryEntry marked = null;
        for (RegistryEntry entry : listing.getEntriesList()) {
            if (entry.getClusterId() != cluster || !entry.getAlive() || entry.getServerInfo().getType() != ServerType.SERVER) {
                continue;
            }
            if (first == null) {
                first = entry;
            }
            if (entry.getRole() == ClusterRole.MASTER && marked == null) {
                marked = entry;
            }
        }
        RegistryEntry master = marked != null ? marked : first;
        if (master == null || master.getServerInfo().getServerId() != serverId) {
            return null;
        }
        return master.getServerInfo().getHostname() + ":" + master.getServerInfo().getPort();
    }
}
