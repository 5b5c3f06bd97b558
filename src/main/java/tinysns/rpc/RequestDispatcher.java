package tinysns.rpc;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.protocol.UnparsedRequest;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Envelope.BodyCase;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.Pong;

/**
 * Routes each request to the handler registered for its body, answers keep-alive pings itself, and answers any
 * body it has no handler for with an UNSUPPORTED error (the connection stays usable). A body with an
 * {@link UnparsedHandler} as well arrives unparsed when the decoder could leave it so ({@link #unparsedBodies()}):
 * that handler reads it in place, or declines and the request is parsed and given to the ordinary handler.
 */
@ChannelHandler.Sharable
public final class RequestDispatcher extends SimpleChannelInboundHandler<Object> {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);
    private static final Envelope PONG = Envelope.newBuilder().setMessageId(0).setPong(Pong.getDefaultInstance()).build();

    private final Map<BodyCase, RequestHandler> handlers;
    private final Map<BodyCase, UnparsedHandler> unparsedHandlers;

    private RequestDispatcher(Map<BodyCase, RequestHandler> handlers, Map<BodyCase, UnparsedHandler> unparsedHandlers) {
        super(Object.class);
        this.handlers = new EnumMap<>(handlers);
        this.unparsedHandlers = new EnumMap<>(unparsedHandlers);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The body cases this dispatcher takes unparsed, for the connection's decoder. */
    Set<BodyCase> unparsedBodies() {
        return Collections.unmodifiableSet(unparsedHandlers.keySet());
    }

    @Override
    public boolean acceptInboundMessage(Object msg) {
        return msg instanceof Envelope || msg instanceof UnparsedRequest;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof UnparsedRequest unparsed) {
            RequestContext context = newContext(ctx, unparsed.messageId());
            try {
                if (unparsedHandlers.get(unparsed.bodyCase()).handle(unparsed, context)) {
                    return;
                }
            } catch (Exception e) {
                failed(ctx, unparsed.bodyCase(), unparsed.messageId(), context, e);
                return;
            }
            dispatch(ctx, unparsed.parse(), context);
            return;
        }
        Envelope request = (Envelope) msg;
        if (request.getBodyCase() == BodyCase.PING) {
            ctx.writeAndFlush(request.getMessageId() == 0 ? PONG
                    : PONG.toBuilder().setMessageId(request.getMessageId()).build(), ctx.voidPromise());
            return;
        }
        dispatch(ctx, request, newContext(ctx, request.getMessageId()));
    }

    private static RequestContext newContext(ChannelHandlerContext ctx, long messageId) {
        return new RequestContext(ctx.channel(), messageId, InFlightLimiter.completionCallback(ctx.channel()));
    }

    private void dispatch(ChannelHandlerContext ctx, Envelope request, RequestContext context) {
        BodyCase body = request.getBodyCase();
        RequestHandler handler = handlers.get(body);
        if (handler == null) {
            context.replyError(ErrorCode.UNSUPPORTED, "this endpoint does not serve " + body + " messages");
            return;
        }
        try {
            handler.handle(request, context);
        } catch (Exception e) {
            failed(ctx, body, request.getMessageId(), context, e);
        }
    }

    private static void failed(ChannelHandlerContext ctx, BodyCase body, long messageId, RequestContext context,
                               Exception e) {
        LOG.error("handler for {} (request {} from {}) failed", body, messageId, ctx.channel().remoteAddress(), e);
        if (!context.isAnswered()) {
            context.replyError(ErrorCode.INTERNAL, "internal error while serving " + body);
        }
    }

    public static final class Builder {
        private final Map<BodyCase, RequestHandler> handlers = new EnumMap<>(BodyCase.class);
        private final Map<BodyCase, UnparsedHandler> unparsedHandlers = new EnumMap<>(BodyCase.class);

        public Builder on(BodyCase body, RequestHandler handler) {
            if (handlers.putIfAbsent(body, handler) != null) {
                throw new IllegalStateException("two handlers for " + body);
            }
            return this;
        }

        /** A hot path for a body that also has an ordinary handler (what the unparsed one declines goes there). */
        public Builder onUnparsed(BodyCase body, UnparsedHandler handler) {
            if (unparsedHandlers.putIfAbsent(body, handler) != null) {
                throw new IllegalStateException("two unparsed handlers for " + body);
            }
            return this;
        }

        public RequestDispatcher build() {
            if (!handlers.keySet().containsAll(unparsedHandlers.keySet())) {
                throw new IllegalStateException("an unparsed handler needs an ordinary one for what it declines");
            }
            return new RequestDispatcher(handlers, unparsedHandlers);
        }
    }
}
