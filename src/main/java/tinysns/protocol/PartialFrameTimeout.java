package tinysns.protocol;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Closes a connection whose peer started a frame and did not finish it within the timeout (a stalled or
 * slow-loris sender holding a buffer open). A connection that is quiet between frames is left alone.
 *
 * <p>Sits just before the {@link FrameDecoder} it watches. At most one timeout is pending per connection: when it
 * fires early because the frame it was set for has finished and a newer one began, it is set again for the rest.
 * While this side has stopped reading (auto-read off) the peer cannot be blamed, so the wait starts over.
 */
public final class PartialFrameTimeout extends ChannelInboundHandlerAdapter implements TimerTask {

    private final FrameDecoder frames;
    private final Timer timer;
    private final LongSupplier nanoClock;
    private final long timeoutNanos;

    // Touched only on the connection's event loop.
    private ChannelHandlerContext ctx;
    private boolean frameInProgress;
    private long frameStartedNanos;
    private Timeout pending;

    public PartialFrameTimeout(FrameDecoder frames, Timer timer, LongSupplier nanoClock, long timeout, TimeUnit unit) {
        if (timeout <= 0) {
            throw new IllegalArgumentException("partial frame timeout must be positive, got " + timeout + " " + unit);
        }
        this.frames = frames;
        this.timer = timer;
        this.nanoClock = nanoClock;
        this.timeoutNanos = unit.toNanos(timeout);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        long framesBefore = frames.framesDecoded();
        ctx.fireChannelRead(msg);
        if (!frames.hasPartialFrame()) {
            frameInProgress = false;
            return;
        }
        if (!frameInProgress || frames.framesDecoded() != framesBefore) {
            frameInProgress = true;
            frameStartedNanos = nanoClock.getAsLong();
        }
        if (pending == null) {
            schedule(timeoutNanos);
        }
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
        if (!frameInProgress || !ctx.channel().isActive()) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (!ctx.channel().config().isAutoRead()) {
            frameStartedNanos = now;
            schedule(timeoutNanos);
            return;
        }
        long waited = now - frameStartedNanos;
        if (waited >= timeoutNanos) {
            ctx.fireExceptionCaught(new IncompleteFrameException(TimeUnit.NANOSECONDS.toMillis(timeoutNanos),
                    frames.bufferedBytes()));
        } else {
            schedule(timeoutNanos - waited);
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
