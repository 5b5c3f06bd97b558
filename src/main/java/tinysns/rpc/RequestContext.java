package tinysns.rpc;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.ErrorReply;

/** Where the answer to one request goes: its connection and its message ID. Safe to use from any thread. */
public final class RequestContext {

    private final Channel channel;
    private final long messageId;

    public RequestContext(Channel channel, long messageId) {
        this.channel = channel;
        this.messageId = messageId;
    }

    public Channel channel() {
        return channel;
    }

    public long messageId() {
        return messageId;
    }

    /** Answers the request; {@code body} is a builder with its body set. */
    public ChannelFuture reply(Envelope.Builder body) {
        return channel.writeAndFlush(body.setMessageId(messageId).build());
    }

    public ChannelFuture replyError(ErrorCode code, String message) {
        return reply(Envelope.newBuilder().setError(ErrorReply.newBuilder().setCode(code).setMessage(message)));
    }

    /** Sends one more message tied to this request (a stream's push). The same as a reply on the wire. */
    public ChannelFuture push(Envelope.Builder body) {
        return reply(body);
    }
}
