package tinysns.server;

import io.netty.util.Timeout;
import io.netty.util.Timer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.Heartbeat;
import tinysns.rpc.RemoteErrorException;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcConnection;

/**
 * Keeps this server registered at the coordinator: a heartbeat on connecting, then one every interval, on the
 * injected timer. When the coordinator cannot be reached (down, restarting, not answering) it reconnects with
 * capped exponential backoff and re-registers with its first heartbeat; the outage is logged once and the
 * recovery once. A heartbeat the coordinator refuses (slot held by another live address, invalid field, missing
 * secret, not a coordinator) cannot succeed by retrying: it is logged and reported to {@code onRejected}.
 */
public final class HeartbeatSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatSender.class);
    private static final Set<ErrorCode> REJECTIONS =
            EnumSet.of(ErrorCode.SLOT_TAKEN, ErrorCode.INVALID_ARGUMENT, ErrorCode.UNAUTHENTICATED, ErrorCode.UNSUPPORTED);

    private final RpcClient client;
    private final Timer timer;
    private final String host;
    private final int port;
    private final Heartbeat heartbeat;
    private final long intervalMillis;
    private final Backoff backoff;
    private final Runnable onRejected;
    private volatile ReplicaState replica;

    // Guarded by this. Each connection attempt gets a fresh token; callbacks of older attempts find it changed.
    private Object attempt;
    private RpcConnection connection;
    private Timeout scheduled;
    private boolean stopped;
    private boolean rejected;
    private boolean registered;
    private boolean inOutage;
    private int connectAttempts;
    private int accepted;
    private int outages;
    private int recoveries;

    public HeartbeatSender(RpcClient client, Timer timer, String host, int port, Heartbeat heartbeat,
                           Duration interval, Backoff backoff, Runnable onRejected) {
        this.client = client;
        this.timer = timer;
        this.host = host;
        this.port = port;
        this.heartbeat = heartbeat;
        this.intervalMillis = interval.toMillis();
        this.backoff = backoff;
        this.onRejected = onRejected;
    }

    /** The production backoff: starts at a quarter second (or the interval, if shorter), capped at the interval. */
    public static Backoff backoffFor(Duration interval) {
        Duration initial = interval.compareTo(Duration.ofMillis(250)) < 0 ? interval : Duration.ofMillis(250);
        return new Backoff(initial, interval);
    }

    /** Tells {@code state} each heartbeat reply (the server's role, docs/CONTRACT.md section 8) and each outage. */
    public void reportTo(ReplicaState state) {
        this.replica = state;
    }

    public synchronized void start() {
        connect();
    }

    public synchronized boolean rejected() {
        return rejected;
    }

    /** Heartbeats the coordinator accepted. */
    public synchronized int accepted() {
        return accepted;
    }

    public synchronized int connectAttempts() {
        return connectAttempts;
    }

    /** Outages logged: one per stretch of time the coordinator could not be reached. */
    public synchronized int outages() {
        return outages;
    }

    /** Recoveries logged: one per outage that ended in an accepted heartbeat. */
    public synchronized int recoveries() {
        return recoveries;
    }

    /**
     * Tells the coordinator this server is stopping cleanly (a heartbeat marked leaving), so its log says so, and
     * stops heartbeating. Waits at most {@code wait} for the coordinator to hear it; does nothing when it cannot be
     * reached. Call from a thread that may block (the main thread), never an I/O or timer thread.
     */
    public void sayGoodbye(Duration wait) {
        CompletableFuture<Envelope> goodbye;
        synchronized (this) {
            if (stopped || connection == null) {
                return;
            }
            stopped = true;
            goodbye = connection.call(Envelope.newBuilder().setHeartbeat(heartbeat.toBuilder().setLeaving(true)));
        }
        try {
            goodbye.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("told coordinator {} that {} is stopping", coordinator(), who());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            LOG.info("could not tell coordinator {} that this server is stopping ({})", coordinator(), describe(cause));
        }
    }

    @Override
    public synchronized void close() {
        stopped = true;
        dropConnection();
    }

    private String coordinator() {
        return host + ":" + port;
    }

    private void connect() {
        Object current = new Object();
        attempt = current;
        connectAttempts++;
        client.connect(host, port).whenComplete((conn, failure) -> onConnected(current, conn, failure));
    }

    private synchronized void onConnected(Object current, RpcConnection conn, Throwable failure) {
        if (current != attempt || stopped) {
            if (conn != null) {
                conn.close();
            }
            return;
        }
        if (failure != null) {
            fail(failure);
            return;
        }
        connection = conn;
        conn.closeFuture().thenRun(() -> onClosed(current));
        beat(current);
    }

    private synchronized void beat(Object current) {
        if (current != attempt || stopped) {
            return;
        }
        // Scheduled first: a call that fails at once replaces this tick with a reconnect.
        scheduled = timer.newTimeout(t -> beat(current), intervalMillis, TimeUnit.MILLISECONDS);
        long sentNanos = System.nanoTime();
        connection.call(Envelope.newBuilder().setHeartbeat(heartbeat))
                .whenComplete((reply, failure) -> onReply(current, reply, failure, sentNanos));
    }

    private void onReply(Object current, Envelope reply, Throwable failure, long sentNanos) {
        ReplicaState state = replica;
        if (state != null && failure == null && reply.hasHeartbeatReply()) {
            state.replied(reply.getHeartbeatReply(), sentNanos);
        }
        onReply(current, failure);
    }

    private synchronized void onReply(Object current, Throwable failure) {
        if (current != attempt || stopped) {
            return;
        }
        if (failure == null) {
            accepted++;
            backoff.reset();
            if (inOutage) {
                inOutage = false;
                recoveries++;
                LOG.info("coordinator {} is reachable again: registered with coordinator as {}", coordinator(), who());
            } else if (!registered) {
                LOG.info("registered with coordinator {} as {}", coordinator(), who());
            }
            registered = true;
            return;
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof RemoteErrorException remote && REJECTIONS.contains(remote.code())) {
            stopped = true;
            rejected = true;
            dropConnection();
            LOG.error("coordinator {} rejected the heartbeat of {}: {}: {}; stopping", coordinator(), who(),
                    remote.code(), remote.remoteMessage());
            onRejected.run();
            return;
        }
        fail(cause);
    }

    private synchronized void onClosed(Object current) {
        if (current == attempt && !stopped) {
            fail(new IllegalStateException("the connection closed"));
        }
    }

    /** The coordinator is out of reach: log it if this starts an outage, and try again after the backoff. */
    private void fail(Throwable cause) {
        dropConnection();
        ReplicaState state = replica;
        if (state != null) {
            state.unreachable();
        }
        if (!inOutage) {
            inOutage = true;
            outages++;
            LOG.warn("cannot reach coordinator {} ({}); still serving clients, retrying with backoff up to every {} ms",
                    coordinator(), describe(cause), intervalMillis);
        }
        scheduled = timer.newTimeout(t -> reconnect(), backoff.nextDelayMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void reconnect() {
        if (!stopped && connection == null) {
            connect();
        }
    }

    private void dropConnection() {
        attempt = null;
        if (scheduled != null) {
            scheduled.cancel();
            scheduled = null;
        }
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    private String who() {
        return "cluster " + heartbeat.getClusterId() + " server " + heartbeat.getServerInfo().getServerId()
                + " at " + heartbeat.getServerInfo().getHostname() + ":" + heartbeat.getServerInfo().getPort();
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}
