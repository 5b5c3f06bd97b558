package tinysns.protocol;

import tinysns.testing.ManualTimer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Message;
import tinysns.testing.NoLeaks;

@ExtendWith(NoLeaks.class)
class PartialFrameTimeoutTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ManualTimer timer = new ManualTimer();
    private final EmbeddedChannel channel = newChannel();

    private EmbeddedChannel newChannel() {
        EmbeddedChannel ch = new EmbeddedChannel();
        FrameCodec.install(ch.pipeline(), WireLimits.DEFAULT);
        ch.pipeline().addBefore("frameDecoder", "partialFrameTimeout", new PartialFrameTimeout(
                ch.pipeline().get(FrameDecoder.class), timer, timer::nanoTime, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        ch.pipeline().addLast(ProtocolErrorHandler.INSTANCE);
        return ch;
    }

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    private static byte[] frame(int n) {
        return FrameCodec.frameBytes(Envelope.newBuilder().setMessageId(n)
                .setPost(Message.newBuilder().setUsername("7").setMsg("post number " + n)).build());
    }

    private void receive(byte[] bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
    }

    private void advance(Duration by) {
        timer.advance(by);
        channel.runPendingTasks(); // the timer hands its check to the channel's event loop
    }

    @Test
    void aConnectionThatIsQuietBetweenFramesIsNeverClosed() {
        receive(frame(1));
        advance(Duration.ofMinutes(10));
        assertTrue(channel.isOpen());
        assertEquals(1, ((Envelope) channel.readInbound()).getMessageId());
        assertEquals(0, timer.pendingCount(), "no timeout is set while no frame is under way");
    }

    @Test
    void aFrameStartedAndNotFinishedClosesTheConnectionThirtySecondsAfterItsFirstByte() {
        byte[] whole = frame(1);
        receive(Arrays.copyOf(whole, 10));
        advance(TIMEOUT.minusMillis(1));
        assertTrue(channel.isOpen(), "not a moment before the timeout");
        advance(Duration.ofMillis(1));
        assertFalse(channel.isOpen());
    }

    @Test
    void halfALengthPrefixIsAStartedFrameToo() {
        receive(new byte[] {0, 0});
        advance(TIMEOUT);
        assertFalse(channel.isOpen());
    }

    @Test
    void aFrameTricklingInByteByByteIsClosedWhenItHasTakenLongerThanTheTimeout() {
        byte[] whole = FrameCodec.frameBytes(Envelope.newBuilder().setMessageId(1)
                .setPost(Message.newBuilder().setMsg("x".repeat(100))).build());
        for (int i = 0; i < whole.length - 1 && channel.isOpen(); i++) {
            receive(new byte[] {whole[i]});
            advance(Duration.ofSeconds(1));
        }
        assertFalse(channel.isOpen(), "bytes kept coming, but the frame was not finished within 30 s");
    }

    @Test
    void aBusyPeerWhoseReadsAlwaysEndMidFrameIsNotClosedAsLongAsEachFrameFinishesInTime() {
        byte[] stream = new byte[0];
        for (int n = 1; n <= 20; n++) {
            byte[] next = frame(n);
            int at = stream.length;
            stream = Arrays.copyOf(stream, at + next.length);
            System.arraycopy(next, 0, stream, at, next.length);
        }
        // Each read finishes one frame and starts the next; reads are 20 s apart, each frame takes 20 s.
        int frameLength = frame(1).length;
        int sent = 0;
        for (int n = 0; n < 19; n++) {
            int upTo = (n + 1) * frameLength + 3;
            receive(Arrays.copyOfRange(stream, sent, upTo));
            sent = upTo;
            advance(Duration.ofSeconds(20));
            assertTrue(channel.isOpen(), "closed after frame " + (n + 1) + " although no frame took over 20 s");
        }
        receive(Arrays.copyOfRange(stream, sent, stream.length));
        for (int n = 1; n <= 20; n++) {
            assertEquals(n, ((Envelope) channel.readInbound()).getMessageId());
        }
        assertNull(channel.readInbound());
        advance(Duration.ofMinutes(5));
        assertTrue(channel.isOpen());
    }

    @Test
    void whileThisSideHasStoppedReadingThePeerIsNotBlamedForAnUnfinishedFrame() {
        receive(Arrays.copyOf(frame(1), 10));
        channel.config().setAutoRead(false); // as the in-flight limit does
        advance(TIMEOUT.multipliedBy(4));
        assertTrue(channel.isOpen());
        channel.config().setAutoRead(true);
        advance(TIMEOUT);
        assertFalse(channel.isOpen(), "once reading again, the peer gets one more full timeout");
    }
}
