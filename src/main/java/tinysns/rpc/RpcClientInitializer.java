package tinysns.rpc;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import tinysns.protocol.FrameCodec;
import tinysns.protocol.ProtocolErrorHandler;

/**
 * Builds the pipeline of one client connection:
 * flush consolidation, frame decoder, envelope codec, [keep-alive], reply router, error handler.
 */
final class RpcClientInitializer extends ChannelInitializer<Channel> {

    private final RpcClientOptions options;
    private final RpcConnection.ReplyRouter router;

    RpcClientInitializer(RpcClientOptions options, RpcConnection.ReplyRouter router) {
        this.options = options;
        this.router = router;
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        // Combines the flushes of requests written in one event-loop turn into one write syscall.
        p.addLast("flushConsolidation", new FlushConsolidationHandler(256, true));
        FrameCodec.install(p, options.limits());
        if (!options.keepAliveInterval().isZero()) {
            // Pings when this side has written nothing for the interval, however much it reads: a timeline or a
            // synchronizer's change stream only reads, and the server closes a connection that sends nothing.
            p.addLast("idle", new IdleStateHandler(options.keepAliveTimeout().toMillis(),
                    options.keepAliveInterval().toMillis(), 0, TimeUnit.MILLISECONDS));
            p.addLast("keepAlive", new KeepAliveHandler());
        }
        p.addLast("replies", router);
        p.addLast("errors", ProtocolErrorHandler.INSTANCE);
    }
}
