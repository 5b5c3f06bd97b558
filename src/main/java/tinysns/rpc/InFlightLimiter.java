package tinysns.rpc;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.protocol.proto.Envelope;

/**
 * Caps the requests of one connection that handlers hold unanswered. At the cap it stops reading the connection
 * (auto-read off) and keeps any requests already decoded from the last read until replies go out; it reads again
 * once the unanswered count has dropped to the low-water mark.
 *
 * <p>A request counts from its hand-over to the dispatcher until its {@link RequestContext} reply has been written
 * (or failed), whichever thread replied; pushes do not count. Keep-alive pings are answered by the dispatcher
 * without a handler and are not counted. Everything here runs on the connection's event loop: write listeners
 * are notified there too.
 */
final class InFlightLimiter extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(InFlightLimiter.class);
    private static final AttributeKey<InFlightLimiter> KEY = AttributeKey.valueOf(InFlightLimiter.class, "limiter");

    private final int maxInFlight;
    private final int resumeAt;
    private final RpcServerStats stats;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    /** Made once: every request's context holds it. */
    private final Runnable replyWritten = this::replyWritten;
    private ChannelHandlerContext ctx;
    private int inFlight;
    private boolean paused;
    private boolean draining;

    InFlightLimiter(int maxInFlight, int resumeAt, RpcServerStats stats) {
        this.maxInFlight = maxInFlight;
        this.resumeAt = resumeAt;
        this.stats = stats;
    }

    /** What a request's context calls once its reply has been written; null when the channel has no limiter. */
    static Runnable completionCallback(Channel channel) {
        InFlightLimiter limiter = channel.attr(KEY).get();
        return limiter == null ? null : limiter.replyWritten;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        ctx.channel().attr(KEY).set(this);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Envelope envelope && envelope.getBodyCase() == Envelope.BodyCase.PING) {
            ctx.fireChannelRead(msg);
        } else if (!waiting.isEmpty() || inFlight >= maxInFlight) {
            waiting.add(msg);
            pause();
        } else {
            dispatch(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        discardWaiting();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        discardWaiting();
        ctx.channel().attr(KEY).set(null);
    }

    private void dispatch(Object request) {
        inFlight++;
        if (inFlight >= maxInFlight) {
            pause();
        }
        ctx.fireChannelRead(request);
    }

    private void replyWritten() {
        inFlight--;
        drain();
    }

    private void drain() {
        if (draining) {
            return; // a reply finished while a waiting request was being handed on; the loop below sees it
        }
        draining = true;
        try {
            while (inFlight < maxInFlight && !waiting.isEmpty() && ctx.channel().isActive()) {
                dispatch(waiting.poll());
            }
        } finally {
            draining = false;
        }
        if (paused && waiting.isEmpty() && inFlight <= resumeAt) {
            resume();
        }
    }

    private void pause() {
        if (!paused) {
            paused = true;
            ctx.channel().config().setAutoRead(false);
            stats.countPause();
            LOG.debug("stopped reading from {}: {} requests in flight", ctx.channel().remoteAddress(), inFlight);
        }
    }

    private void resume() {
        paused = false;
        ctx.channel().config().setAutoRead(true);
        stats.countResume();
        LOG.debug("reading from {} again: {} requests in flight", ctx.channel().remoteAddress(), inFlight);
    }

    private void discardWaiting() {
        for (Object request; (request = waiting.poll()) != null; ) {
            ReferenceCountUtil.release(request);
        }
    }
}
