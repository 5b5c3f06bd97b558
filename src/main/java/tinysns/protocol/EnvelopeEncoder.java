package tinysns.protocol;

import com.google.protobuf.CodedOutputStream;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import tinysns.protocol.proto.Envelope;

/**
 * Writes the 4-byte length and the envelope (an {@link Envelope}, or an {@link EncodedEnvelope}) into one
 * exactly-sized buffer. One buffer per message instead of LengthFieldPrepender's two halves the buffers the socket
 * has to gather.
 */
@ChannelHandler.Sharable
public final class EnvelopeEncoder extends MessageToByteEncoder<Object> {

    private final int maxFrameBytes;

    public EnvelopeEncoder(WireLimits limits) {
        super(Object.class);
        this.maxFrameBytes = limits.maxFrameBytes();
    }

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof Envelope || msg instanceof EncodedEnvelope;
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Object msg, boolean preferDirect) {
        int size = serializedSize(msg);
        if (size > maxFrameBytes) {
            throw tooLong(bodyCaseOf(msg), size, maxFrameBytes);
        }
        int frameLength = FrameCodec.LENGTH_PREFIX_BYTES + size;
        return preferDirect ? ctx.alloc().ioBuffer(frameLength, frameLength) : ctx.alloc().heapBuffer(frameLength, frameLength);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, ByteBuf out) throws IOException {
        if (msg instanceof EncodedEnvelope encoded) {
            writeFrame(encoded, out);
            return;
        }
        encode((Envelope) msg, out);
    }

    /** The length prefix and the envelope; also how {@link ReplyCoalescer} appends a reply to its batch. */
    static void writeFrame(EncodedEnvelope encoded, ByteBuf out) {
        out.writeInt(encoded.serializedSize());
        encoded.body().writeTo(encoded.messageId(), out);
    }

    static TooLongFrameException tooLong(Envelope.BodyCase body, int size, int maxFrameBytes) {
        return new TooLongFrameException("outgoing " + body + " of " + size + " bytes is over the " + maxFrameBytes
                + "-byte frame limit");
    }

    private static void encode(Envelope msg, ByteBuf out) throws IOException {
        int size = msg.getSerializedSize();
        out.writeInt(size);
        // Straight into the buffer: its array, or a direct buffer's internal NIO view, used and dropped right here.
        // Netty's adaptive allocator still makes a view object per call and protobuf duplicates it: a reply sent
        // very often is cheaper as an EncodedBody.
        CodedOutputStream output = out.hasArray()
                ? CodedOutputStream.newInstance(out.array(), out.arrayOffset() + out.writerIndex(), size)
                : CodedOutputStream.newInstance(out.internalNioBuffer(out.writerIndex(), size));
        msg.writeTo(output);
        output.checkNoSpaceLeft();
        out.writerIndex(out.writerIndex() + size);
    }

    /** The envelope's size without the length prefix; memoized by protobuf for an {@link Envelope}. */
    static int serializedSize(Object msg) {
        return msg instanceof EncodedEnvelope encoded ? encoded.serializedSize() : ((Envelope) msg).getSerializedSize();
    }

    private static Envelope.BodyCase bodyCaseOf(Object msg) {
        return msg instanceof EncodedEnvelope encoded ? encoded.body().bodyCase() : ((Envelope) msg).getBodyCase();
    }
}
