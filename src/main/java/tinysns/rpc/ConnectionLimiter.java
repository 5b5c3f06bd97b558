package tinysns.rpc;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.protocol.FrameCodec;
import tinysns.protocol.RateLimitedLog;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.ErrorReply;

/**
 * Caps the connections one server serves at once. A connection over the cap gets an OVERLOADED error (message
 * ID 0, the connection level) and is closed at once, with one rate-limited log line.
 */
final class ConnectionLimiter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimiter.class);
    private static final RateLimitedLog REFUSALS = new RateLimitedLog(LOG, 1);

    private final int maxConnections;
    private final RpcServerStats stats;
    private final AtomicInteger open = new AtomicInteger();
    private final byte[] refusal;

    ConnectionLimiter(int maxConnections, RpcServerStats stats) {
        this.maxConnections = maxConnections;
        this.stats = stats;
        this.refusal = FrameCodec.frameBytes(Envelope.newBuilder().setMessageId(0)
                .setError(ErrorReply.newBuilder().setCode(ErrorCode.OVERLOADED)
                        .setMessage("server has too many connections (limit " + maxConnections + "), try again later"))
                .build());
    }

    /** Counts the connection in until it closes, or refuses and closes it; true when admitted. */
    boolean admit(Channel channel) {
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            refuse(channel);
            return false;
        }
        channel.closeFuture().addListener(f -> open.decrementAndGet());
        return true;
    }

    private void refuse(Channel channel) {
        stats.countRefusedConnection();
        REFUSALS.warn("refusing connection from {}: {} connections are open, the limit", channel.remoteAddress(),
                maxConnections);
        channel.config().setAutoRead(false);
        // Already a whole frame, so it needs no codec in this bare pipeline.
        channel.writeAndFlush(Unpooled.wrappedBuffer(refusal)).addListener(ChannelFutureListener.CLOSE);
    }
}
