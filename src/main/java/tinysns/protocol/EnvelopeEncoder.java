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
 * Writes the 4-byte length and the envelope into one exactly-sized buffer.
 * One buffer per message instead of LengthFieldPrepender's two halves the buffers the socket has to gather.
 */
@ChannelHandler.Sharable
public final class EnvelopeEncoder extends MessageToByteEncoder<Envelope> {

    private final int maxFrameBytes;

    public EnvelopeEncoder(WireLimits limits) {
        super(Envelope.class);
        this.maxFrameBytes = limits.maxFrameBytes();
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Envelope msg, boolean preferDirect) {
        int size = msg.getSerializedSize();
        if (size > maxFrameBytes) {
            throw new TooLongFrameException("outgoing " + msg.getBodyCase() + " of " + size
                    + " bytes is over the " + maxFrameBytes + "-byte frame limit");
        }
        int frameLength = FrameCodec.LENGTH_PREFIX_BYTES + size;
        return preferDirect ? ctx.alloc().ioBuffer(frameLength, frameLength) : ctx.alloc().heapBuffer(frameLength, frameLength);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Envelope msg, ByteBuf out) throws IOException {
        int size = msg.getSerializedSize();
        out.writeInt(size);
        // Straight into the buffer: its array, or a direct buffer's internal NIO view (no wrapper allocated per message;
        // used and dropped right here).
        CodedOutputStream output = out.hasArray()
                ? CodedOutputStream.newInstance(out.array(), out.arrayOffset() + out.writerIndex(), size)
                : CodedOutputStream.newInstance(out.internalNioBuffer(out.writerIndex(), size));
        msg.writeTo(output);
        output.checkNoSpaceLeft();
        out.writerIndex(out.writerIndex() + size);
    }
}
