package tinysns.coordinator.leadership;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tinysns.coordinator.CoordinatorSettings;
import tinysns.coordinator.RegistryListener;
import tinysns.protocol.proto.ClusterRole;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Heartbeat;
import tinysns.protocol.proto.ID;
import tinysns.protocol.proto.InSyncReport;
import tinysns.protocol.proto.ListRegistry;
import tinysns.protocol.proto.RegistryEntry;
import tinysns.protocol.proto.ServerInfo;
import tinysns.protocol.proto.ServerType;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcClientOptions;
import tinysns.rpc.RpcConnection;

/**
 * Coordinators in this JVM sharing a real ZooKeeper server (Curator's TestingServer, with a 200 ms tick so that
 * short sessions are allowed): one leads, the others answer where it is, and the registration order outlives a
 * change of leader (docs/CONTRACT.md section 10).
 */
class LeadershipTest {

    private static final Duration SESSION = Duration.ofMillis(1500);
    /** A loaded machine runs late: the contract's bound (session + 1 s), with headroom for the test's own threads. */
    private static final Duration TAKEOVER = SESSION.plusSeconds(4);

    @TempDir
    Path work;

    private TestingServer zooKeeper;
    private RpcClient rpc;
    private final List<LedCoordinator> coordinators = new ArrayList<>();

    @BeforeEach
    void startZooKeeper() throws Exception {
        File data = work.resolve("zookeeper").toFile();
        zooKeeper = new TestingServer(new InstanceSpec(data, -1, -1, -1, false, -1, 200, -1), true);
        rpc = new RpcClient("test-rpc", RpcClientOptions.DEFAULT.withRequestTimeout(Duration.ofSeconds(5)));
    }

    @AfterEach
    void stopAll() throws Exception {
        coordinators.forEach(LedCoordinator::close);
        rpc.close();
        zooKeeper.close();
    }

    @Test
    void oneCoordinatorLeadsAndAFollowerAnswersWhereTheLeaderIs() throws Exception {
        LedCoordinator first = start();
        awaitLeading(first);
        LedCoordinator second = start();
        await("the follower knows the leader").atMost(TAKEOVER).until(() -> second.leader().equals(address(first)));
        Envelope answer = call(second, Envelope.newBuilder().setGetServer(ID.newBuilder().setId(1)));
        assertTrue(answer.hasNotLeader(), "a follower must not serve: " + answer);
        assertEquals(address(first), answer.getNotLeader().getLeader());
        await("the follower listed at the leader as a FOLLOWER_COORDINATOR").atMost(TAKEOVER)
                .until(() -> listing(first).stream().anyMatch(e -> e.getServerInfo().getType() == ServerType.FOLLOWER_COORDINATOR
                        && e.getClusterId() == ZooKeeperOptions.FOLLOWER_CLUSTER
                        && e.getServerInfo().getPort() == second.coordinator().port() && e.getAlive()));
    }

    @Test
    void aNewLeaderKeepsTheRegistrationOrderAndStartsEveryLeaseAfresh() throws Exception {
        LedCoordinator first = start();
        awaitLeading(first);
        LedCoordinator second = start();
        heartbeat(first, 1, 5, 9005);
        heartbeat(first, 1, 3, 9003);
        heartbeat(first, 2, 1, 9101);
        List<String> before = servers(listing(first));
        first.close();
        awaitLeading(second);
        assertEquals(before, servers(listing(second)), "the order (and so each cluster's first server) changed");
        Envelope assigned = call(second, Envelope.newBuilder().setGetServer(ID.newBuilder().setId(1)));
        assertEquals(9005, assigned.getServerInfo().getPort(), "user 1 must keep the first-registered server");
        assertTrue(listing(second).stream().filter(e -> e.getServerInfo().getType() == ServerType.SERVER)
                .allMatch(RegistryEntry::getAlive), "a change of leader must not kill anyone");
    }

