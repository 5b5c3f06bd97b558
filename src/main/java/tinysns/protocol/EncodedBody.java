package tinysns.protocol;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.netty.buffer.ByteBuf;
import tinysns.protocol.proto.Envelope;

/**
 * An envelope body serialized once, to be sent many times under different message IDs: a reply that is the same
 * for every request (a heartbeat's confirmation). Writing it costs no protobuf objects: an envelope is its fields
 * in any order, so the frame is the message ID field followed by these bytes, which parse as the same envelope.
 * Immutable, so one instance can be shared by every connection.
 */
public final class EncodedBody {

    private static final int MESSAGE_ID_TAG = Envelope.MESSAGE_ID_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_VARINT;

    private final Envelope body;
    private final byte[] bytes;

    private EncodedBody(Envelope body) {
        this.body = body;
        this.bytes = body.toByteArray();
    }

    /** @throws IllegalArgumentException when {@code body} has a message ID (the sender adds it) or no body */
    public static EncodedBody of(Envelope body) {
        if (body.getMessageId() != 0) {
            throw new IllegalArgumentException("an encoded body has no message ID of its own, got " + body.getMessageId());
        }
        if (body.getBodyCase() == Envelope.BodyCase.BODY_NOT_SET) {
            throw new IllegalArgumentException("an encoded body needs a body");
        }
        return new EncodedBody(body);
    }

    /** The envelope these bytes encode, without a message ID. */
    public Envelope body() {
        return body;
    }

    public Envelope.BodyCase bodyCase() {
        return body.getBodyCase();
    }

    /** The envelope as it arrives, with {@code messageId}; for tests and logs, not for sending. */
    public Envelope withMessageId(long messageId) {
        return body.toBuilder().setMessageId(messageId).build();
    }

    /** The serialized envelope's size with {@code messageId} (an ID of 0 is not written, as protobuf does). */
    int serializedSize(long messageId) {
        return (messageId == 0 ? 0 : CodedOutputStream.computeUInt64Size(Envelope.MESSAGE_ID_FIELD_NUMBER, messageId))
                + bytes.length;
    }

    /** Writes the serialized envelope with {@code messageId}, {@link #serializedSize} bytes. */
    void writeTo(long messageId, ByteBuf out) {
        if (messageId != 0) {
            out.writeByte(MESSAGE_ID_TAG);
            long rest = messageId;
            while ((rest & ~0x7FL) != 0) { // a base-128 varint, low groups first
                out.writeByte((int) (rest & 0x7F) | 0x80);
                rest >>>= 7;
            }
            out.writeByte((int) rest);
        }
        out.writeBytes(bytes);
    }
}
