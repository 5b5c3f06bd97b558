package tinysns.bench.peers;

import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tinysns.bench.harness.ChildJvm;
import tinysns.bench.harness.ServerNumbering;
import tinysns.bench.roles.RoleMain;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Heartbeat;
import tinysns.protocol.proto.ID;
import tinysns.protocol.proto.ListRegistry;
import tinysns.protocol.proto.RegistryEntry;
import tinysns.protocol.proto.ServerInfo;
import tinysns.protocol.proto.ServerType;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcClientOptions;
import tinysns.rpc.RpcConnection;

/**
 * The real coordinator ({@code RoleMain tinysns}: default settings, 10-s lease, 10 ms tick) in a JVM of its own,
 * with the flags {@code scripts/coordinator.sh} gives it ({@link RegistryJvmFlags}).
 * Simulated servers heartbeat every 5 s, multiplexed over a few connections, as the product's client sends them.
 * Deaths are seen the way an operator or {@code status.sh} sees them: polling the registry listing (ListRegistry)
 * every 10 ms after the previous answer; a server is gone when its entry says DEAD.
 */
public final class TinysnsPeer implements PeerRegistry {

    private static final long HEARTBEAT_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final int CONNECTIONS = 4;
    private static final int REGISTRATIONS_IN_FLIGHT = 256;
    private static final long LISTING_POLL_MILLIS = 10;

    private final String name;
    private final ChildJvm coordinator;
    private final HashedWheelTimer timer;
    private final RpcClient client;
    private final RpcConnection[] connections = new RpcConnection[CONNECTIONS];
    private final RpcConnection lookups;
    private final KeepAliveSchedule schedule;
    private final AtomicLong requests = new AtomicLong();
    private volatile boolean polling;
    private Thread poller;

    private TinysnsPeer(String name, ChildJvm coordinator) {
        this.name = name;
        this.coordinator = coordinator;
        int port = Integer.parseInt(coordinator.awaitLine("PORT"));
        timer = new HashedWheelTimer(new DefaultThreadFactory("peers-request-timeouts", true));
        client = new RpcClient(timer, RpcClientOptions.DEFAULT.withRequestTimeout(Duration.ofSeconds(10)));
        for (int c = 0; c < CONNECTIONS; c++) {
            connections[c] = client.connect("127.0.0.1", port).orTimeout(10, TimeUnit.SECONDS).join();
        }
        lookups = client.connect("127.0.0.1", port).orTimeout(10, TimeUnit.SECONDS).join();
        schedule = new KeepAliveSchedule(HEARTBEAT_PERIOD_NANOS, this::heartbeat);
    }

    static TinysnsPeer start() {
        return start("tinysns", "tinysns");
    }

    /**
     * The floor: a raw Netty echo of the same frames (no parsing, no table), fed the same heartbeats. Its keep-alive
     * windows show what any process pays per message on this machine. Lookups and deaths mean nothing to it.
     */
    public static TinysnsPeer startEchoFloor() {
        return start("echo-floor", "echo");
    }

    private static TinysnsPeer start(String name, String role) {
        ChildJvm process = ChildJvm.start("peers-" + name, RegistryJvmFlags.get(), RoleMain.class.getName(), List.of(role));
        try {
            return new TinysnsPeer(name, process);
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long pid() {
        return coordinator.pid();
    }

    @Override
    public String keepAliveCadence() {
        return "a heartbeat every 5 s per server over " + CONNECTIONS + " connections";
    }

    private CompletableFuture<?> heartbeat(int i) {
        requests.incrementAndGet();
        Heartbeat heartbeat = Heartbeat.newBuilder()
                .setClusterId(ServerNumbering.clusterId(i))
                .setServerInfo(ServerInfo.newBuilder()
                        .setServerId(ServerNumbering.serverId(i))
                        .setHostname(ServerNumbering.host(i))
                        .setPort(ServerNumbering.port(i))
                        .setType(ServerType.SERVER))
                .build();
        return connections[i % CONNECTIONS].call(Envelope.newBuilder().setHeartbeat(heartbeat));
    }

    @Override
    public void register(int from, int to) throws InterruptedException {
        schedule.registerAll(from, to, REGISTRATIONS_IN_FLIGHT, this::heartbeat);
    }

    @Override
    public long keepAliveFailures() {
        return schedule.failures();
    }

    @Override
    public long requestsHandled() {
        return requests.get();
    }

    @Override
    public void watchDeaths(DeathLog deaths) {
        polling = true;
        poller = new Thread(() -> poll(deaths), "listing-poller");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll(DeathLog deaths) {
        Envelope.Builder list = Envelope.newBuilder().setListRegistry(ListRegistry.getDefaultInstance());
        while (polling) {
            try {
                Envelope reply = lookups.call(list).join();
                long now = System.nanoTime();
                for (RegistryEntry entry : reply.getRegistryListing().getEntriesList()) {
                    if (!entry.getAlive()) {
                        deaths.gone(ServerNumbering.indexOf(entry.getClusterId(), entry.getServerInfo().getServerId()), now);
                    }
                }
                TimeUnit.MILLISECONDS.sleep(LISTING_POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (polling) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void stopWatchingDeaths() throws InterruptedException {
        polling = false;
        if (poller != null) {
            poller.interrupt();
            poller.join(10_000);
        }
    }

    @Override
    public void stop(int[] servers, DeathLog deaths) {
        schedule.stop(servers, deaths).join();
    }

    @Override
    public void lookup(int user) {
        Envelope reply = lookups.call(Envelope.newBuilder().setGetServer(ID.newBuilder().setId(user))).join();
        if (!reply.hasServerInfo()) {
            throw new IllegalStateException("get-server for user " + user + " answered " + reply.getBodyCase());
        }
    }

    @Override
    public void close() {
        polling = false;
        if (poller != null) {
            poller.interrupt();
        }
        schedule.close();
        for (RpcConnection connection : connections) {
            if (connection != null) {
                connection.close();
            }
        }
        lookups.close();
        client.close();
        timer.stop();
        coordinator.close();
    }
}
