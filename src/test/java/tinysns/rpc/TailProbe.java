package tinysns.rpc;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;

/** Added after a pipeline's last handler: records whatever gets past it, which must be nothing. */
@ChannelHandler.Sharable
final class TailProbe extends ChannelInboundHandlerAdapter {

    final List<Throwable> escapedExceptions = new ArrayList<>();
    final List<String> unhandledMessages = new ArrayList<>();

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        escapedExceptions.add(cause);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        unhandledMessages.add(String.valueOf(msg));
        ReferenceCountUtil.release(msg);
    }
}
