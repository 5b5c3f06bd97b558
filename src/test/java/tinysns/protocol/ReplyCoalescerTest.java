package tinysns.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import tinysns.protocol.proto.Confirmation;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.ErrorReply;

/** Replies written during one read batch leave as one buffer, in the order written; anything else as before. */
class ReplyCoalescerTest {

    private static final WireLimits LIMITS = new WireLimits(1024);
    private static final EncodedBody CONFIRMED = EncodedBody.of(
            Envelope.newBuilder().setConfirmation(Confirmation.newBuilder().setStatus(true)).build());

    /** A channel whose handler answers each inbound message (a message ID) by running {@code answerer} on it. */
    private static EmbeddedChannel channel(Consumer<Long> answerer) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast(new EnvelopeEncoder(LIMITS), new ReplyCoalescer(LIMITS),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        answerer.accept((Long) msg);
                    }
                });
        return channel;
    }

    /** Every frame in what the channel wrote, in order, and how many buffers carried them. */
    private static List<Envelope> framesWritten(EmbeddedChannel channel, int[] buffers) throws Exception {
        List<Envelope> frames = new ArrayList<>();
        for (ByteBuf out; (out = channel.readOutbound()) != null; ) {
            buffers[0]++;
            try {
                while (out.isReadable()) {
                    int length = out.readInt();
                    byte[] bytes = new byte[length];
                    out.readBytes(bytes);
                    frames.add(Envelope.parseFrom(bytes));
                }
            } finally {
                ReferenceCountUtil.release(out);
            }
        }
        return frames;
    }

    @Test
    void repliesOfOneReadBatchLeaveAsOneBufferInTheOrderWrittenAndTheirFuturesCompleteThen() throws Exception {
        List<ChannelFuture> written = new ArrayList<>();
        EmbeddedChannel[] holder = new EmbeddedChannel[1];
        holder[0] = channel(id -> {
            if (id == 2) { // a reply built per request goes between the encoded ones, in its place
                written.add(holder[0].writeAndFlush(Envelope.newBuilder().setMessageId(id)
                        .setError(ErrorReply.newBuilder().setMessage("built")).build()));
            } else {
                written.add(holder[0].writeAndFlush(new EncodedEnvelope(id, CONFIRMED)));
            }
            assertFalse(written.get(written.size() - 1).isDone(), "nothing leaves before the batch ends");
        });
        EmbeddedChannel channel = holder[0];

        channel.writeInbound(1L, 2L, 3L, 4L);

        int[] buffers = {0};
        List<Envelope> frames = framesWritten(channel, buffers);
        assertEquals(List.of(1L, 2L, 3L, 4L), frames.stream().map(Envelope::getMessageId).toList());
        assertEquals(Envelope.BodyCase.ERROR, frames.get(1).getBodyCase());
        assertEquals(3, buffers[0], "reply 1, the built reply, then replies 3 and 4 together");
        assertTrue(written.stream().allMatch(ChannelFuture::isSuccess));
    }

    @Test
    void aReplyWrittenOutsideAReadBatchLeavesAtOnce() throws Exception {
        EmbeddedChannel channel = channel(id -> { });
        ChannelFuture push = channel.writeAndFlush(new EncodedEnvelope(9, CONFIRMED));
        assertTrue(push.isSuccess());
        int[] buffers = {0};
        assertEquals(List.of(9L), framesWritten(channel, buffers).stream().map(Envelope::getMessageId).toList());
    }

    @Test
    void aReplyOverTheFrameLimitFailsAloneAsTheEncoderWouldAndTheOthersLeave() throws Exception {
        EncodedBody huge = EncodedBody.of(Envelope.newBuilder().setError(ErrorReply.newBuilder()
                .setMessage(ByteString.copyFrom(new byte[2000]).toStringUtf8())).build());
        List<ChannelFuture> written = new ArrayList<>();
        EmbeddedChannel[] holder = new EmbeddedChannel[1];
        holder[0] = channel(id -> written.add(holder[0].writeAndFlush(new EncodedEnvelope(id, id == 2 ? huge : CONFIRMED))));

        holder[0].writeInbound(1L, 2L, 3L);

        int[] buffers = {0};
        assertEquals(List.of(1L, 3L), framesWritten(holder[0], buffers).stream().map(Envelope::getMessageId).toList());
        EncoderException failure = assertInstanceOf(EncoderException.class, written.get(1).cause());
        assertInstanceOf(TooLongFrameException.class, failure.getCause());
        assertTrue(written.get(0).isSuccess() && written.get(2).isSuccess());
        assertNull(holder[0].readOutbound());
    }
}
