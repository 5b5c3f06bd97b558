package tinysns.protocol;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of every RPC pipeline, client and server (the HTTP endpoint has its own): whatever went wrong on
 * this connection (a bad or unfinished frame, a peer reset, a bug in a handler) is logged in one line naming the
 * remote address (bad input at most 20 lines a second), and only this connection is closed.
 */
@ChannelHandler.Sharable
public final class ProtocolErrorHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ProtocolErrorHandler.class);
    private static final RateLimitedLog BAD_INPUT_LOG = new RateLimitedLog(LOG, 20);

    public static final ProtocolErrorHandler INSTANCE = new ProtocolErrorHandler();

    private ProtocolErrorHandler() {
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String remote = String.valueOf(ctx.channel().remoteAddress());
        if (cause instanceof IOException) {
            LOG.debug("connection from {} failed: {}", remote, cause.toString());
        } else if (cause instanceof DecoderException) { // BadFrameException, IncompleteFrameException, oversized
            BAD_INPUT_LOG.warn("closing connection from {}: {}", remote, describe(cause));
        } else {
            LOG.error("closing connection from {} after an unexpected error", remote, cause);
        }
        ctx.close();
    }

    static String describe(Throwable cause) {
        Throwable reason = cause instanceof DecoderException && cause.getCause() instanceof DecoderException
                ? cause.getCause() : cause;
        if (reason instanceof TooLongFrameException) {
            return "oversized frame (" + reason.getMessage() + ")";
        }
        return reason.getMessage() == null ? reason.getClass().getSimpleName() : reason.getMessage();
    }
}
