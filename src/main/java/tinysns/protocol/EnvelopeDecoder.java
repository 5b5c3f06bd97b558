package tinysns.protocol;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Envelope.BodyCase;

/**
 * Turns one length-stripped frame into an {@link Envelope}, rejecting frames that cannot be one; or, for the body
 * cases it is told to leave unparsed, into an {@link UnparsedRequest} when the frame has the plain shape.
 */
public final class EnvelopeDecoder extends MessageToMessageDecoder<ByteBuf> {

    private static final int SCRATCH_BYTES = 1024;

    private final Set<BodyCase> unparsed;
    // Touched only on the connection's event loop.
    private final WireCursor cursor = new WireCursor();
    private byte[] scratch;

    public EnvelopeDecoder() {
        this(Set.of());
    }

    /** @param unparsed body cases to pass on unparsed, for a handler that reads them in place */
    public EnvelopeDecoder(Set<BodyCase> unparsed) {
        super(ByteBuf.class);
        this.unparsed = unparsed.isEmpty() ? Set.of() : EnumSet.copyOf(unparsed);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        int length = frame.readableBytes();
        if (length == 0) {
            throw new BadFrameException("empty frame (length 0)");
        }
        if (!unparsed.isEmpty()) {
            UnparsedRequest request = UnparsedRequest.of(frame, unparsed, cursor);
            if (request != null) {
                out.add(request.retain());
                return;
            }
        }
        out.add(parse(frame, inputOf(frame, length)));
    }

    /** Parses a whole frame (without this decoder's reused buffer). */
    static Envelope parse(ByteBuf frame) {
        int length = frame.readableBytes();
        CodedInputStream input = frame.hasArray()
                ? CodedInputStream.newInstance(frame.array(), frame.arrayOffset() + frame.readerIndex(), length)
                : CodedInputStream.newInstance(ByteBufUtil.getBytes(frame));
        return parse(frame, input);
    }

    private static Envelope parse(ByteBuf frame, CodedInputStream input) {
        int length = frame.readableBytes();
        Envelope envelope;
        try {
            envelope = Envelope.parseFrom(input);
        } catch (IOException e) { // InvalidProtocolBufferException, or a truncated field
            throw new BadFrameException("unparsable envelope of " + length + " bytes: " + e.getMessage(), e);
        }
        if (envelope.getBodyCase() == BodyCase.BODY_NOT_SET) {
            throw new BadFrameException("unknown message type (envelope of " + length + " bytes has no known body)");
        }
        return envelope;
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
