package tinysns.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tinysns.coordination.Clusters;
import tinysns.protocol.proto.ServerType;
import tinysns.testing.ManualClock;
import tinysns.testing.ManualTimer;

/** Client u belongs to cluster (u - 1) % 3 + 1 and gets its first-registered live server of type SERVER. */
class AssignmentTest {

    private static final Duration LEASE = Clusters.DEFAULT_LEASE;
    private static final Duration TICK = Duration.ofMillis(100);

    private final ManualClock clock = new ManualClock();
    private final ManualTimer timer = new ManualTimer(clock, TICK);
    private final RegistrationTable table = new RegistrationTable(3, LEASE, timer, clock, RegistryListener.NONE);

    @Test
    void usersOneToTwelveAreAssignedRoundTheThreeClusters() {
        for (int cluster = 1; cluster <= 3; cluster++) {
            table.heartbeat(cluster, 1, "c" + cluster + "-first", 10000 + cluster, ServerType.SERVER);
            table.heartbeat(cluster, 2, "c" + cluster + "-second", 20000 + cluster, ServerType.SERVER);
        }
        for (int user = 1; user <= 12; user++) {
            int cluster = Clusters.ofUser(user);
            assertEquals(cluster, table.clusterOf(user));
            Endpoint assigned = table.assign(user);
            assertEquals("c" + cluster + "-first", assigned.host(), "user " + user);
            assertEquals(10000 + cluster, assigned.port());
            assertEquals(1, assigned.serverId());
        }
    }

    @Test
    void usersOneToTwelveSkipDeadServersAndEmptyClusters() {
        table.heartbeat(1, 1, "c1-first", 10001, ServerType.SERVER);
        table.heartbeat(2, 1, "c2-only", 10002, ServerType.SERVER);
        table.heartbeat(1, 2, "c1-second", 20001, ServerType.SERVER);
        InSyncReports.report(table, 1, 1, "c1-first", 10001, 2); // docs/CONTRACT.md section 8: it may take over
        timer.advance(Duration.ofSeconds(5));
        table.heartbeat(1, 2, "c1-second", 20001, ServerType.SERVER);
        // The first registered servers of clusters 1 and 2 stop heartbeating and die; cluster 3 never had one.
        timer.advance(Duration.ofSeconds(5).plus(TICK));

        for (int user = 1; user <= 12; user++) {
            Endpoint assigned = table.assign(user);
            switch (table.clusterOf(user)) {
                case 1 -> assertEquals("c1-second", assigned.host(), "user " + user);
                case 2, 3 -> assertNull(assigned, "user " + user);
                default -> throw new AssertionError();
            }
        }
    }

    @Test
    void aRevivedFirstRegisteredServerComesBackAsSlaveAndTheCurrentMasterKeepsTheClients() {
        table.heartbeat(1, 7, "first", 10000, ServerType.SERVER);
        table.heartbeat(1, 3, "second", 10000, ServerType.SERVER);
        InSyncReports.report(table, 1, 7, "first", 10000, 3);
        timer.advance(Duration.ofSeconds(6));
        table.heartbeat(1, 3, "second", 10000, ServerType.SERVER);
        timer.advance(Duration.ofSeconds(5));
        assertEquals("second", table.assign(1).host());

        // docs/CONTRACT.md section 8: a server declared dead returns as a slave, whatever it was before.
        table.heartbeat(1, 7, "first", 10000, ServerType.SERVER);
        assertEquals("second", table.assign(1).host(), "the live master keeps its clients");
        InSyncReports.report(table, 1, 3, "second", 10000, 7);
        timer.advance(Duration.ofSeconds(6));
        table.heartbeat(1, 7, "first", 10000, ServerType.SERVER);
        timer.advance(Duration.ofSeconds(5));
        assertEquals("first", table.assign(1).host(), "once the master is gone, its in-sync slave takes over");
    }

    @Test
    void synchronizersRegisterButAreNeverAssigned() {
        assertEquals(HeartbeatOutcome.REGISTERED, table.heartbeat(2, 1, "sync", 9000, ServerType.SYNCHRONIZER));
        assertNull(table.assign(2));
        table.heartbeat(2, 2, "server", 10000, ServerType.SERVER);
        assertEquals("server", table.assign(2).host());
    }

    @Test
    void followerCoordinatorsAreNeverAssigned() {
        table.heartbeat(1, 1, "follower", 10000, ServerType.FOLLOWER_COORDINATOR);
        assertNull(table.assign(1));
        table.heartbeat(1, 2, "server", 10000, ServerType.SERVER);
        assertEquals("server", table.assign(1).host());
        // The same process re-registering as a server (same address) becomes a slave: the master stays.
        table.heartbeat(1, 1, "follower", 10000, ServerType.SERVER);
        assertEquals("server", table.assign(1).host());
    }

    @Test
    void assignmentStaysRightInAClusterOfManyDeadServers() {
        int servers = 50_000;
        for (int id = 1; id <= servers; id++) {
            table.heartbeat(1, id, "h" + id, 10000, ServerType.SERVER);
        }
        InSyncReports.report(table, 1, 1, "h1", 10000, servers);
        timer.advance(Duration.ofSeconds(5));
        table.heartbeat(1, servers, "h" + servers, 10000, ServerType.SERVER);
        timer.advance(Duration.ofSeconds(5).plus(TICK));
        assertEquals("h" + servers, table.assign(1).host(), "only the last registered is alive");
        table.heartbeat(1, 4_321, "h4321", 10000, ServerType.SERVER);
        assertEquals("h" + servers, table.assign(4).host(), "a revived server is a slave; the master keeps its clients");
        assertEquals(servers, table.size());
    }

    @Test
    void theListingKeepsRegistrationOrderWithinEachCluster() {
        table.heartbeat(2, 9, "b", 1, ServerType.SERVER);
        table.heartbeat(1, 5, "a", 1, ServerType.SERVER);
        table.heartbeat(2, 3, "c", 1, ServerType.SERVER);
        table.heartbeat(1, 8, "d", 1, ServerType.FOLLOWER_COORDINATOR);
        List<String> order = table.snapshot().servers().stream()
                .map(s -> s.clusterId() + "/" + s.serverId()).toList();
        assertEquals(List.of("1/5", "1/8", "2/9", "2/3"), order);
        assertEquals(2, table.snapshot(2).servers().size());
        assertEquals(4, table.snapshot(2).total());
    }

    @Test
    void clientIdsBelowOneAreRejectedNamingTheField() {
        for (int bad : new int[] {0, -1, Integer.MIN_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.assign(bad));
            assertTrue(e.getMessage().contains("client ID"), e.getMessage());
        }
    }
}
