package tinysns.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tinysns.coordinator.LocalCoordinator.localSettings;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tinysns.coordination.CoordinatorClient;
import tinysns.protocol.WireLimits;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.HeartbeatReply;
import tinysns.protocol.proto.RegistryEntry;
import tinysns.protocol.proto.RegistryListing;
import tinysns.protocol.proto.ServerInfo;
import tinysns.protocol.proto.ServerType;
import tinysns.rpc.RemoteErrorException;
import tinysns.testing.ManualClock;
import tinysns.testing.ManualTimer;
import tinysns.testing.NoLeaks;

/** The coordinator's requests through real sockets, on a clock and lease timer the test moves. */
@ExtendWith(NoLeaks.class)
class CoordinatorServiceTest {

    private final LocalCoordinator local = new LocalCoordinator();
    private final ManualClock clock = local.clock;
    private final ManualTimer leaseTimer = local.leaseTimer;
    private CoordinatorClient client;

    @BeforeEach
    void start() throws Exception {
        client = local.start(localSettings(), RegistryListener.NONE).client();
    }

    @AfterEach
    void stop() {
        local.close();
    }

    @Test
    void heartbeatRegistersAServerThatTheListingShows() throws Exception {
        client.heartbeat(2, server(7, "localhost", 10007, ServerType.SERVER)).get(5, TimeUnit.SECONDS);
        leaseTimer.advance(Duration.ofMillis(3_200));

        RegistryListing listing = client.listRegistry().get(5, TimeUnit.SECONDS);
        assertEquals(1, listing.getEntriesCount());
        RegistryEntry entry = listing.getEntries(0);
        assertEquals(2, entry.getClusterId());
        assertEquals(server(7, "localhost", 10007, ServerType.SERVER), entry.getServerInfo());
        assertTrue(entry.getAlive());
        assertEquals(3_200, entry.getMillisSinceHeartbeat());
        assertEquals(0, listing.getOmitted());
        assertEquals(local.coordinator().table().lease().toMillis(), listing.getLeaseMillis(),
                "a client waits for a failover at most this plus 5 s");
    }

    @Test
    void getServerAnswersTheFirstRegisteredLiveServerOfTheClientsCluster() throws Exception {
        client.heartbeat(3, server(4, "host-x", 10004, ServerType.FOLLOWER_COORDINATOR)).get(5, TimeUnit.SECONDS);
        client.heartbeat(3, server(2, "host-y", 10002, ServerType.SERVER)).get(5, TimeUnit.SECONDS);
        client.heartbeat(3, server(1, "host-z", 10001, ServerType.SERVER)).get(5, TimeUnit.SECONDS);

        ServerInfo assigned = client.getServer(6).get(5, TimeUnit.SECONDS);
        assertEquals(server(2, "host-y", 10002, ServerType.SERVER), assigned);
    }

    @Test
    void getServerForAClusterWithNoLiveServerNamesTheCluster() {
        RemoteErrorException error = remoteError(client.getServer(5));
        assertEquals(ErrorCode.NO_SERVER, error.code());
        assertEquals("no server available for cluster 2", error.remoteMessage());
    }

    @Test
    void invalidRequestsGetAnErrorNamingTheFieldAndTheConnectionStaysUsable() throws Exception {
        record Case(int cluster, ServerInfo info, String field) {
        }
        List<Case> cases = List.of(
                new Case(0, server(1, "localhost", 10000, ServerType.SERVER), "cluster ID"),
                new Case(4, server(1, "localhost", 10000, ServerType.SERVER), "cluster ID"),
                new Case(1, server(0, "localhost", 10000, ServerType.SERVER), "server ID"),
                new Case(1, server(1, "", 10000, ServerType.SERVER), "hostname"),
                new Case(1, server(1, "localhost", 0, ServerType.SERVER), "port"),
                new Case(1, server(1, "localhost", 65536, ServerType.SERVER), "port"),
                new Case(1, server(1, "localhost", 10000, ServerType.SERVER_TYPE_UNSPECIFIED), "type"),
                new Case(1, ServerInfo.getDefaultInstance(), "server ID"));
        for (Case c : cases) {
            RemoteErrorException error = remoteError(client.heartbeat(c.cluster(), c.info()));
            assertEquals(ErrorCode.INVALID_ARGUMENT, error.code(), c.toString());
            assertTrue(error.remoteMessage().contains(c.field()), error.remoteMessage());
        }
        RemoteErrorException badClient = remoteError(client.getServer(0));
        assertEquals(ErrorCode.INVALID_ARGUMENT, badClient.code());
        assertTrue(badClient.remoteMessage().contains("client ID"), badClient.remoteMessage());

        client.heartbeat(1, server(1, "localhost", 10000, ServerType.SERVER)).get(5, TimeUnit.SECONDS);
        assertEquals(1, client.listRegistry().get(5, TimeUnit.SECONDS).getEntriesCount());
    }

