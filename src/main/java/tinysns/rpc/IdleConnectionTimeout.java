package tinysns.rpc;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.protocol.RateLimitedLog;

/**
 * Closes a connection that has sent nothing at all for the idle timeout: a peer that vanished without closing
 * (power cut, cable pulled) would otherwise hold its connection, and on a tsd its user's login, until TCP gives up
 * hours later. The tinysns client pings every second, so only a gone or frozen peer is ever this quiet.
 *
 * <p>Sits first in the pipeline, so any byte read counts. A read only stores the time; one timeout per connection
 * is pending, and when it fires early it is set again for the rest. While this side has stopped reading (too many
 * requests in flight) the peer cannot be blamed, so the wait starts over.
 */
final class IdleConnectionTimeout extends ChannelInboundHandlerAdapter implements TimerTask {

    private static final Logger LOG = LoggerFactory.getLogger(IdleConnectionTimeout.class);
    private static final RateLimitedLog CLOSES = new RateLimitedLog(LOG, 5);

    private final Timer timer;
    private final LongSupplier nanoClock;
    private final long timeoutNanos;

    // Touched only on the connection's event loop.
    private ChannelHandlerContext ctx;
    private long lastReadNanos;
    private Timeout pending;

    IdleConnectionTimeout(Timer timer, LongSupplier nanoClock, long timeout, TimeUnit unit) {
        if (timeout <= 0) {
            throw new IllegalArgumentException("idle timeout must be positive, got " + timeout + " " + unit);
        }
        this.timer = timer;
        this.nanoClock = nanoClock;
        this.timeoutNanos = unit.toNanos(timeout);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            start();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (pending == null) {
            start();
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastReadNanos = nanoClock.getAsLong();
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    private void start() {
        lastReadNanos = nanoClock.getAsLong();
        schedule(timeoutNanos);
    }

    /** The timer fired (on the timer's thread): look again on the event loop. */
    @Override
    public void run(Timeout timeout) {
        try {
            ctx.executor().execute(this::check);
        } catch (RejectedExecutionException e) {
            // The event loop is shutting down and closes the connection anyway.
        }
    }

    private void check() {
        pending = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (!ctx.channel().config().isAutoRead()) {
            lastReadNanos = now;
        }
        long quiet = now - lastReadNanos;
        if (quiet >= timeoutNanos) {
            CLOSES.warn("closing connection from {}: nothing received for {} ms, the peer is gone",
                    ctx.channel().remoteAddress(), TimeUnit.NANOSECONDS.toMillis(quiet));
            ctx.close();
        } else {
            schedule(timeoutNanos - quiet);
        }
    }

    private void schedule(long delayNanos) {
        try {
            pending = timer.newTimeout(this, delayNanos, TimeUnit.NANOSECONDS);
        } catch (IllegalStateException e) {
            pending = null; // the timer was stopped: the process is shutting down
        }
    }

    private void cancel() {
        if (pending != null) {
            pending.cancel();
            pending = null;
        }
    }
}
