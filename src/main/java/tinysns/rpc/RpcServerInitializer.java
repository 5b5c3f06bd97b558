package tinysns.rpc;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import tinysns.protocol.EnvelopeSizeEstimator;
import tinysns.protocol.FrameCodec;
import tinysns.protocol.ReplyCoalescer;
import tinysns.protocol.FrameDecoder;
import tinysns.protocol.PartialFrameTimeout;
import tinysns.protocol.ProtocolErrorHandler;

/**
 * Builds the pipeline of one accepted connection:
 * [idle timeout], flush consolidation, partial-frame timeout, frame decoder, envelope codec, reply coalescer,
 * in-flight limiter, dispatcher, error handler; and attaches the server's {@link RpcServerStats}. A connection over the server's cap
 * gets no pipeline: it is refused and closed.
 */
final class RpcServerInitializer extends ChannelInitializer<Channel> {

    private final RpcServerOptions options;
    private final Timer timer;
    private final LongSupplier nanoClock;
    private final ConnectionLimiter admission;
    private final ChannelGroup connections;
    private final RpcServerStats stats;
    private final RequestDispatcher dispatcher;

    RpcServerInitializer(RpcServerOptions options, Timer timer, LongSupplier nanoClock, ChannelGroup connections,
                         RpcServerStats stats, RequestDispatcher dispatcher) {
        this.options = options;
        this.timer = timer;
        this.nanoClock = nanoClock;
        this.admission = new ConnectionLimiter(options.maxConnections(), stats);
        this.connections = connections;
        this.stats = stats;
        this.dispatcher = dispatcher;
    }

    @Override
    protected void initChannel(Channel ch) {
        if (!admission.admit(ch)) {
            return;
        }
        connections.add(ch);
        stats.attachTo(ch);
        ch.config().setWriteBufferWaterMark(
                new WriteBufferWaterMark(options.writeBufferLowBytes(), options.writeBufferHighBytes()));
        ch.config().setMessageSizeEstimator(EnvelopeSizeEstimator.INSTANCE);

        ChannelPipeline p = ch.pipeline();
        if (options.closesIdleConnections()) {
            p.addLast("idleTimeout", new IdleConnectionTimeout(timer, nanoClock, options.idleTimeout().toNanos(),
                    TimeUnit.NANOSECONDS));
        }
        // Replies written while a read batch is being handled leave in one write syscall.
        p.addLast("flushConsolidation", new FlushConsolidationHandler(256, true));
        FrameCodec.install(p, options.limits(), dispatcher.unparsedBodies());
        p.addLast("replyCoalescer", new ReplyCoalescer(options.limits()));
        p.addBefore("frameDecoder", "partialFrameTimeout", new PartialFrameTimeout(p.get(FrameDecoder.class), timer,
                nanoClock, options.partialFrameTimeout().toNanos(), TimeUnit.NANOSECONDS));
        p.addLast("inFlightLimiter", new InFlightLimiter(options.maxInFlightPerConnection(),
                options.resumeReadingAt(), stats));
        p.addLast("dispatcher", dispatcher);
        p.addLast("errors", ProtocolErrorHandler.INSTANCE);
    }
}