    @Test
    void everyAcceptedHeartbeatIsAnsweredWithTheCoordinatorsLease() throws Exception {
        long lease = localSettings().lease().toMillis();
        for (int beat = 0; beat < 3; beat++) {
            HeartbeatReply reply = client.heartbeat(1, server(4, "localhost", 10004, ServerType.SERVER)).get(5, TimeUnit.SECONDS);
            assertEquals(lease, reply.getLeaseMillis(), "beat " + beat);
        }
        try (Coordinator shortLease = Coordinator.start(localSettings().withLease(Duration.ofSeconds(4)), leaseTimer, clock,
                RegistryListener.NONE);
             CoordinatorClient shortClient = connect(shortLease)) {
            assertEquals(4_000, shortClient.heartbeat(1, server(4, "localhost", 10004, ServerType.SERVER))
                    .get(5, TimeUnit.SECONDS).getLeaseMillis());
        }
    }

    @Test
    void heartbeatClaimingALiveSlotFromAnotherAddressIsRefusedNamingTheHolder() throws Exception {
        client.heartbeat(1, server(3, "host-a", 10000, ServerType.SERVER)).get(5, TimeUnit.SECONDS);
        RemoteErrorException error = remoteError(client.heartbeat(1, server(3, "host-b", 10000, ServerType.SERVER)));
        assertEquals(ErrorCode.SLOT_TAKEN, error.code());
        assertTrue(error.remoteMessage().contains("host-a:10000"), error.remoteMessage());
        assertEquals("host-a", client.getServer(1).get(5, TimeUnit.SECONDS).getHostname());
    }

    @Test
    void aListingTooLargeForOneFrameSaysHowManyItLeftOut() throws Exception {
        CoordinatorSettings small = localSettings();
        small = new CoordinatorSettings(small.bindHost(), 0, small.lease(), small.tick(), small.clusters(),
                small.ioThreads(), new WireLimits(2_048));
        try (Coordinator tiny = Coordinator.start(small, leaseTimer, clock, RegistryListener.NONE);
             CoordinatorClient tinyClient = connect(tiny)) {
            for (int id = 1; id <= 200; id++) {
                tiny.table().heartbeat(1, id, "server-" + id + ".example.org", 10000, ServerType.SERVER);
            }
            RegistryListing listing = tinyClient.listRegistry().get(5, TimeUnit.SECONDS);
            assertTrue(listing.getEntriesCount() > 10 && listing.getEntriesCount() < 200, listing.getEntriesCount() + " entries");
            assertEquals(200, listing.getEntriesCount() + listing.getOmitted());
            for (int i = 0; i < listing.getEntriesCount(); i++) {
                assertEquals(i + 1, listing.getEntries(i).getServerInfo().getServerId(), "registration order");
            }
        }
    }

    private CoordinatorClient connect(Coordinator target) throws Exception {
        return local.connect(target);
    }

    static ServerInfo server(int id, String host, int port, ServerType type) {
        return ServerInfo.newBuilder().setServerId(id).setHostname(host).setPort(port).setType(type).build();
    }

    static RemoteErrorException remoteError(CompletableFuture<?> reply) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> reply.get(5, TimeUnit.SECONDS));
        return assertInstanceOf(RemoteErrorException.class, e.getCause());
    }
}
