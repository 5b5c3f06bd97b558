package tinysns.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tinysns.protocol.proto.ClusterRole;
import tinysns.protocol.proto.HeartbeatReply;
import tinysns.testing.ManualClock;
import tinysns.testing.ManualTimer;

/** docs/CONTRACT.md section 8: a slave that lost its master's link hears of the failover within half a second. */
class FailoverWatchTest {

    private final ManualClock clock = new ManualClock();
    private final ManualTimer timer = new ManualTimer(clock, Duration.ofMillis(10));
    private final ReplicaState replica = ReplicaState.starting(clock, "slave");
    private final AtomicInteger asked = new AtomicInteger();
    private final FailoverWatch watch = new FailoverWatch(replica, timer, clock);

    private void told(ClusterRole role, long epoch) {
        replica.replied(HeartbeatReply.newBuilder().setLeaseMillis(10_000).setRole(role).setEpoch(epoch).build(),
                clock.getAsLong());
    }

    @Test
    void aSlaveAsksEveryHalfSecondUntilANewEpochIsNamed() {
        replica.askSoonerWith(asked::incrementAndGet);
        told(ClusterRole.SLAVE, 1);
        watch.masterLinkClosed();
        watch.masterLinkClosed(); // a second link of the same master: still one watch
        assertEquals(2, asked.get());
        timer.advance(Duration.ofMillis(2_000));
        assertEquals(6, asked.get());
        told(ClusterRole.MASTER, 2);
        timer.advance(Duration.ofMillis(2_000));
        assertEquals(6, asked.get(), "the failover was heard: no more asking");
    }

    @Test
    void withNoNewMasterItStopsAskingALeaseAndAHalfLater() {
        replica.askSoonerWith(asked::incrementAndGet);
        told(ClusterRole.SLAVE, 1);
        watch.masterLinkClosed();
        timer.advance(Duration.ofSeconds(20));
        int atTheEnd = asked.get();
        assertEquals(31, atTheEnd, "once at the close, then every 0.5 s for 15 s");
        timer.advance(Duration.ofSeconds(10));
        assertEquals(atTheEnd, asked.get());
    }
}
