package tinysns.bench.peers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import tinysns.bench.harness.ChildJvm;

/**
 * A standalone ZooKeeper server ({@code ZooKeeperServerMain}, tickTime 2000 ms) in a JVM of its own. Each simulated
 * server is one session (10-s timeout) owning one ephemeral znode, on a connection of its own that speaks the real
 * client's wire protocol and pings as it does (after ~3.3 s with nothing sent), all on one event loop group
 * ({@link ZooKeeperSessions}). The lookups and the death watch go through one real client session (the admin).
 * Deaths are NodeDeleted events of a persistent recursive watch. A crash is simulated by closing a session's socket
 * without closing the session, so the server expires it.
 */
final class ZooKeeperPeer implements PeerRegistry {

    private static final String ROOT = "/tinysns";
    private static final int SESSION_TIMEOUT_MILLIS = PeerServers.TIMEOUT_SECONDS * 1000;
    /** One socket per session in each JVM (no threads): 11,001 sessions fit the 20,000 descriptors bench.sh allows. */
    private static final int MAX_SESSIONS = 16_000;
    /** Pings and creates are small and rare (3,000/s at 10,000 sessions): the cores belong to the servers measured. */
    private static final int SESSION_IO_THREADS = 2;

    private final ChildJvm server;
    private final String connectString;
    private final int port;
    private final ZooKeeper admin;
    private final ZooKeeperSessions sessions;

    private ZooKeeperPeer(ChildJvm server, int port, int capacity) throws Exception {
        this.server = server;
        this.port = port;
        this.connectString = "127.0.0.1:" + port;
        this.admin = connect();
        admin.create(ROOT, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        for (int c = 1; c <= 3; c++) {
            String cluster = PeerServers.clusterPrefix(ROOT, c);
            admin.create(cluster.substring(0, cluster.length() - 1), new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT);
        }
        this.sessions = new ZooKeeperSessions(new InetSocketAddress("127.0.0.1", port), SESSION_TIMEOUT_MILLIS, capacity,
                SESSION_IO_THREADS);
    }

    static ZooKeeperPeer start(Path dataDir, int capacity) throws Exception {
        // The client's own chatter (a few lines per session) and its SASL probe stay out of the run.
        System.setProperty("zookeeper.sasl.client", "false");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.zookeeper", "warn");
        int port = FreePort.pick();
        Path config = writeConfig(dataDir, port);
        ChildJvm server = ChildJvm.start("peers-zookeeper",
                withLogLevel(RegistryJvmFlags.get()),
                "org.apache.zookeeper.server.ZooKeeperServerMain", List.of(config.toString()));
        try {
            awaitServing(server, port);
            return new ZooKeeperPeer(server, port, capacity);
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
    }

    /** The registries' common JVM flags, and ZooKeeper's own log at WARN. */
    private static List<String> withLogLevel(List<String> flags) {
        List<String> all = new ArrayList<>(flags);
        all.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        return all;
    }

    private static Path writeConfig(Path dataDir, int port) throws IOException {
        Files.createDirectories(dataDir);
        Path config = dataDir.resolve("zoo.cfg");
        Files.writeString(config, String.join("\n",
                "tickTime=2000",
                "dataDir=" + dataDir.resolve("data"),
                "clientPort=" + port,
                "clientPortAddress=127.0.0.1",
                "maxClientCnxns=0",
                "admin.enableServer=false",
                "4lw.commands.whitelist=mntr",
                // Room for the 200 connections the sessions open at once (the JVM's default accept backlog is 50).
                "clientPortListenBacklog=1024",
                ""), StandardCharsets.UTF_8);
        return config;
    }

    private static void awaitServing(ChildJvm server, int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && server.isAlive()) {
            try {
                if (monitor(port).contains("zk_server_state")) {
                    return;
                }
            } catch (IOException | UncheckedIOException e) {
                // Not listening yet.
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IllegalStateException("ZooKeeper did not start (ended, or not serving within 30 s); see"
                + " target/bench/logs/peers-zookeeper.log");
    }

    /** The server's {@code mntr} four-letter command: one {@code name<TAB>value} line per figure. */
    private static String monitor(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("mntr".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private ZooKeeper connect() throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper session = new ZooKeeper(connectString, SESSION_TIMEOUT_MILLIS, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(30, TimeUnit.SECONDS)) {
            session.close();
            throw new IllegalStateException("a ZooKeeper session did not connect within 30 s");
        }
        if (session.getSessionTimeout() != SESSION_TIMEOUT_MILLIS) {
            throw new IllegalStateException("ZooKeeper negotiated a " + session.getSessionTimeout() + " ms session timeout");
        }
        return session;
    }

    @Override
    public String name() {
        return "zookeeper";
    }

    @Override
    public long pid() {
        return server.pid();
    }

    @Override
    public String keepAliveCadence() {
        return "one session per server; pings after 1/3 of the timeout idle (~3.3 s), as the real client does";
    }

    @Override
    public int maxServers() {
        return MAX_SESSIONS;
    }

    /** Sessions open a bounded number at a time; each then creates its znode. */
    @Override
    public void register(int from, int to) throws Exception {
        sessions.register(from, to, i -> PeerServers.path(ROOT, i),
                i -> PeerServers.address(i).getBytes(StandardCharsets.UTF_8));
    }

    /** Pings refused or unanswered and sessions whose connection was lost while kept alive, whole run. */
    @Override
    public long keepAliveFailures() {
        return sessions.failures();
    }

    /** Every packet the server received (pings, creates, ...): the server's own count, as ZooKeeper pings from inside its client. */
    @Override
    public long requestsHandled() throws IOException {
        for (String line : monitor(port).split("\n")) {
            String[] f = line.split("\t");
            if (f[0].equals("zk_packets_received")) {
                return Long.parseLong(f[1].trim());
            }
        }
        throw new IllegalStateException("mntr has no zk_packets_received");
    }

    @Override
    public void watchDeaths(DeathLog deaths) throws Exception {
        admin.addWatch(ROOT, event -> {
            if (event.getType() == Watcher.Event.EventType.NodeDeleted) {
                deaths.gone(PeerServers.indexOfPath(event.getPath()), System.nanoTime());
            }
        }, AddWatchMode.PERSISTENT_RECURSIVE);
    }

    @Override
    public void stopWatchingDeaths() throws InterruptedException {
        try {
            admin.removeAllWatches(ROOT, Watcher.WatcherType.Any, false);
        } catch (KeeperException e) {
            // An idle watch costs the server next to nothing: leaving it is no harm to the figures.
        }
    }

    /**
     * The last keep-alive is a request (exists), which the server counts as contact; once it is answered the client
     * would not ping again for ~3 s, and its socket is closed now, without closing the session.
     */
    @Override
    public void stop(int[] servers, DeathLog deaths) throws Exception {
        sessions.stop(servers, deaths);
    }

    @Override
    public void lookup(int user) throws Exception {
        String prefix = PeerServers.clusterPrefix(ROOT, PeerServers.clusterOfUser(user));
        List<String> children = admin.getChildren(prefix.substring(0, prefix.length() - 1), false);
        if (children.isEmpty()) {
            throw new IllegalStateException("no server for user " + user);
        }
        admin.getData(prefix + Collections.min(children), false, null);
    }

    /** Drops every simulated session's connection, closes the admin session, then stops the server. */
    @Override
    public void close() {
        try {
            sessions.close();
            admin.close(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.close();
        }
    }
}
