package tinysns.bench.peers;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.jute.InputArchive;
import org.apache.jute.Record;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.proto.ConnectRequest;
import org.apache.zookeeper.proto.ConnectResponse;
import org.apache.zookeeper.proto.CreateRequest;
import org.apache.zookeeper.proto.ExistsRequest;
import org.apache.zookeeper.proto.ReplyHeader;
import org.apache.zookeeper.proto.RequestHeader;

/**
 * One simulated server's ZooKeeper session, on one connection, spoken the way the real client speaks it: connect
 * (asking for the timeout, and checking the server granted exactly that), create the server's ephemeral znode, then
 * ping after a third of the timeout with nothing sent. Stopping it is a crash: one last request, then the socket
 * closes without a CloseSession, so the server has to expire the session. Everything runs on the channel's event
 * loop, timed by that loop's ticker.
 */
final class ZooKeeperSession extends ChannelInboundHandlerAdapter {

    /** Told of every keep-alive failure: a refused reply, an unanswered ping, a connection lost while kept alive. */
    interface FailureSink {
        void failed(int server, String why);
    }

    private enum State { HANDSHAKING, CREATING, KEPT_ALIVE, STOPPING, ENDED }

    private static final int PING_XID = -2;
    private static final int WATCH_EVENT_XID = -1;
    private static final byte[] NO_PASSWORD = new byte[16];

    private final int server;
    private final String path;
    private final byte[] data;
    private final int timeoutMillis;
    private final long pingAfterIdleNanos;
    private final FailureSink failures;
    private final CompletableFuture<Void> registered = new CompletableFuture<>();

    private ChannelHandlerContext ctx;
    private State state = State.HANDSHAKING;
    private int nextXid = 1;
    private int pendingXid;
    private boolean pingUnanswered;
    private ScheduledFuture<?> pingTimer;
    private DeathLog deaths;
    private CompletableFuture<Void> lastKeepAlive;
    private Throwable cause;

    ZooKeeperSession(int server, String path, byte[] data, int timeoutMillis, FailureSink failures) {
        this.server = server;
        this.path = path;
        this.data = data;
        this.timeoutMillis = timeoutMillis;
        // The real client pings once it has sent nothing for half its read timeout (2/3 of the session timeout).
        this.pingAfterIdleNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis) / 3;
        this.failures = failures;
    }

    /** Completes once the session is open and its znode created; fails, saying why, otherwise. */
    CompletableFuture<Void> registered() {
        return registered;
    }

    /** The connection could not even be made. */
    void connectFailed(Throwable why) {
        registered.completeExceptionally(why);
    }

    /**
     * Sends one last {@code exists("/")} (the server counts it as contact) and then nothing more: once it is
     * answered the socket closes, as a crash would, with no CloseSession. {@code deaths} hears of the send and of
     * the answer. Completes once answered (or once the session turns out to be gone already).
     */
    CompletableFuture<Void> stop(DeathLog deathLog) {
        CompletableFuture<Void> answered = new CompletableFuture<>();
        ctx.executor().execute(() -> {
            deathLog.stopping(server, System.nanoTime());
            if (state != State.KEPT_ALIVE) {
                answered.complete(null); // lost earlier, and counted as a failure then
                return;
            }
            cancelPings();
            state = State.STOPPING;
            deaths = deathLog;
            lastKeepAlive = answered;
            pendingXid = nextXid++;
            send(new RequestHeader(pendingXid, ZooDefs.OpCode.exists), new ExistsRequest("/", false));
        });
        return answered;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        send(new ConnectRequest(0, 0, timeoutMillis, 0, NO_PASSWORD, false));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            InputArchive in = JuteFrames.reader(frame);
            if (state == State.HANDSHAKING) {
                connected(JuteFrames.read(in, new ConnectResponse()));
            } else {
                replied(JuteFrames.read(in, new ReplyHeader()));
            }
        } finally {
            frame.release();
        }
    }

    private void connected(ConnectResponse response) {
        if (response.getTimeOut() != timeoutMillis) {
            // Timeout 0 is the server refusing the session outright.
            registered.completeExceptionally(new IllegalStateException("ZooKeeper negotiated a " + response.getTimeOut()
                    + " ms session timeout for server " + server + ", not the " + timeoutMillis + " ms asked for"));
            end();
            return;
        }
        state = State.CREATING;
        pendingXid = nextXid++;
        send(new RequestHeader(pendingXid, ZooDefs.OpCode.create),
                new CreateRequest(path, data, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL.toFlag()));
    }

    private void replied(ReplyHeader header) {
        if (header.getXid() == PING_XID) {
            pingUnanswered = false;
            if (header.getErr() != 0) {
                failures.failed(server, "ping refused: " + KeeperException.Code.get(header.getErr()));
            }
            return;
        }
        if (header.getXid() == WATCH_EVENT_XID || header.getXid() != pendingXid) {
            return; // no watches are set here, and no other request is ever outstanding
        }
        if (state == State.CREATING) {
            created(header.getErr());
        } else if (state == State.STOPPING) {
            lastKeepAliveAnswered(header.getErr());
        }
    }

    private void created(int err) {
        if (err != 0) {
            registered.completeExceptionally(KeeperException.create(KeeperException.Code.get(err), path));
            end();
            return;
        }
        state = State.KEPT_ALIVE;
        registered.complete(null);
        // The first ping comes at a random point within one period (servers start at unrelated times), so the load
        // on the server is steady rather than in waves of registration batches.
        pingTimer = ctx.executor().schedule(this::ping, ThreadLocalRandom.current().nextLong(pingAfterIdleNanos),
                TimeUnit.NANOSECONDS);
    }

    private void lastKeepAliveAnswered(int err) {
        if (err == 0) {
            deaths.lastKeepAlive(server, System.nanoTime());
        } else {
            failures.failed(server, "last keep-alive refused: " + KeeperException.Code.get(err));
        }
        end();
        lastKeepAlive.complete(null);
    }

    private void ping() {
        if (state != State.KEPT_ALIVE) {
            return;
        }
        if (pingUnanswered) {
            failures.failed(server, "ping unanswered for " + TimeUnit.NANOSECONDS.toMillis(pingAfterIdleNanos) + " ms");
        }
        pingUnanswered = true;
        send(new RequestHeader(PING_XID, ZooDefs.OpCode.ping));
        // A kept-alive session sends nothing but its pings, so the next one is due a full idle period from now.
        pingTimer = ctx.executor().schedule(this::ping, pingAfterIdleNanos, TimeUnit.NANOSECONDS);
    }

    private void send(Record... records) {
        ctx.writeAndFlush(JuteFrames.encode(ctx.alloc(), records), ctx.voidPromise());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        this.cause = cause;
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelPings();
        String why = "connection closed" + (cause == null ? "" : " (" + cause + ")");
        switch (state) {
            case HANDSHAKING, CREATING -> registered.completeExceptionally(
                    new IllegalStateException("server " + server + "'s ZooKeeper session: " + why + " while registering"));
            case KEPT_ALIVE -> failures.failed(server, why + " while kept alive");
            case STOPPING -> {
                failures.failed(server, why + " before the last keep-alive was answered");
                lastKeepAlive.complete(null);
            }
            case ENDED -> {
                // Closed on purpose.
            }
        }
        state = State.ENDED;
        ctx.fireChannelInactive();
    }

    private void end() {
        state = State.ENDED;
        cancelPings();
        ctx.close();
    }

    private void cancelPings() {
        if (pingTimer != null) {
            pingTimer.cancel(false);
            pingTimer = null;
        }
    }
}
