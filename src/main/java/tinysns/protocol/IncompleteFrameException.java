package tinysns.protocol;

import io.netty.handler.codec.DecoderException;

/** A peer started a frame and did not finish it in time; see {@link PartialFrameTimeout}. */
public final class IncompleteFrameException extends DecoderException {

    public IncompleteFrameException(long timeoutMillis, int bufferedBytes) {
        super("a frame was started and not finished within " + timeoutMillis + " ms (" + bufferedBytes
                + " bytes of it received)");
    }
}
