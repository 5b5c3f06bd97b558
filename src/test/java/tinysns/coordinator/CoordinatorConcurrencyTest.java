package tinysns.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.HashedWheelTimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tinysns.coordination.Clusters;
import tinysns.coordination.CoordinatorClient;
import tinysns.protocol.WireLimits;
import tinysns.protocol.proto.RegistryEntry;
import tinysns.protocol.proto.RegistryListing;
import tinysns.protocol.proto.ServerInfo;
import tinysns.protocol.proto.ServerType;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcClientOptions;
import tinysns.testing.ManualClock;
import tinysns.testing.ManualTimer;
import tinysns.testing.NoLeaks;

/**
 * A thousand servers register at once over several connections; then half of them keep heartbeating while the
 * lease clock runs on concurrently (expiry tasks racing the heartbeats), and the other half expire.
 * The table must end exactly right.
 */
@ExtendWith(NoLeaks.class)
class CoordinatorConcurrencyTest {

    private static final int SERVERS = 1_000;
    private static final int CONNECTIONS = 4;
    private static final Duration LEASE = Duration.ofSeconds(1);
    private static final Duration STEP = Duration.ofMillis(10);
    /** Each round of heartbeats runs while the clock moves this far, so two heartbeats are never a lease apart. */
    private static final Duration ROUND = LEASE.dividedBy(3);
    private static final int ROUNDS = 8;

    private final ManualClock clock = new ManualClock();
    private final ManualTimer leaseTimer = new ManualTimer(clock, STEP);
    private final HashedWheelTimer rpcTimer = new HashedWheelTimer(10, TimeUnit.MILLISECONDS);
    private final RecordingListener events = new RecordingListener();
    private final List<CoordinatorClient> clients = new ArrayList<>();
    private Coordinator coordinator;
    private RpcClient rpc;

    @AfterEach
    void stop() {
        clients.forEach(CoordinatorClient::close);
        if (rpc != null) {
            rpc.close();
        }
        if (coordinator != null) {
            coordinator.close();
        }
        rpcTimer.stop();
    }

    @Test
    void thousandServersOverSeveralConnectionsEndInExactlyTheRightState() throws Exception {
        CoordinatorSettings settings = new CoordinatorSettings("127.0.0.1", 0, LEASE, STEP, 3, 2, WireLimits.DEFAULT);
        coordinator = Coordinator.start(settings, leaseTimer, clock, events);
        rpc = new RpcClient(rpcTimer, RpcClientOptions.DEFAULT.withoutKeepAlive().withRequestTimeout(Duration.ofSeconds(30)));
        for (int i = 0; i < CONNECTIONS; i++) {
            clients.add(CoordinatorClient.connect(rpc, "127.0.0.1", coordinator.port()).get(5, TimeUnit.SECONDS));
        }

        heartbeats(false).join();
        assertEquals(SERVERS, events.registered.size());

        for (int round = 0; round < ROUNDS; round++) {
            CompletableFuture<Void> keepers = heartbeats(true);
            // The lease clock runs while this round's heartbeats are still arriving on the I/O threads.
            for (long moved = 0; moved < ROUND.toNanos(); moved += STEP.toNanos()) {
                leaseTimer.advance(STEP);
            }
            keepers.get(30, TimeUnit.SECONDS);
        }

        RegistryListing listing = clients.get(0).listRegistry().get(5, TimeUnit.SECONDS);
        assertEquals(SERVERS, listing.getEntriesCount());
        for (RegistryEntry entry : listing.getEntriesList()) {
            int id = entry.getServerInfo().getServerId();
            assertEquals(keeps(id), entry.getAlive(), "server " + id);
            assertEquals(clusterOf(id), entry.getClusterId(), "server " + id);
            assertEquals(addressOf(id).getHostname(), entry.getServerInfo().getHostname());
        }
        assertEquals(SERVERS / 2, events.deaths.size());
        assertTrue(events.deaths.stream().allMatch(d -> !keeps(d.server().serverId())), "only silent servers died");
        assertTrue(events.deaths.stream().allMatch(d -> d.nanosSinceHeartbeat() >= LEASE.toNanos()), "no early death");
        assertTrue(events.returns.isEmpty());
        for (int cluster = 1; cluster <= 3; cluster++) {
            int c = cluster;
            String firstAliveServer = listing.getEntriesList().stream()
                    .filter(e -> e.getClusterId() == c && e.getAlive() && e.getServerInfo().getType() == ServerType.SERVER)
                    .findFirst().orElseThrow().getServerInfo().getHostname();
            assertEquals(firstAliveServer, clients.get(1).getServer(cluster).get(5, TimeUnit.SECONDS).getHostname());
        }
    }

    /** One heartbeat from every server (or only from those that keep beating), spread over the connections. */
    private CompletableFuture<Void> heartbeats(boolean keepersOnly) {
        List<CompletableFuture<?>> replies = new ArrayList<>();
        for (int id = 1; id <= SERVERS; id++) {
            if (!keepersOnly || keeps(id)) {
                replies.add(clients.get(id % CONNECTIONS).heartbeat(clusterOf(id), addressOf(id)));
            }
        }
        return CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new));
    }

    private static boolean keeps(int id) {
        return id % 2 == 0;
    }

    private static int clusterOf(int id) {
        return id % Clusters.COUNT + 1;
    }

    private static ServerInfo addressOf(int id) {
        // Every seventh is a follower coordinator, so assignment has to skip some.
        ServerType type = id % 7 == 0 ? ServerType.FOLLOWER_COORDINATOR : ServerType.SERVER;
        return CoordinatorServiceTest.server(id, "server-" + id, 10000 + id % 50_000, type);
    }
}
