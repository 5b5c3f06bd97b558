package tinysns.server;

import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.coordination.HeartbeatListener;
import tinysns.coordination.HeartbeatSender;
import tinysns.protocol.WireLimits;
import tinysns.protocol.proto.Heartbeat;
import tinysns.protocol.proto.HeartbeatReply;
import tinysns.protocol.proto.ServerInfo;
import tinysns.protocol.proto.ServerType;
import tinysns.rpc.RemoteErrorException;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcClientOptions;

/** A whole tsd: the SNS service on its port plus the heartbeats that register it at the coordinator. */
public final class TsdServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TsdServer.class);
    private static final Duration GOODBYE_WAIT = Duration.ofSeconds(1);

    private final HashedWheelTimer timer;
    private final SnsServer sns;
    private final RpcClient coordinatorClient;
    private final HeartbeatSender heartbeats;

    private TsdServer(HashedWheelTimer timer, SnsServer sns, RpcClient coordinatorClient, HeartbeatSender heartbeats) {
        this.timer = timer;
        this.sns = sns;
        this.coordinatorClient = coordinatorClient;
        this.heartbeats = heartbeats;
    }

    /**
     * Loads the data, listens, and starts heartbeating.
     *
     * @param onRejected called (once, on a timer or I/O thread) if the coordinator refuses this server's heartbeat
     * @throws tinysns.rpc.PortInUseException when the port is taken
     * @throws IOException                    when the data directory cannot be used
     */
    public static TsdServer start(ServerConfig config, Runnable onRejected) throws IOException {
        return start(config, new HeartbeatListener() {
            @Override
            public void onRejected(RemoteErrorException refusal) {
                onRejected.run();
            }
        });
    }

    /**
     * As {@link #start(ServerConfig, Runnable)}, with a listener that also hears every heartbeat reply (role, epoch,
     * master, slaves) on an I/O thread.
     */
    public static TsdServer start(ServerConfig config, HeartbeatListener listener) throws IOException {
        // One timer for the role: heartbeats, request timeouts, half-sent frames and quiet connections.
        HashedWheelTimer timer = new HashedWheelTimer(new DefaultThreadFactory("tinysns-timer", true),
                10, TimeUnit.MILLISECONDS);
        SnsServer sns;
        ReplicaState replica = ReplicaState.starting(System::nanoTime,
                "cluster " + config.clusterId() + " server " + config.serverId());
        try {
            sns = SnsServer.start(new SnsServerOptions(config.bindHost(), config.port(), config.dataDir(),
                    Math.max(1, Runtime.getRuntime().availableProcessors()), WireLimits.DEFAULT,
                    SnsServerOptions.DEFAULT_PUSH_BUFFER_BYTES, Clock.systemUTC(), config.limits(), config.secret()), timer,
                    new Replication(config.clusterId(), config.serverId(), replica, Replication.DEFAULT_MIRROR_TIMEOUT));
        } catch (IOException | RuntimeException e) {
            timer.stop();
            throw e;
        }
        ServiceLimits limits = config.limits();
        LOG.info("listening on {} (clients are sent to {}:{}), data in {}; at most {} connections, posts up to {}"
                        + " characters, quiet connections closed after {}", sns.listenAddress(),
                config.advertisedHostname(), sns.port(), config.dataDir().toAbsolutePath(), limits.maxConnections(),
                limits.maxPostLength(), limits.idleTimeout().isZero() ? "never" : ServerConfig.seconds(limits.idleTimeout()) + " s");
        Duration interval = config.heartbeatInterval();
        // Heartbeats are the keep-alive of this connection; a heartbeat unanswered for an interval counts as an outage.
        RpcClientOptions options = RpcClientOptions.DEFAULT.withoutKeepAlive()
                .withRequestTimeout(interval.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : interval);
        RpcClient client = new RpcClient(timer, options);
        Heartbeat heartbeat = Heartbeat.newBuilder()
                .setClusterId(config.clusterId())
                .setServerInfo(ServerInfo.newBuilder()
                        .setServerId(config.serverId())
                        .setHostname(config.advertisedHostname())
                        .setPort(sns.port())
                        .setType(ServerType.SERVER))
                .setSecret(config.secret().toByteString())
                .build();
        HeartbeatSender heartbeats = HeartbeatSender.to(client, config.coordinators(), timer, heartbeat, interval,
                replicaListener(replica, listener));
        replica.askSoonerWith(heartbeats::beatNow);
        heartbeats.start();
        return new TsdServer(timer, sns, client, heartbeats);
    }

    /** The server's role follows every heartbeat reply (docs/CONTRACT.md section 8); {@code owner} hears them too. */
    private static HeartbeatListener replicaListener(ReplicaState replica, HeartbeatListener owner) {
        return new HeartbeatListener() {
            @Override
            public void onReply(HeartbeatReply reply, long sentNanos) {
                replica.replied(reply, sentNanos);
                owner.onReply(reply, sentNanos);
            }

            @Override
            public void onUnreachable(Throwable failure) {
                // Only a coordinator that is not there at all: a slow answer under load is no reason to serve alone.
                if (refusedConnection(failure)) {
                    replica.unreachable();
                }
                owner.onUnreachable(failure);
            }

            @Override
            public void onRejected(RemoteErrorException refusal) {
                owner.onRejected(refusal);
            }
        };
    }

    private static boolean refusedConnection(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    public SnsServer sns() {
        return sns;
    }

    /** True when the coordinator refused this server: the process should end with a failure. */
    public boolean rejected() {
        return heartbeats.rejected();
    }

    /**
     * Stops the service after answering what is in flight (mirrored to the slaves) and closing its files, then says
     * goodbye to the coordinator (waiting at most a second for it to hear) and stops heartbeating.
     */
    @Override
    public void close() {
        // The service stops first, so that when the goodbye hands a master's clients to its slave (docs/CONTRACT.md
        // section 8) this server already accepts no request: two servers of a cluster never both do.
        sns.drain();
        if (!heartbeats.rejected()) {
            heartbeats.sayGoodbye(GOODBYE_WAIT);
        }
        heartbeats.close();
        sns.close(); // closing the links to the slaves makes them ask the coordinator at once: the handover is quick
        coordinatorClient.close();
        timer.stop();
    }
}
