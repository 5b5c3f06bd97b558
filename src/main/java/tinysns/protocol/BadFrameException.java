package tinysns.protocol;

import io.netty.handler.codec.CorruptedFrameException;

/** A frame that arrived whole but cannot be an envelope: empty, unparsable, or of an unknown message type. */
public final class BadFrameException extends CorruptedFrameException {

    public BadFrameException(String reason) {
        super(reason);
    }

    public BadFrameException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
