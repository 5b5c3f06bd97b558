package tinysns.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import tinysns.protocol.proto.ClusterRole;
import tinysns.protocol.proto.RegistryEntry;
import tinysns.protocol.proto.RegistryListing;
import tinysns.protocol.proto.ServerInfo;
import tinysns.protocol.proto.ServerType;

/** Whether the server beside a synchronizer is its cluster's master, as read from the registry. */
class ClusterWatchTest {

    @Test
    void theMasterIsTheEntryMarkedMasterElseTheFirstLiveServer() {
        RegistryListing marked = RegistryListing.newBuilder()
                .addEntries(entry(2, 1, ServerType.SERVER, false, ClusterRole.CLUSTER_ROLE_UNSPECIFIED, 10000))
                .addEntries(entry(2, 2, ServerType.SERVER, true, ClusterRole.SLAVE, 10001))
                .addEntries(entry(2, 3, ServerType.SERVER, true, ClusterRole.MASTER, 10002))
                .addEntries(entry(2, 1, ServerType.SYNCHRONIZER, true, ClusterRole.CLUSTER_ROLE_UNSPECIFIED, 9002))
                .build();
        assertEquals("localhost:10002", ClusterWatch.masterAddressIfOurs(marked, 2, 3));
        assertNull(ClusterWatch.masterAddressIfOurs(marked, 2, 2));
        assertNull(ClusterWatch.masterAddressIfOurs(marked, 2, 1)); // dead, and its synchronizer is no server

        RegistryListing unmarked = RegistryListing.newBuilder()
                .addEntries(entry(1, 1, ServerType.SERVER, true, ClusterRole.CLUSTER_ROLE_UNSPECIFIED, 10000))
                .addEntries(entry(2, 1, ServerType.SERVER, true, ClusterRole.CLUSTER_ROLE_UNSPECIFIED, 10001))
                .build();
        assertEquals("localhost:10001", ClusterWatch.masterAddressIfOurs(unmarked, 2, 1));
        assertNull(ClusterWatch.masterAddressIfOurs(unmarked, 3, 1));
    }

    private static RegistryEntry entry(int cluster, int id, ServerType type, boolean alive, ClusterRole role, int port) {
        return RegistryEntry.newBuilder().setClusterId(cluster).setAlive(alive).setRole(role)
                .setServerInfo(ServerInfo.newBuilder().setServerId(id).setHostname("localhost").setPort(port).setType(type))
                .build();
    }
}