    @Test
    void aDeathRecordedByTheOldLeaderStandsUnderTheNewOne() throws Exception {
        LedCoordinator first = start(Duration.ofSeconds(1));
        LedCoordinator second = afterServerFiveDiedUnder(first);
        // Server 3 keeps beating (the lease is 1 s): on a loaded machine this wait alone outlived its lease.
        await("the death written to ZooKeeper").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    heartbeat(first, 1, 3, 9003);
                    return zooKeeperSays("5 ", "DEAD");
                });
        first.close();
        awaitLeading(second);
        heartbeat(second, 1, 3, 9003);
        Envelope assigned = call(second, Envelope.newBuilder().setGetServer(ID.newBuilder().setId(1)));
        assertEquals(9003, assigned.getServerInfo().getPort(), "a server known dead must not get clients after a takeover");
    }

    @Test
    void withoutZooKeeperTheLeaderServesFromMemoryReadOnlyThenStepsDownAndLeadsAgainWhenItReturns() throws Exception {
        LedCoordinator only = start();
        awaitLeading(only);
        heartbeat(only, 1, 1, 9001);
        zooKeeper.stop();
        Envelope assigned = call(only, Envelope.newBuilder().setGetServer(ID.newBuilder().setId(1)));
        assertEquals(9001, assigned.getServerInfo().getPort(), "assignments are served from memory");
        Envelope refused = call(only, heartbeatOf(2, 1, 9101));
        assertTrue(refused.hasError() && refused.getError().getMessage().contains("ZooKeeper") || refused.hasNotLeader(),
                "a registration must not be taken while ZooKeeper is away: " + refused);
        await("stepped down: it cannot tell a dead ensemble from its own isolation").atMost(TAKEOVER)
                .until(() -> !only.leads());
        assertTrue(call(only, Envelope.newBuilder().setGetServer(ID.newBuilder().setId(1))).hasNotLeader());
        zooKeeper.restart();
        awaitLeading(only);
        assertEquals(List.of("1/1@9001"), servers(listing(only)));
    }

    @Test
    void theMasterAndARisingEpochOutliveAChangeOfLeader() throws Exception {
        LedCoordinator first = start(Duration.ofSeconds(1));
        LedCoordinator second = afterServerFiveDiedUnder(first);
        heartbeat(first, 1, 5, 9005); // back, as a slave
        Envelope before = call(first, heartbeatOf(1, 3, 9003));
        assertEquals(ClusterRole.MASTER, before.getHeartbeatReply().getRole());
        first.close();
        awaitLeading(second);
        Envelope after = call(second, heartbeatOf(1, 3, 9003));
        assertEquals(ClusterRole.MASTER, after.getHeartbeatReply().getRole(), "the master changed with the leader");
        assertEquals(9003, call(second, Envelope.newBuilder().setGetServer(ID.newBuilder().setId(1)))
                .getServerInfo().getPort());
        assertTrue(after.getHeartbeatReply().getEpoch() > before.getHeartbeatReply().getEpoch(),
                "epoch " + after.getHeartbeatReply().getEpoch() + " after the takeover, " + before.getHeartbeatReply().getEpoch() + " before");
    }

    private LedCoordinator start() throws Exception {
        return start(tinysns.coordination.Clusters.DEFAULT_LEASE);
    }

    private LedCoordinator start(Duration lease) throws Exception {
        CoordinatorSettings settings = CoordinatorSettings.defaults().withBindHost("127.0.0.1").withPort(0).withLease(lease);
        ZooKeeperOptions options = new ZooKeeperOptions(zooKeeper.getConnectString()).withSessionTimeout(SESSION)
                .withHostname("127.0.0.1");
        LedCoordinator coordinator = LedCoordinator.start(settings, options, RegistryListener.NONE);
        coordinators.add(coordinator);
        return coordinator;
    }

    /**
     * With {@code first} leading (a 1 s lease) and a second coordinator following, servers 5 and 3 of cluster 1
     * register and only server 3 keeps beating: server 5, the first registered, dies and server 3 becomes master.
     * Returns the follower.
     */
    private LedCoordinator afterServerFiveDiedUnder(LedCoordinator first) throws Exception {
        awaitLeading(first);
        LedCoordinator second = start(Duration.ofSeconds(1));
        heartbeat(first, 1, 5, 9005);
        heartbeat(first, 1, 3, 9003);
        Envelope.Builder inSync = heartbeatOf(1, 5, 9005); // the master, a tsd, reports server 3 in sync (section 8)
        inSync.getHeartbeatBuilder().setMirrors(true).setInSync(InSyncReport.newBuilder().setEpoch(1).addServerIds(3));
        assertFalse(call(first, inSync).hasError());
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            heartbeat(first, 1, 3, 9003); // server 5, the first registered, falls silent: server 3 becomes master
            return listing(first).stream().anyMatch(e -> e.getServerInfo().getServerId() == 5 && !e.getAlive());
        });
        return second;
    }

    private void awaitLeading(LedCoordinator coordinator) {
        await(address(coordinator) + " leading").atMost(TAKEOVER).until(coordinator::leads);
    }

    private static String address(LedCoordinator coordinator) {
        return "127.0.0.1:" + coordinator.coordinator().port();
    }

    private void heartbeat(LedCoordinator coordinator, int cluster, int server, int port) throws Exception {
        Envelope reply = call(coordinator, heartbeatOf(cluster, server, port));
        assertFalse(reply.hasError() || reply.hasNotLeader(), "heartbeat refused: " + reply);
    }

    private static Envelope.Builder heartbeatOf(int cluster, int server, int port) {
        return Envelope.newBuilder().setHeartbeat(Heartbeat.newBuilder().setClusterId(cluster).setServerInfo(
                ServerInfo.newBuilder().setServerId(server).setHostname("127.0.0.1").setPort(port).setType(ServerType.SERVER)));
    }

    private List<RegistryEntry> listing(LedCoordinator coordinator) throws Exception {
        return call(coordinator, Envelope.newBuilder().setListRegistry(ListRegistry.getDefaultInstance()))
                .getRegistryListing().getEntriesList();
    }

    /** SERVER rows as cluster/server@port, in listing order. */
    private static List<String> servers(List<RegistryEntry> entries) {
        return entries.stream().filter(e -> e.getServerInfo().getType() == ServerType.SERVER)
                .map(e -> e.getClusterId() + "/" + e.getServerInfo().getServerId() + "@" + e.getServerInfo().getPort())
                .toList();
    }

    /** Any answer, errors included (they are answers too). */
    private Envelope call(LedCoordinator coordinator, Envelope.Builder request) throws Exception {
        try (RpcConnection connection = rpc.connect("127.0.0.1", coordinator.coordinator().port()).get(5, TimeUnit.SECONDS)) {
            return connection.call(request).handle((reply, failure) -> {
                Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
                if (cause instanceof tinysns.rpc.RemoteErrorException remote) {
                    return Envelope.newBuilder().setError(tinysns.protocol.proto.ErrorReply.newBuilder()
                            .setCode(remote.code()).setMessage(remote.remoteMessage())).build();
                }
                if (failure != null) {
                    throw new IllegalStateException(failure);
                }
                return reply;
            }).get(10, TimeUnit.SECONDS);
        }
    }

    private boolean zooKeeperSays(String prefix, String state) throws Exception {
        try (org.apache.curator.framework.CuratorFramework client = org.apache.curator.framework.CuratorFrameworkFactory
                .newClient(zooKeeper.getConnectString(), new org.apache.curator.retry.RetryOneTime(100))) {
            client.start();
            String parent = "/tinysns" + RegistrationOrder.clusterPath(1);
            for (String child : client.getChildren().forPath(parent)) {
                String line = new String(client.getData().forPath(parent + "/" + child));
                if (line.startsWith(prefix) && line.endsWith(state)) {
                    return true;
                }
            }
            return false;
        }
    }
}
