package tinysns.protocol;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/** Installs the tinysns framing (4-byte big-endian length, then one envelope) into a pipeline. */
public final class FrameCodec {

    public static final int LENGTH_PREFIX_BYTES = 4;

    private FrameCodec() {
    }

    public static void install(ChannelPipeline pipeline, WireLimits limits) {
        // failFast: an oversized length is rejected as soon as the prefix is read, before any payload is buffered.
        pipeline.addLast("frameDecoder", new LengthFieldBasedFrameDecoder(
                limits.maxFrameBytes() + LENGTH_PREFIX_BYTES, 0, LENGTH_PREFIX_BYTES, 0, LENGTH_PREFIX_BYTES, true));
        pipeline.addLast("envelopeDecoder", new EnvelopeDecoder());
        pipeline.addLast("envelopeEncoder", new EnvelopeEncoder(limits));
    }
}
