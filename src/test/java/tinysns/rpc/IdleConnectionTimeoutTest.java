package tinysns.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tinysns.testing.ManualTimer;
import tinysns.testing.NoLeaks;

/** The server's idle timeout, on a timer the test moves: quiet peers are closed, talking ones never. */
@ExtendWith(NoLeaks.class)
class IdleConnectionTimeoutTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ManualTimer timer = new ManualTimer();
    private final EmbeddedChannel channel = new EmbeddedChannel(
            new IdleConnectionTimeout(timer, timer::nanoTime, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    private void receiveAByte() {
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0}));
        ReferenceCountUtil.release(channel.readInbound());
    }

    private void advance(Duration by) {
        timer.advance(by);
        channel.runPendingTasks(); // the timer hands its check to the channel's event loop
    }

    @Test
    void aConnectionThatSendsNothingIsClosedThirtySecondsAfterItsLastByteAndNotBefore() {
        receiveAByte();
        advance(TIMEOUT.minusMillis(1));
        assertTrue(channel.isOpen(), "not a moment before the timeout");
        advance(Duration.ofMillis(1));
        assertFalse(channel.isOpen());
        assertEquals(0, timer.pendingCount());
    }

    @Test
    void aClientPingingEverySecondIsNeverClosed() {
        for (int second = 0; second < 600; second++) {
            receiveAByte();
            advance(Duration.ofSeconds(1));
        }
        assertTrue(channel.isOpen());
        assertEquals(1, timer.pendingCount(), "one timeout per connection, however many reads");
    }

    @Test
    void whileThisSideHasStoppedReadingThePeerIsNotBlamedForTheSilence() {
        channel.config().setAutoRead(false);
        advance(TIMEOUT.multipliedBy(3));
        assertTrue(channel.isOpen());
        channel.config().setAutoRead(true);
        advance(TIMEOUT.minusMillis(1));
        assertTrue(channel.isOpen(), "the wait starts over once reading resumes");
        advance(TIMEOUT);
        assertFalse(channel.isOpen());
    }
}
