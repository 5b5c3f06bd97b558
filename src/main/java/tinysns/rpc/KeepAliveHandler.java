package tinysns.rpc;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Ping;

/**
 * Pings a connection this side has written nothing on for the keep-alive interval (message ID 0, answered by every
 * dispatcher with a pong), so the server always hears from a live client, and closes it when nothing at all has
 * been read for the keep-alive timeout, so a peer that vanished without a FIN is noticed in seconds.
 */
final class KeepAliveHandler extends ChannelDuplexHandler {

    private static final Logger LOG = LoggerFactory.getLogger(KeepAliveHandler.class);
    static final Envelope PING = Envelope.newBuilder().setMessageId(0).setPing(Ping.getDefaultInstance()).build();

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.READER_IDLE) {
                LOG.info("closing connection to {}: nothing received, not even a keep-alive reply", ctx.channel().remoteAddress());
                ctx.close();
            } else if (idle.state() == IdleState.WRITER_IDLE) {
                ctx.writeAndFlush(PING, ctx.voidPromise());
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }
}
