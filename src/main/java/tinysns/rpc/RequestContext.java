package tinysns.rpc;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.protocol.EncodedBody;
import tinysns.protocol.EncodedEnvelope;
import tinysns.protocol.RateLimitedLog;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.ErrorReply;

/**
 * Where the answer to one request goes: its connection and its message ID. Safe to use from any thread.
 *
 * <p>A request is answered exactly once: the first {@link #reply} (or {@link #replyError}) is sent, a later one is
 * refused with a failed future and a log line. Pushes ({@link #push}, {@link #pushIfWritable}) may follow the reply
 * for as long as the connection is open; they are not answers, so they do not count against the connection's
 * in-flight limit.
 *
 * <p>One is made per request, so it is kept to one object: the answered flag is a field, and the context is its
 * answer's write listener itself.
 */
public final class RequestContext implements ChannelFutureListener {

    private static final Logger LOG = LoggerFactory.getLogger(RequestContext.class);
    private static final RateLimitedLog DROPPED_PUSHES = new RateLimitedLog(LOG, 1);
    private static final AtomicIntegerFieldUpdater<RequestContext> ANSWERED =
            AtomicIntegerFieldUpdater.newUpdater(RequestContext.class, "answered");

    private final Channel channel;
    private final long messageId;
    private final Runnable onAnswerWritten;
    /** 1 once answered; set through {@link #ANSWERED}. */
    private volatile int answered;

    /** @param onAnswerWritten run on the event loop once the answer has been written or has failed; may be null */
    RequestContext(Channel channel, long messageId, Runnable onAnswerWritten) {
        this.channel = channel;
        this.messageId = messageId;
        this.onAnswerWritten = onAnswerWritten;
    }

    public Channel channel() {
        return channel;
    }

    public long messageId() {
        return messageId;
    }

    /** True once a reply has been sent (or is being sent). */
    public boolean isAnswered() {
        return answered != 0;
    }

    /**
     * A new envelope for this request's answer or push, its message ID already set: fill in the body and hand it to
     * {@link #reply(Envelope.Builder)} or {@link #push(Envelope.Builder)} (for bodies made per answer, this costs
     * no copy).
     */
    public Envelope.Builder envelope() {
        return Envelope.newBuilder().setMessageId(messageId);
    }

    /**
     * Answers the request with {@code body} (any message ID it carries is replaced by this request's; the caller's
     * message is not changed, so a shared constant can be sent). A second answer is refused.
     */
    public ChannelFuture reply(Envelope body) {
        return answer(body.toBuilder());
    }

    /**
     * Answers the request with an envelope made by {@link #envelope()}; it is built, not changed.
     *
     * @throws IllegalArgumentException for a builder with another message ID (not made by this context)
     */
    public ChannelFuture reply(Envelope.Builder envelope) {
        return answer(own(envelope));
    }

    public ChannelFuture replyError(ErrorCode code, String message) {
        return answer(error(code, message));
    }

    /** Sends one more message tied to this request (a stream's push). The same as a reply on the wire. */
    public ChannelFuture push(Envelope body) {
        return send(body.toBuilder());
    }

    /** As {@link #push(Envelope)}, with an envelope made by {@link #envelope()}. */
    public ChannelFuture push(Envelope.Builder envelope) {
        return send(own(envelope));
    }

    /**
     * Pushes a body encoded once for many streams (a post to each follower's timeline), only while the connection
     * can take more output (below its write-buffer high-water mark), so a client
     * that does not read cannot make the server buffer pushes without bound. A dropped push is counted once, in
     * the server's {@link RpcServerStats#droppedPushes()}, and logged (at most once a second).
     *
     * @return false when the push was dropped (the connection is backed up, or closed)
     */
    public boolean pushIfWritable(EncodedBody body) {
        if (channel.isWritable()) {
            channel.writeAndFlush(new EncodedEnvelope(messageId, body));
            return true;
        }
        if (channel.isActive()) {
            RpcServerStats.of(channel).countDroppedPush();
            DROPPED_PUSHES.warn("dropping pushes to {} for request {}: it does not read them fast enough",
                    channel.remoteAddress(), messageId);
        }
        return false;
    }

    /** Answers the request with a body encoded once for many replies; builds no envelope. A second answer is refused. */
    public ChannelFuture reply(EncodedBody body) {
        if (!ANSWERED.compareAndSet(this, 0, 1)) {
            return refuseSecondAnswer(body.bodyCase());
        }
        ChannelFuture written = channel.writeAndFlush(new EncodedEnvelope(messageId, body));
        written.addListener(this);
        return written;
    }

    private ChannelFuture answer(Envelope.Builder own) {
        if (!ANSWERED.compareAndSet(this, 0, 1)) {
            return refuseSecondAnswer(own.getBodyCase());
        }
        ChannelFuture written = send(own);
        written.addListener(this);
        return written;
    }

    private ChannelFuture refuseSecondAnswer(Envelope.BodyCase body) {
        LOG.warn("request {} from {} was already answered; not sending a second reply ({})",
                messageId, channel.remoteAddress(), body);
        return channel.newFailedFuture(new IllegalStateException("request " + messageId + " was already answered"));
    }

    private Envelope.Builder own(Envelope.Builder envelope) {
        if (envelope.getMessageId() != messageId) {
            throw new IllegalArgumentException("an envelope with message ID " + envelope.getMessageId()
                    + " cannot answer request " + messageId + ": make it with envelope()");
        }
        return envelope;
    }

    /** @param own a builder this context made or copied: it is given this request's ID and built */
    private ChannelFuture send(Envelope.Builder own) {
        return channel.writeAndFlush(own.setMessageId(messageId).build());
    }

    /** The answer has been written, or has failed; runs on the event loop. Not for handlers to call. */
    @Override
    public void operationComplete(ChannelFuture written) {
        if (onAnswerWritten != null) {
            onAnswerWritten.run();
        }
        if (!written.isSuccess() && written.cause() instanceof EncoderException failure && channel.isActive()) {
            // The reply cannot be encoded (for example it is over the frame limit): say so instead of leaving the
            // caller to time out. The error reply is short, so it can be sent.
            boolean tooLarge = failure.getCause() instanceof TooLongFrameException;
            String reason = failure.getCause() != null ? failure.getCause().getMessage() : failure.getMessage();
            LOG.warn("the reply to request {} from {} could not be sent: {}", messageId, channel.remoteAddress(), reason);
            send(error(tooLarge ? ErrorCode.TOO_LARGE : ErrorCode.INTERNAL, "the reply could not be sent: " + reason));
        }
    }

    private static Envelope.Builder error(ErrorCode code, String message) {
        return Envelope.newBuilder().setError(ErrorReply.newBuilder().setCode(code).setMessage(message));
    }
}
