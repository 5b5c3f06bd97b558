package tinysns.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lightweight sessions against a real ZooKeeper server (in this JVM, tickTime 200 ms, so a 2-s session timeout
 * is granted and expiry is quick): the server accepts their handshake, creates their ephemeral znodes, keeps them
 * alive on their pings, and expires exactly the ones stopped.
 */
class ZooKeeperSessionsTest {

    private static final int TICK_MILLIS = 200;
    private static final int TIMEOUT_MILLIS = 2_000;
    private static final int SERVERS = 30;
    private static final String ROOT = "/t";

    @TempDir
    Path dataDir;
    private ZooKeeperServer server;
    private ServerCnxnFactory connections;
    private ZooKeeper observer;
    private ZooKeeperSessions sessions;

    @BeforeEach
    void startServer() throws Exception {
        File data = dataDir.toFile();
        server = new ZooKeeperServer(data, data, TICK_MILLIS);
        connections = ServerCnxnFactory.createFactory(new InetSocketAddress("127.0.0.1", 0), 0);
        connections.startup(server);
        CountDownLatch connected = new CountDownLatch(1);
        observer = new ZooKeeper("127.0.0.1:" + connections.getLocalPort(), TIMEOUT_MILLIS, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        assertTrue(connected.await(30, TimeUnit.SECONDS), "the observing client did not connect");
        observer.create(ROOT, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    }

    @AfterEach
    void stopServer() throws Exception {
        if (sessions != null) {
            sessions.close();
        }
        observer.close(1000);
        connections.shutdown();
        server.shutdown();
    }

    private ZooKeeperSessions sessionsAsking(int timeoutMillis) {
        return new ZooKeeperSessions(new InetSocketAddress("127.0.0.1", connections.getLocalPort()), timeoutMillis,
                SERVERS, 1);
    }

    @Test
    void sessionsStayAlivePastTheirTimeoutOnPingsAndOnlyTheStoppedOnesExpire() throws Exception {
        sessions = sessionsAsking(TIMEOUT_MILLIS);
        sessions.register(0, SERVERS, i -> ROOT + "/s" + i, i -> ("10.0.0." + i).getBytes(StandardCharsets.UTF_8));
        assertEquals(SERVERS, observer.getChildren(ROOT, false).size());
        assertEquals("10.0.0.4", new String(observer.getData(ROOT + "/s4", false, null), StandardCharsets.UTF_8));
        assertTrue(observer.exists(ROOT + "/s4", false).getEphemeralOwner() != 0, "an ephemeral znode, owned by its session");
        DeathLog deaths = new DeathLog(SERVERS);
        int[] stopped = {3, 11, 20};
        CountDownLatch expired = new CountDownLatch(stopped.length);
        observer.addWatch(ROOT, event -> {
            if (event.getType() == Watcher.Event.EventType.NodeDeleted) {
                deaths.gone(Integer.parseInt(event.getPath().substring(ROOT.length() + 2)), System.nanoTime());
                expired.countDown();
            }
        }, AddWatchMode.PERSISTENT_RECURSIVE);

        sessions.stop(stopped, deaths);

        // Waiting for the stopped sessions to expire is waiting at least one timeout: the others lived that long on pings alone.
        assertTrue(expired.await(30, TimeUnit.SECONDS), "the stopped sessions did not expire");
        assertEquals(SERVERS - stopped.length, observer.getChildren(ROOT, false).size());
        assertEquals(0, deaths.falseDeaths());
        DeathLog.Lateness lateness = deaths.lateness(stopped, TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS));
        assertEquals(0, lateness.early());
        assertEquals(0, lateness.unacknowledged());
        assertEquals(0, sessions.failures());
    }

    @Test
    void registrationFailsWhenTheServerGrantsAnotherTimeout() {
        // The server grants at most 20 ticks (4 s): asking for 10 s is refused loudly, not run at a shorter lease.
        sessions = sessionsAsking(10_000);

        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> sessions.register(0, 1, i -> ROOT + "/s" + i, i -> new byte[0]));

        assertTrue(failure.getCause().getMessage().contains("negotiated a 4000 ms session timeout"),
                failure.getCause().getMessage());
    }
}
