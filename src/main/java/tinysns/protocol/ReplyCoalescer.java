package tinysns.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.EncoderException;
import java.util.ArrayList;
import java.util.List;

/**
 * A server's replies written while it handles one read batch go out as one buffer: the frames of
 * {@link EncodedEnvelope}s (a heartbeat's reply, say) are appended to a buffer of the connection's, written when the
 * batch ends. Under many requests in flight that is one allocation, one outbound entry and one release per batch
 * where each reply cost its own, which was most of what the coordinator spent beyond the echo floor.
 *
 * <p>Order is kept: any other write first sends what was appended. Outside a read batch (a reply from another
 * thread, a push) nothing is held. Each reply's promise completes when the buffer holding it has been written, so
 * the in-flight limiter still counts a reply until it leaves. A frame over the limit fails its promise as
 * {@link EnvelopeEncoder} would, and nothing is appended.
 *
 * <p>In the pipeline after the encoder (outbound writes reach it first) and before the handlers that reply (it sees
 * their reads begin and the batch end).
 */
public final class ReplyCoalescer extends ChannelDuplexHandler {

    /** Beyond this many bytes held, what is held is written at once (flushed with the batch). */
    private static final int MAX_HELD_BYTES = 64 * 1024;
    private static final int FIRST_BUFFER_BYTES = 4 * 1024;

    private final int maxFrameBytes;
    private final List<ChannelPromise> heldPromises = new ArrayList<>();
    private ByteBuf held;
    private boolean inReadBatch;
    /** A flush was asked for during the batch: done once, when the batch ends. */
    private boolean flushAtBatchEnd;

    public ReplyCoalescer(WireLimits limits) {
        this.maxFrameBytes = limits.maxFrameBytes();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        inReadBatch = true;
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        inReadBatch = false;
        if (held != null || flushAtBatchEnd) {
            flushAtBatchEnd = false;
            writeHeld(ctx);
            ctx.flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!inReadBatch || !(msg instanceof EncodedEnvelope reply)) {
            writeHeld(ctx);
            ctx.write(msg, promise);
            return;
        }
        int size = reply.serializedSize();
        if (size > maxFrameBytes) {
            promise.setFailure(new EncoderException(EnvelopeEncoder.tooLong(reply.body().bodyCase(), size, maxFrameBytes)));
            return;
        }
        int frameBytes = FrameCodec.LENGTH_PREFIX_BYTES + size;
        if (held != null && held.readableBytes() + frameBytes > MAX_HELD_BYTES) {
            writeHeld(ctx);
        }
        if (held == null) {
            held = ctx.alloc().ioBuffer(Math.max(FIRST_BUFFER_BYTES, frameBytes));
        }
        EnvelopeEncoder.writeFrame(reply, held);
        if (!promise.isVoid()) {
            heldPromises.add(promise);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (inReadBatch) {
            flushAtBatchEnd = true; // flush consolidation would hold it until then too
            return;
        }
        writeHeld(ctx);
        ctx.flush();
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        writeHeld(ctx);
        ctx.flush();
        ctx.close(promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (held != null) {
            held.release();
            held = null;
            failHeld(new IllegalStateException("the connection's pipeline was taken down before the reply was written"));
        }
    }

    private void writeHeld(ChannelHandlerContext ctx) {
        if (held == null) {
            return;
        }
        ByteBuf batch = held;
        held = null;
        if (heldPromises.isEmpty()) {
            ctx.write(batch, ctx.voidPromise());
            return;
        }
        ChannelPromise[] waiting = heldPromises.toArray(new ChannelPromise[0]);
        heldPromises.clear();
        ctx.write(batch).addListener((ChannelFuture written) -> {
            for (ChannelPromise promise : waiting) {
                if (written.isSuccess()) {
                    promise.trySuccess();
                } else {
                    promise.tryFailure(written.cause());
                }
            }
        });
    }

    private void failHeld(Throwable cause) {
        for (ChannelPromise promise : heldPromises) {
            promise.tryFailure(cause);
        }
        heldPromises.clear();
    }
}
