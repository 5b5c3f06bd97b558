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

    private static final int SCRATCH_BYTES = 1024;

    // Touched only on the connection's event loop.
    private byte[] scratch;

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
     * Small frames (nearly all: heartbeats, lookups, posts) are copied into a buffer this connection reuses and read
     * from there: a direct frame read in place costs an NIO view from the allocator, protobuf's duplicate of it and
     * its larger direct decoder, three objects per frame. Protobuf copies what it keeps (bytes, strings) out of the
     * array, so the next frame may overwrite it. Bigger frames are read in place.
     */
    private CodedInputStream inputOf(ByteBuf frame, int length) {
        if (frame.hasArray()) {
            return CodedInputStream.newInstance(frame.array(), frame.arrayOffset() + frame.readerIndex(), length);
        }
        if (length <= SCRATCH_BYTES) {
            if (scratch == null) {
                scratch = new byte[SCRATCH_BYTES];
            }
            frame.getBytes(frame.readerIndex(), scratch, 0, length);
            return CodedInputStream.newInstance(scratch, 0, length);
        }
        if (frame.nioBufferCount() == 1) {
            return CodedInputStream.newInstance(frame.internalNioBuffer(frame.readerIndex(), length));
        }
        return CodedInputStream.newInstance(ByteBufUtil.getBytes(frame)); // rare: a composite frame
    }

}
