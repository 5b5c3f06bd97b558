package tinysns.sync;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.coordination.CoordinatorClient;
import tinysns.coordination.Coordinators;
import tinysns.protocol.proto.RegistryListing;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcClientOptions;
import tinysns.rpc.RpcConnection;

/**
 * A whole synchronizer (docs/SYNCHRONIZERS.md): registered at the coordinator by {@link SynchronizerPresence},
 * it asks the registry every interval whether the server beside it is its cluster's master; while it is, one
 * {@link SyncSession} runs, and a session that ends (broker, server or coordinator trouble) is started again after a
 * short wait. When the server stops being master the session stops, and the synchronizer beside the new master
 * takes over, resuming from the number the old one last had confirmed. Everything runs on one thread.
 */
public final class Synchronizer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Synchronizer.class);
    private static final long RETRY_MILLIS = 1000;
    private static final java.time.Duration APPLY_TIMEOUT = java.time.Duration.ofSeconds(30);
    /** How often the registry is read: a new master's synchronizer starts within this of the coordinator knowing. */
    private static final long WATCH_MILLIS = 500;
    /**
     * How long one look at the registry keeps looking for the leading coordinator: short, because sessions share
     * this thread; a look that finds none carries on as before and the next look, 500 ms on, tries again.
     */
    private static final Duration LEADER_PATIENCE = Duration.ofSeconds(2);

    private final SynchronizerConfig config;
    private final ConnectionFactory factory;
    private final SyncTopology topology;
    private final HashedWheelTimer timer;
    private final RpcClient rpc;
    private final ScheduledExecutorService executor;
    private final SynchronizerPresence presence;
    private SyncSession session;
    private String sessionServer;
    private long retryAtNanos;
    private String lastProblem;
    private boolean closed;

    private Synchronizer(SynchronizerConfig config, ConnectionFactory factory, HashedWheelTimer timer, RpcClient rpc,
                         SynchronizerPresence presence) {
        this.config = config;
        this.factory = factory;
        this.topology = new SyncTopology(config.clusters());
        this.timer = timer;
        this.rpc = rpc;
        this.presence = presence;
        this.executor = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("tinysns-sync", true));
    }

    /**
     * Checks the broker (declaring the shared queues), listens on the port, starts heartbeating and watching.
     *
     * @param onRejected run once if the coordinator refuses this synchronizer's heartbeat
     * @throws IOException naming the broker when it cannot be reached, or the port when it is taken
     */
    public static Synchronizer start(SynchronizerConfig config, Runnable onRejected) throws IOException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(config.broker().getHost());
        factory.setPort(config.broker().getPort());
        factory.setAutomaticRecoveryEnabled(false); // a failed session is rebuilt whole, from the resume point
        factory.setConnectionTimeout(3000);
        try (Connection probe = factory.newConnection("tinysns-synchronizer-" + config.id() + "-check")) {
            new SyncTopology(config.clusters()).declare(probe.createChannel());
        } catch (IOException | java.util.concurrent.TimeoutException e) {
            throw new IOException("cannot reach RabbitMQ at " + config.broker() + ": " + describe(e));
        }
        HashedWheelTimer timer = new HashedWheelTimer(new DefaultThreadFactory("tinysns-timer", true), 10,
                TimeUnit.MILLISECONDS);
        // Keep-alive pings: the server's stream to us is all pushes, and a server closes connections that send nothing.
        // Applying waits for the server's fsync, which under load can take longer than the 3 s default.
        RpcClient rpc = new RpcClient(timer, RpcClientOptions.DEFAULT.withRequestTimeout(APPLY_TIMEOUT));
        SynchronizerPresence presence;
        try {
            presence = SynchronizerPresence.start(config, rpc, timer, onRejected);
        } catch (IOException | RuntimeException e) {
            rpc.close();
            timer.stop();
            throw e;
        }
        Synchronizer synchronizer = new Synchronizer(config, factory, timer, rpc, presence);
        LOG.info("synchronizer {} of cluster {} beside server {}, broker {}, listening on {}", config.id(),
                config.cluster(), config.serverId(), config.broker(), presence.listenAddress());
        synchronizer.executor.scheduleWithFixedDelay(synchronizer::watch, 0, WATCH_MILLIS, TimeUnit.MILLISECONDS);
        return synchronizer;
    }

    public boolean rejected() {
        return presence.rejected();
    }

    /** One look at the registry, then start or stop the session to match. */
    private void watch() {
        if (closed) {
            return;
        }
        String master;
        try {
            master = masterIfOurs();
        } catch (Exception e) {
            problem("cannot read the registry at coordinator " + config.coordinators().describe()
                    + " (" + describe(e) + "); carrying on as before");
            return;
        }
        if (session != null && !isSessionServer(master)) {
            LOG.info("server {} is no longer cluster {}'s master; stopping synchronizing", sessionServer, config.cluster());
            session.close();
            session = null;
        }
        if (session == null && master != null && System.nanoTime() >= retryAtNanos) {
            open(master);
        }
    }

    private boolean isSessionServer(String master) {
        return master != null && master.equals(sessionServer);
    }

    private void open(String address) {
        int colon = address.lastIndexOf(':');
        try {
            RpcConnection connection = rpc.connect(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)))
                    .get(5, TimeUnit.SECONDS);
            session = SyncSession.open(factory, topology, config.cluster(), new ServerLink(connection, address, config.secret().toByteString()), executor,
                    this::sessionEnded);
            sessionServer = address;
            lastProblem = null;
        } catch (Exception e) {
            problem("cannot synchronize with server " + address + ": " + describe(e) + "; trying again every "
                    + RETRY_MILLIS + " ms");
            retryAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS);
        }
    }

    private void sessionEnded(Throwable cause) {
        // Once while it lasts: a server that refuses every session (a wrong secret) would otherwise log every second.
        problem("synchronizing with server " + sessionServer + " stopped: " + describe(cause) + "; starting over in "
                + RETRY_MILLIS + " ms");
        session = null;
        retryAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS);
    }

    /** Reads the registry from whichever coordinator leads, following NotLeader answers (the same list heartbeats). */
    private String masterIfOurs() throws Exception {
        RegistryListing listing = config.coordinators().ask(rpc,
                coordinator -> coordinator.listRegistry().orTimeout(5, TimeUnit.SECONDS), LEADER_PATIENCE);
        return ClusterWatch.masterAddressIfOurs(listing, config.cluster(), config.serverId());
    }

    /** Logs a problem once, not again while it lasts. */
    private void problem(String line) {
        if (!line.equals(lastProblem)) {
            LOG.warn(line);
            lastProblem = line;
        }
    }

    @Override
    public void close() {
        try {
            executor.submit(() -> {
                closed = true;
                if (session != null) {
                    session.close();
                    session = null;
                }
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("stopping the synchronizer: {}", describe(e));
        }
        executor.shutdownNow();
        presence.close();
        rpc.close();
        timer.stop();
    }

    static String describe(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof java.util.concurrent.ExecutionException
                || cause instanceof java.util.concurrent.CompletionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}
