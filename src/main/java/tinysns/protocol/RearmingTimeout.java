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
 * A per-connection deadline on a shared timer: at most one timeout pending, fired timeouts looked at again on the
 * connection's event loop, set again for the rest when they came early, started over while this side does not read,
 * cancelled when the connection closes. Subclasses say when the wait began and what happens when it lasts too long.
 */
public abstract class RearmingTimeout extends ChannelInboundHandlerAdapter implements TimerTask {

    private final Timer timer;
    protected final LongSupplier nanoClock;
    protected final long timeoutNanos;

    // Touched only on the connection's event loop.
    protected ChannelHandlerContext ctx;
    private Timeout pending;

    protected RearmingTimeout(Timer timer, LongSupplier nanoClock, long timeout, TimeUnit unit, String what) {
        if (timeout <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + timeout + " " + unit);
        }
        this.timer = timer;
        this.nanoClock = nanoClock;
        this.timeoutNanos = unit.toNanos(timeout);
    }

    /** When the wait now being timed began, on the clock given. */
    protected abstract long waitStartedNanos();

    /** Starts the wait over at {@code nowNanos}: this side has stopped reading, so the peer cannot be blamed. */
    protected abstract void restartWait(long nowNanos);

    /** The wait lasted the whole timeout and the connection is still open; runs on the event loop. */
    protected abstract void timedOut(long waitedNanos);

    /** Whether anything is being waited for; when the timeout fires with nothing, it lapses. */
    protected boolean isWaiting() {
        return true;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
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
    public final void run(Timeout timeout) {
        try {
            ctx.executor().execute(this::fire);
        } catch (RejectedExecutionException e) {
            // The event loop is shutting down and closes the connection anyway.
        }
    }

    /** Acts when the wait has lasted the timeout; otherwise, as it came early, sets the timeout again for the rest. */
    private void fire() {
        pending = null;
        if (!ctx.channel().isActive() || !isWaiting()) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (!ctx.channel().config().isAutoRead()) {
            restartWait(now);
        }
        long waited = now - waitStartedNanos();
        if (waited >= timeoutNanos) {
            timedOut(waited);
        } else {
            schedule(timeoutNanos - waited);
        }
    }

    protected final boolean isPending() {
        return pending != null;
    }

    protected final void schedule(long delayNanos) {
        try {
            pending = timer.newTimeout(this, delayNanos, TimeUnit.NANOSECONDS);
        } catch (IllegalStateException e) {
            pending = null; // the timer was stopped: the process is shutting down
        }
    }

    protected final void cancel() {
        if (pending != null) {
            pending.cancel();
            pending = null;
        }
    }
}
