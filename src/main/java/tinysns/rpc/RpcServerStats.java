package tinysns.rpc;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.concurrent.atomic.LongAdder;

/** What the server's limits have done so far, for logs, status and tests. Counters only ever grow. */
public final class RpcServerStats {

    private static final AttributeKey<RpcServerStats> KEY = AttributeKey.valueOf(RpcServerStats.class, "stats");

    private final LongAdder refusedConnections = new LongAdder();
    private final LongAdder readingPaused = new LongAdder();
    private final LongAdder readingResumed = new LongAdder();
    private final LongAdder droppedPushes = new LongAdder();

    /** Connections closed at once because {@link RpcServerOptions#maxConnections()} were already open. */
    public long refusedConnections() {
        return refusedConnections.sum();
    }

    /** Times a connection stopped being read because it had the maximum of requests in flight. */
    public long readingPaused() {
        return readingPaused.sum();
    }

    public long readingResumed() {
        return readingResumed.sum();
    }

    /** Pushes not sent because their connection was not writable (its client does not read fast enough). */
    public long droppedPushes() {
        return droppedPushes.sum();
    }

    void attachTo(Channel channel) {
        channel.attr(KEY).set(this);
    }

    /**
     * The stats of the server that accepted {@code channel}. Every connection a {@link RequestContext} answers on
     * was set up by {@link RpcServerInitializer}, which attaches them; one without them is a wiring mistake.
     *
     * @throws IllegalStateException when the channel was not set up by an RPC server's initializer
     */
    static RpcServerStats of(Channel channel) {
        RpcServerStats stats = channel.attr(KEY).get();
        if (stats == null) {
            throw new IllegalStateException("connection " + channel + " was not set up by an RpcServerInitializer:"
                    + " it has no server stats to count into");
        }
        return stats;
    }

    void countRefusedConnection() {
        refusedConnections.increment();
    }

    void countPause() {
        readingPaused.increment();
    }

    void countResume() {
        readingResumed.increment();
    }

    void countDroppedPush() {
        droppedPushes.increment();
    }
}
