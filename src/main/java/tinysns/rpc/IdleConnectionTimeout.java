package tinysns.rpc;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.protocol.RateLimitedLog;
import tinysns.protocol.RearmingTimeout;

/**
 * Closes a connection that has sent nothing at all for the idle timeout: a peer that vanished without closing
 * (power cut, cable pulled) would otherwise hold its connection, and on a tsd its user's login, until TCP gives up
 * hours later. The tinysns client pings every second, so only a gone or frozen peer is ever this quiet.
 *
 * <p>Sits first in the pipeline, so any byte read counts. A read only stores the time; one timeout per connection
 * is pending, and when it fires early it is set again for the rest. While this side has stopped reading (too many
 * requests in flight) the peer cannot be blamed, so the wait starts over.
 */
final class IdleConnectionTimeout extends RearmingTimeout {

    private static final Logger LOG = LoggerFactory.getLogger(IdleConnectionTimeout.class);
    private static final RateLimitedLog CLOSES = new RateLimitedLog(LOG, 5);

    // Touched only on the connection's event loop.
    private long lastReadNanos;

    IdleConnectionTimeout(Timer timer, LongSupplier nanoClock, long timeout, TimeUnit unit) {
        super(timer, nanoClock, timeout, unit, "idle timeout");
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        super.handlerAdded(ctx);
        if (ctx.channel().isActive()) {
            start();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (!isPending()) {
            start();
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastReadNanos = nanoClock.getAsLong();
        ctx.fireChannelRead(msg);
    }

    private void start() {
        lastReadNanos = nanoClock.getAsLong();
        schedule(timeoutNanos);
    }

    @Override
    protected long waitStartedNanos() {
        return lastReadNanos;
    }

    @Override
    protected void restartWait(long nowNanos) {
        lastReadNanos = nowNanos;
    }

    @Override
    protected void timedOut(long quietNanos) {
        CLOSES.warn("closing connection from {}: nothing received for {} ms, the peer is gone",
                ctx.channel().remoteAddress(), TimeUnit.NANOSECONDS.toMillis(quietNanos));
        ctx.close();
    }
}
