package tinysns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import tinysns.protocol.proto.ClusterRole;
import tinysns.protocol.proto.RegistryEntry;
import tinysns.protocol.proto.RegistryListing;
import tinysns.protocol.proto.ServerInfo;
import tinysns.protocol.proto.ServerType;

class StatusTableTest {

    @Test
    void rowsFollowTheContractsColumnOrderAligned() {
        RegistryListing listing = RegistryListing.newBuilder()
                .addEntries(entry(1, 1, "localhost", 10000, ServerType.SERVER, true, 3_249).toBuilder()
                        .setRole(ClusterRole.MASTER))
                .addEntries(entry(1, 2, "localhost", 10001, ServerType.SERVER, true, 1_000).toBuilder()
                        .setRole(ClusterRole.SLAVE))
                .addEntries(entry(3, 12, "tsd-3.example.org", 10012, ServerType.FOLLOWER_COORDINATOR, false, 10_000))
                .build();
        assertEquals(List.of(
                "CLUSTER  SERVER  ADDRESS                  TYPE                  STATE  SINCE HEARTBEAT (s)  ROLE",
                "1        1       localhost:10000          SERVER                ALIVE  3.2                  MASTER",
                "1        2       localhost:10001          SERVER                ALIVE  1.0                  SLAVE",
                "3        12      tsd-3.example.org:10012  FOLLOWER_COORDINATOR  DEAD   10.0                 -"),
                StatusTable.render(listing));
    }

    @Test
    void anEmptyTableSaysSoAndACutListingSaysHowManyAreMissing() {
        assertEquals("(no servers registered)", StatusTable.render(RegistryListing.getDefaultInstance()).get(1));
        RegistryListing cut = RegistryListing.newBuilder()
                .addEntries(entry(1, 1, "h", 1, ServerType.SERVER, true, 0)).setOmitted(41).build();
        List<String> lines = StatusTable.render(cut);
        assertEquals("(41 more servers not shown: the listing is limited to one frame)", lines.get(lines.size() - 1));
    }

    private static RegistryEntry entry(int cluster, int id, String host, int port, ServerType type, boolean alive, long millis) {
        return RegistryEntry.newBuilder().setClusterId(cluster)
                .setServerInfo(ServerInfo.newBuilder().setServerId(id).setHostname(host).setPort(port).setType(type))
                .setAlive(alive).setMillisSinceHeartbeat(millis).build();
    }
}
