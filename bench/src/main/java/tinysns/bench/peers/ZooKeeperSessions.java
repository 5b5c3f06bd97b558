package tinysns.bench.peers;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.rpc.Transport;

/**
 * The simulated servers' ZooKeeper sessions, thousands of them on one small event loop group: one connection per
 * session and no thread of its own ({@link ZooKeeperSession} speaks the wire protocol). A real
 * {@code org.apache.zookeeper.ZooKeeper} costs a selector and two threads per session, which caps one load process
 * at a few thousand.
 */
final class ZooKeeperSessions implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("tinysns.bench.peers");
    /** Registrations (connect, handshake, create) in flight at once: enough to keep the server busy, few enough not to flood its accept queue. */
    private static final int REGISTRATIONS_IN_FLIGHT = 200;
    private static final long REGISTER_WAIT_SECONDS = 60;
    private static final long STOP_WAIT_SECONDS = 30;
    private static final int LOGGED_FAILURES = 5;

    private final InetSocketAddress address;
    private final int timeoutMillis;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final ZooKeeperSession[] sessions;
    private final Channel[] channels;
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean closing;

    /**
     * @param timeoutMillis the session timeout every session asks for; one the server will not grant fails registration
     * @param capacity      servers are numbered {@code 0 .. capacity - 1}
     */
    ZooKeeperSessions(InetSocketAddress address, int timeoutMillis, int capacity, int ioThreads) {
        this.address = address;
        this.timeoutMillis = timeoutMillis;
        this.sessions = new ZooKeeperSession[capacity];
        this.channels = new Channel[capacity];
        this.group = Transport.newGroup(ioThreads, "zookeeper-sessions");
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(Transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
    }

    /**
     * Opens a session for each of servers {@code [from, to)} and creates its ephemeral znode, a bounded number at a
     * time; returns once every one is registered (and from then on kept alive), or throws saying why one was not.
     */
    void register(int from, int to, IntFunction<String> path, IntFunction<byte[]> data) throws Exception {
        Semaphore inFlight = new Semaphore(REGISTRATIONS_IN_FLIGHT);
        List<CompletableFuture<Void>> registered = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            if (!inFlight.tryAcquire(REGISTER_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("ZooKeeper registrations stalled: none finished in "
                        + REGISTER_WAIT_SECONDS + " s (server " + i + " of " + from + ".." + (to - 1) + " waiting)");
            }
            ZooKeeperSession session = new ZooKeeperSession(i, path.apply(i), data.apply(i), timeoutMillis, this::failed);
            sessions[i] = session;
            session.registered().whenComplete((ok, failure) -> inFlight.release());
            registered.add(session.registered());
            ChannelFuture connected = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel channel) {
                    JuteFrames.install(channel.pipeline());
                    channel.pipeline().addLast("zookeeper-session", session);
                }
            }).connect(address);
            channels[i] = connected.channel();
            connected.addListener(f -> {
                if (!f.isSuccess()) {
                    session.connectFailed(f.cause());
                }
            });
        }
        CompletableFuture.allOf(registered.toArray(CompletableFuture[]::new)).get(REGISTER_WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Stops each of {@code servers} as a crash would ({@link ZooKeeperSession#stop}); returns once their last keep-alives are answered. */
    void stop(int[] servers, DeathLog deaths) throws Exception {
        List<CompletableFuture<Void>> answered = new ArrayList<>(servers.length);
        for (int i : servers) {
            answered.add(sessions[i].stop(deaths));
        }
        CompletableFuture.allOf(answered.toArray(CompletableFuture[]::new)).get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Keep-alive failures so far: refused replies, unanswered pings, connections lost while kept alive. */
    long failures() {
        return failures.get();
    }

    private void failed(int server, String why) {
        if (closing) {
            return;
        }
        if (failures.incrementAndGet() <= LOGGED_FAILURES) {
            LOG.warn("ZooKeeper keep-alive of server {} failed: {}", server, why);
        }
    }

    /** Closes every connection (the server sees crashes, not goodbyes) and ends the event loop threads. */
    @Override
    public void close() {
        closing = true;
        for (Channel channel : channels) {
            if (channel != null) {
                channel.close();
            }
        }
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(15, TimeUnit.SECONDS);
    }
}
