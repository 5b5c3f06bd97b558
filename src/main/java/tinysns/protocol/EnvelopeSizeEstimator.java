package tinysns.protocol;

import io.netty.channel.DefaultMessageSizeEstimator;
import io.netty.channel.MessageSizeEstimator;
import tinysns.protocol.proto.Envelope;

/**
 * Counts an envelope waiting to be written at its frame size. Netty's default counts any object that is not a
 * buffer as 8 bytes, so envelopes written from other threads would barely move the channel's writability while
 * they wait in the event loop's queue, and a fast producer could queue without bound.
 */
public final class EnvelopeSizeEstimator implements MessageSizeEstimator {

    public static final EnvelopeSizeEstimator INSTANCE = new EnvelopeSizeEstimator();

    private static final Handle HANDLE = new Handle() {
        private final Handle fallback = DefaultMessageSizeEstimator.DEFAULT.newHandle();

        @Override
        public int size(Object msg) {
            return msg instanceof Envelope || msg instanceof EncodedEnvelope
                    ? FrameCodec.LENGTH_PREFIX_BYTES + EnvelopeEncoder.serializedSize(msg)
                    : fallback.size(msg);
        }
    };

    private EnvelopeSizeEstimator() {
    }

    @Override
    public Handle newHandle() {
        return HANDLE;
    }
}
