package tinysns.coordination;

import io.netty.util.Timer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.protocol.proto.Heartbeat;
import tinysns.protocol.proto.HeartbeatReply;
import tinysns.rpc.RemoteErrorException;
import tinysns.rpc.RpcClient;

/**
 * Keeps one process (a tsd server, a synchronizer, a follower coordinator: whatever its heartbeat says) registered
 * at the coordinator, on the injected timer. Wires small parts: {@link Reconnector} opens links with backoff,
 * {@link HeartbeatTask} beats on each, {@link LeaseFit} fits the interval to the lease each reply tells,
 * {@link OutageLog} logs outages and recoveries once, {@link Rejection} tells a refusal from an outage. The owner
 * hears every reply and the refusal through its {@link HeartbeatListener}. Its own lock guards three fields only.
 */
public final class HeartbeatSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatSender.class);
    private static final Duration TAKEOVER_RETRY = Duration.ofSeconds(1);

    private final Timer timer;
    private final Heartbeat heartbeat;
    private final HeartbeatListener listener;
    private final Reconnector reconnector;
    private final LeaseFit leaseFit;
    private final OutageLog outageLog;
    private final String coordinator;
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile HeartbeatNews news = HeartbeatNews.NONE;

    private HeartbeatTask current; // guarded by this; null while not connected
    private boolean stopped;       // guarded by this
    private boolean rejected;      // guarded by this

    public HeartbeatSender(HeartbeatLink.Connector connector, Timer timer, Heartbeat heartbeat, Duration interval,
                           Backoff backoff, HeartbeatListener listener) {
        this.timer = timer;
        this.heartbeat = heartbeat;
        this.listener = listener;
        this.coordinator = connector.address();
        this.reconnector = new Reconnector(connector, timer, backoff);
        this.leaseFit = new LeaseFit(interval, coordinator);
        this.outageLog = new OutageLog(coordinator, who(heartbeat));
    }

    /** The production set-up: connections from {@code rpc} to {@code host:port}, with {@link #backoffFor}. */
    public static HeartbeatSender to(RpcClient rpc, String host, int port, Timer timer, Heartbeat heartbeat,
                                     Duration interval, HeartbeatListener listener) {
        return new HeartbeatSender(CoordinatorClient.connector(rpc, host, port), timer, heartbeat, interval,
                backoffFor(interval), listener);
    }

    /** As {@link #to(RpcClient, String, int, Timer, Heartbeat, Duration, HeartbeatListener)}, to whichever leads. */
    public static HeartbeatSender to(RpcClient rpc, Coordinators coordinators, Timer timer, Heartbeat heartbeat,
                                     Duration interval, HeartbeatListener listener) {
        // Through a takeover every coordinator may fail for a session timeout: retrying each second at most keeps the
        // first heartbeat to the new leader well inside the fresh lease it starts.
        Backoff backoff = coordinators.count() > 1 ? backoffFor(min(interval, TAKEOVER_RETRY)) : backoffFor(interval);
        return new HeartbeatSender(coordinators.connector(rpc), timer, heartbeat, interval, backoff, listener);
    }

    /** The production backoff: starts at a quarter second (or the interval, if shorter), capped at the interval. */
    public static Backoff backoffFor(Duration interval) {
        Duration initial = interval.compareTo(Duration.ofMillis(250)) < 0 ? interval : Duration.ofMillis(250);
        return new Backoff(initial, interval);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** What each heartbeat adds to the fixed one when it is sent; set before {@link #start()}. */
    public void withNews(HeartbeatNews news) {
        this.news = news;
    }

    HeartbeatNews news() {
        return news;
    }

    public void start() {
        reconnector.connect(this::connected);
    }

    public synchronized boolean rejected() {
        return rejected;
    }

    /** The interval heartbeats go at now: the configured one, or a third of a lease it does not fit. */
    public Duration interval() {
        return Duration.ofNanos(leaseFit.intervalNanos());
    }

    /** Heartbeats the coordinator accepted. */
    public int accepted() {
        return accepted.get();
    }

    public int connectAttempts() {
        return reconnector.attempts();
    }

    /** Outages logged: one per stretch of time the coordinator could not be reached. */
    public int outages() {
        return outageLog.outages();
    }

    /** Recoveries logged: one per outage that ended in an accepted heartbeat. */
    public int recoveries() {
        return outageLog.recoveries();
    }

    /**
     * Tells the coordinator this process is stopping cleanly (a heartbeat marked leaving), so its log says so, and
     * stops heartbeating. Waits at most {@code wait} for the coordinator to hear it; does nothing when it cannot be
     * reached. Call from a thread that may block (the main thread), never an I/O or timer thread.
     */
    /**
     * Sends the next heartbeat now rather than at its time, to hear the coordinator's answer sooner (a slave whose
     * master's link closed may be master now). Does nothing while the coordinator is unreachable.
     */
    public void beatNow() {
        HeartbeatTask task;
        synchronized (this) {
            task = current;
        }
        if (task != null) {
            task.beatNow();
        }
    }

    public void sayGoodbye(Duration wait) {
        CompletableFuture<Void> goodbye;
        synchronized (this) {
            if (stopped || current == null) {
                return;
            }
            stopped = true;
            reconnector.cancel();
            current.cancel();
            goodbye = current.link().goodbye(heartbeat);
        }
        try {
            goodbye.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("told coordinator {} that {} is stopping", coordinator, who(heartbeat));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.info("could not tell coordinator {} that this server is stopping ({})", coordinator,
                    Rejection.describe(e.getCause() != null ? e.getCause() : e));
        }
    }

    @Override
    public void close() {
        HeartbeatTask last;
        synchronized (this) {
            stopped = true;
            last = current;
            current = null;
        }
        reconnector.cancel();
        if (last != null) {
            last.close();
        }
    }

    long intervalNanos() {
        return leaseFit.intervalNanos();
    }

    private void connected(HeartbeatLink link, Throwable failure) {
        HeartbeatTask task;
        synchronized (this) {
            if (stopped) {
                if (link != null) {
                    link.close();
                }
                return;
            }
            if (failure != null) {
                unreachable(failure);
                return;
            }
            task = new HeartbeatTask(link, timer, heartbeat, this);
            current = task;
        }
        task.start();
    }

    /** From {@link HeartbeatTask}: the coordinator accepted a heartbeat. */
    void answered(HeartbeatTask task, HeartbeatReply reply, long sentNanos) {
        synchronized (this) {
            if (task != current || stopped) {
                return;
            }
        }
        accepted.incrementAndGet();
        reconnector.reset();
        outageLog.reached();
        if (leaseFit.told(reply.getLeaseMillis())) {
            task.rescheduleSooner();
        }
        listener.onReply(reply, sentNanos);
    }

    /** From {@link HeartbeatTask}: a heartbeat failed, or its connection closed. */
    void failed(HeartbeatTask task, Throwable failure) {
        RemoteErrorException refusal = Rejection.of(failure);
        synchronized (this) {
            if (task != current || stopped) {
                return;
            }
            if (refusal == null) {
                unreachable(failure);
                return;
            }
            stopped = true;
            rejected = true;
            current = null;
        }
        reconnector.cancel();
        task.close();
        LOG.error("coordinator {} rejected the heartbeat of {}: {}: {}; stopping", coordinator, who(heartbeat),
                refusal.code(), refusal.remoteMessage());
        listener.onRejected(refusal);
    }

    /** Under the lock: drop the link, log the outage if it starts one, and try again after the backoff. */
    private void unreachable(Throwable failure) {
        HeartbeatTask lost = current;
        current = null; // first: closing the link reports its close, which must find this task stale
        if (lost != null) {
            lost.close();
        }
        outageLog.unreachable(failure, leaseFit.configured().toMillis());
        listener.onUnreachable(failure);
        reconnector.connectLater(this::connected);
    }

    private static String who(Heartbeat heartbeat) {
        return "cluster " + heartbeat.getClusterId() + " server " + heartbeat.getServerInfo().getServerId()
                + " at " + heartbeat.getServerInfo().getHostname() + ":" + heartbeat.getServerInfo().getPort();
    }
}
