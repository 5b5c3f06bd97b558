package tinysns.rpc;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Envelope.BodyCase;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.Pong;

/**
 * Routes each request to the handler registered for its body, answers keep-alive pings itself, and answers any
 * body it has no handler for with an UNSUPPORTED error (the connection stays usable).
 */
@ChannelHandler.Sharable
public final class RequestDispatcher extends SimpleChannelInboundHandler<Envelope> {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);
    private static final Envelope PONG = Envelope.newBuilder().setMessageId(0).setPong(Pong.getDefaultInstance()).build();

    private final Map<BodyCase, RequestHandler> handlers;

    private RequestDispatcher(Map<BodyCase, RequestHandler> handlers) {
        super(Envelope.class);
        this.handlers = new EnumMap<>(handlers);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Envelope request) {
        BodyCase body = request.getBodyCase();
        if (body == BodyCase.PING) {
            ctx.writeAndFlush(request.getMessageId() == 0 ? PONG
                    : PONG.toBuilder().setMessageId(request.getMessageId()).build(), ctx.voidPromise());
            return;
        }
        RequestContext context = new RequestContext(ctx.channel(), request.getMessageId(),
                InFlightLimiter.completionCallback(ctx.channel()));
        RequestHandler handler = handlers.get(body);
        if (handler == null) {
            context.replyError(ErrorCode.UNSUPPORTED, "this endpoint does not serve " + body + " messages");
            return;
        }
        try {
            handler.handle(request, context);
        } catch (Exception e) {
            LOG.error("handler for {} (request {} from {}) failed", body, request.getMessageId(), ctx.channel().remoteAddress(), e);
            if (!context.isAnswered()) {
                context.replyError(ErrorCode.INTERNAL, "internal error while serving " + body);
            }
        }
    }

    public static final class Builder {
        private final Map<BodyCase, RequestHandler> handlers = new EnumMap<>(BodyCase.class);

        public Builder on(BodyCase body, RequestHandler handler) {
            if (handlers.putIfAbsent(body, handler) != null) {
                throw new IllegalStateException("two handlers for " + body);
            }
            return this;
        }

        public RequestDispatcher build() {
            return new RequestDispatcher(handlers);
        }
    }
}
