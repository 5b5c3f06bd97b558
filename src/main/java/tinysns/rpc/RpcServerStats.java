package tinysns.rpc;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.concurrent.atomic.LongAdder;

/** What the server's limits have done so far, for logs, status and tests. Counters only ever grow. */
public final class RpcServerStats {

    private static final AttributeKey<RpcServerStats> KEY = AttributeKey.valueOf(RpcServerStats.class, "stats");
    /** For connections not made by an {@link RpcServer} (tests, embedded channels): counts into nothing shared. */
    private static final RpcServerStats DETACHED = new RpcServerStats();

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

    static RpcServerStats of(Channel channel) {
        RpcServerStats stats = channel.attr(KEY).get();
        return stats != null ? stats : DETACHED;
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
