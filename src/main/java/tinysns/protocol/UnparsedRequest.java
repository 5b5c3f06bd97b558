package tinysns.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.Set;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Envelope.BodyCase;

/**
 * A request the decoder did not parse: its message ID, its body case and where the body's bytes lie in the frame it
 * holds. A handler on a hot path reads the few fields it needs in place ({@link WireCursor}) instead of building
 * the envelope, its builders and its strings; anything it does not expect it leaves to {@link #parse()}.
 * Holds a reference to the frame: release it (the dispatcher does).
 */
public final class UnparsedRequest extends DefaultByteBufHolder {

    private static final FastThreadLocal<WireCursor> CURSORS = new FastThreadLocal<>() {
        @Override
        protected WireCursor initialValue() {
            return new WireCursor();
        }
    };

    private final long messageId;
    private final BodyCase bodyCase;
    private final int bodyIndex;
    private final int bodyLength;

    private UnparsedRequest(ByteBuf frame, long messageId, BodyCase bodyCase, int bodyIndex, int bodyLength) {
        super(frame);
        this.messageId = messageId;
        this.bodyCase = bodyCase;
        this.bodyIndex = bodyIndex;
        this.bodyLength = bodyLength;
    }

    /**
     * The frame as an unparsed request when it is exactly a message ID and one body of the given cases; null
     * otherwise (any other shape, or malformed), for the protobuf parser to handle. Does not retain the frame.
     */
    static UnparsedRequest of(ByteBuf frame, Set<BodyCase> bodies, WireCursor cursor) {
        cursor.reset(frame, frame.readerIndex(), frame.readableBytes());
        long messageId = 0;
        BodyCase body = null;
        int bodyIndex = 0;
        int bodyLength = 0;
        while (cursor.hasMore()) {
            int tag = cursor.readTag();
            int field = tag >>> 3;
            int wireType = tag & 7;
            if (field == Envelope.MESSAGE_ID_FIELD_NUMBER && wireType == WireCursor.WIRETYPE_VARINT) {
                messageId = cursor.readVarint();
            } else if (body == null && wireType == WireCursor.WIRETYPE_LENGTH_DELIMITED
                    && bodies.contains(BodyCase.forNumber(field))) {
                body = BodyCase.forNumber(field);
                bodyLength = cursor.readLength();
                bodyIndex = cursor.index();
                cursor.skip(bodyLength);
            } else {
                return null;
            }
        }
        return cursor.failed() || body == null ? null : new UnparsedRequest(frame, messageId, body, bodyIndex, bodyLength);
    }

    public long messageId() {
        return messageId;
    }

    public BodyCase bodyCase() {
        return bodyCase;
    }

    /**
     * A cursor over the body's fields (the bytes of the body message, without its tag and length). The thread's one
     * cursor, so a renewal allocates none whatever the JIT decides: read the body before handling another request.
     */
    public WireCursor body() {
        return CURSORS.get().reset(content(), bodyIndex, bodyLength);
    }

    /** The whole envelope, parsed as the decoder would have. */
    public Envelope parse() {
        return EnvelopeDecoder.parse(content());
    }

    @Override
    public String toString() {
        return "UnparsedRequest[" + messageId + ", " + bodyCase + ", " + bodyLength + " bytes]";
    }
}
