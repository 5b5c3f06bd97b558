package tinysns.protocol;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;
import tinysns.protocol.proto.Envelope;

/** Turns one length-stripped frame into an {@link Envelope}, rejecting frames that cannot be one. */
public final class EnvelopeDecoder extends MessageToMessageDecoder<ByteBuf> {

    public EnvelopeDecoder() {
        super(ByteBuf.class);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        int length = frame.readableBytes();
        if (length == 0) {
            throw new BadFrameException("empty frame (length 0)");
        }
        Envelope envelope;
        try {
            envelope = Envelope.parseFrom(inputOf(frame, length));
        } catch (IOException e) { // InvalidProtocolBufferException, or a truncated field
            throw new BadFrameException("unparsable envelope of " + length + " bytes: " + e.getMessage(), e);
        }
        if (envelope.getBodyCase() == Envelope.BodyCase.BODY_NOT_SET) {
            throw new BadFrameException("unknown message type (envelope of " + length + " bytes has no known body)");
        }
        out.add(envelope);
    }

    /**
     * Reads straight from the frame, heap or direct, without copying it. The direct case uses the buffer's internal
     * NIO view, which allocates no wrapper per frame; it is safe because parsing ends before this method returns.
     */
    private static CodedInputStream inputOf(ByteBuf frame, int length) {
        if (frame.hasArray()) {
            return CodedInputStream.newInstance(frame.array(), frame.arrayOffset() + frame.readerIndex(), length);
        }
        if (frame.nioBufferCount() == 1) {
            return CodedInputStream.newInstance(frame.internalNioBuffer(frame.readerIndex(), length));
        }
        return CodedInputStream.newInstance(ByteBufUtil.getBytes(frame)); // rare: a composite frame
    }

}
