package tinysns.protocol;

import com.google.protobuf.CodedOutputStream;
import io.netty.channel.ChannelPipeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Set;
import tinysns.protocol.proto.Envelope;

/** Installs the tinysns framing (4-byte big-endian length, then one envelope) into a pipeline. */
public final class FrameCodec {

    public static final int LENGTH_PREFIX_BYTES = 4;

    private FrameCodec() {
    }

    public static void install(ChannelPipeline pipeline, WireLimits limits) {
        install(pipeline, limits, Set.of());
    }

    /** @param unparsed body cases the decoder passes on as {@link UnparsedRequest}s when it can */
    public static void install(ChannelPipeline pipeline, WireLimits limits, Set<Envelope.BodyCase> unparsed) {
        pipeline.addLast("frameDecoder", new FrameDecoder(limits));
        pipeline.addLast("envelopeDecoder", new EnvelopeDecoder(unparsed));
        pipeline.addLast("envelopeEncoder", new EnvelopeEncoder(limits));
    }

    /** One whole frame, length prefix included, for a message sent outside a codec (for example a refusal). */
    public static byte[] frameBytes(Envelope envelope) {
        int size = envelope.getSerializedSize();
        ByteBuffer frame = ByteBuffer.allocate(LENGTH_PREFIX_BYTES + size).putInt(size);
        try {
            CodedOutputStream output = CodedOutputStream.newInstance(frame);
            envelope.writeTo(output);
            output.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen: the buffer is exactly the message's size
        }
        return frame.array();
    }
}
