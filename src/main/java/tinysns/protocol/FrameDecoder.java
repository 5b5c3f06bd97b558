package tinysns.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Splits the byte stream into frames (4-byte big-endian length, then that many bytes) and tells whether a frame
 * has been started and not finished, which {@link PartialFrameTimeout} needs to time out a stalled sender.
 */
public final class FrameDecoder extends LengthFieldBasedFrameDecoder {

    private long framesDecoded;

    public FrameDecoder(WireLimits limits) {
        // failFast: an oversized length is rejected as soon as the prefix is read, before any payload is buffered.
        super(limits.maxFrameBytes() + FrameCodec.LENGTH_PREFIX_BYTES, 0, FrameCodec.LENGTH_PREFIX_BYTES, 0,
                FrameCodec.LENGTH_PREFIX_BYTES, true);
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        if (!ctx.channel().isActive()) {
            // A bad frame earlier in this same read closed the connection: the frames after it must not be served.
            in.skipBytes(in.readableBytes());
            return null;
        }
        Object frame = super.decode(ctx, in);
        if (frame != null) {
            framesDecoded++;
        }
        return frame;
    }

    /** True while some bytes of a frame (even of its length prefix) have arrived but the frame is not complete. */
    public boolean hasPartialFrame() {
        return actualReadableBytes() > 0;
    }

    /** How many bytes of the unfinished frame are buffered. */
    public int bufferedBytes() {
        return actualReadableBytes();
    }

    /** Frames completed so far on this connection; a change tells that one frame ended (and maybe another began). */
    public long framesDecoded() {
        return framesDecoded;
    }
}
