package tinysns.rpc;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tinysns.protocol.proto.Envelope;

/**
 * The test oracle: what the contract says a connection does with a byte stream, worked out independently of the
 * pipeline. Frames are read in order; the first bad one (length 0 or over the limit, a payload that is not an
 * envelope, an envelope with no known body) closes the connection, and nothing after it is delivered.
 */
public final class FrameModel {

    public enum Outcome { OPEN_BETWEEN_FRAMES, OPEN_MID_FRAME, CLOSED }

    public record Expectation(List<Envelope> delivered, Outcome outcome) {
    }

    private FrameModel() {
    }

    public static Expectation expect(byte[] stream, int maxFrameBytes) {
        List<Envelope> delivered = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(stream);
        while (true) {
            if (!in.hasRemaining()) {
                return new Expectation(delivered, Outcome.OPEN_BETWEEN_FRAMES);
            }
            if (in.remaining() < 4) {
                return new Expectation(delivered, Outcome.OPEN_MID_FRAME);
            }
            long length = Integer.toUnsignedLong(in.getInt(in.position()));
            if (length > maxFrameBytes) {
                return new Expectation(delivered, Outcome.CLOSED); // refused on the prefix alone
            }
            if (in.remaining() - 4 < length) {
                return new Expectation(delivered, Outcome.OPEN_MID_FRAME);
            }
            int start = in.position() + 4;
            in.position(start + (int) length);
            if (length == 0) {
                return new Expectation(delivered, Outcome.CLOSED);
            }
            try {
                Envelope envelope = Envelope.parseFrom(Arrays.copyOfRange(stream, start, start + (int) length));
                if (envelope.getBodyCase() == Envelope.BodyCase.BODY_NOT_SET) {
                    return new Expectation(delivered, Outcome.CLOSED);
                }
                delivered.add(envelope);
            } catch (InvalidProtocolBufferException e) {
                return new Expectation(delivered, Outcome.CLOSED);
            }
        }
    }
}
