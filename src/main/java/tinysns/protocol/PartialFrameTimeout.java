package tinysns.protocol;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.Timer;
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
public final class PartialFrameTimeout extends RearmingTimeout {

    private final FrameDecoder frames;

    // Touched only on the connection's event loop.
    private boolean frameInProgress;
    private long frameStartedNanos;

    public PartialFrameTimeout(FrameDecoder frames, Timer timer, LongSupplier nanoClock, long timeout, TimeUnit unit) {
        super(timer, nanoClock, timeout, unit, "partial frame timeout");
        this.frames = frames;
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
        if (!isPending()) {
            schedule(timeoutNanos);
        }
    }

    @Override
    protected boolean isWaiting() {
        return frameInProgress;
    }

    @Override
    protected long waitStartedNanos() {
        return frameStartedNanos;
    }

    @Override
    protected void restartWait(long nowNanos) {
        frameStartedNanos = nowNanos;
    }

    @Override
    protected void timedOut(long waitedNanos) {
        ctx.fireExceptionCaught(new IncompleteFrameException(TimeUnit.NANOSECONDS.toMillis(timeoutNanos),
                frames.bufferedBytes()));
    }
}
