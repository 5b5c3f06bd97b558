package tinysns.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tinysns.coordination.HeardHeartbeats.HEARTBEAT;
import static tinysns.coordination.HeardHeartbeats.INTERVAL;

import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tinysns.protocol.proto.ClusterRole;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.Heartbeat;
import tinysns.protocol.proto.HeartbeatReply;
import tinysns.protocol.proto.ServerInfo;
import tinysns.protocol.proto.ServerType;
import tinysns.rpc.RemoteErrorException;
import tinysns.testing.ManualTimer;

/**
 * Registration, re-registration after a coordinator restart, backoff, rejection, goodbye and the lease told in each
 * reply, against a coordinator in memory, on a manual timer: every wait is a step of the test's own clock.
 */
class HeartbeatSenderTest {


    /** The manual timer, with every delay asked of it written down. */
    private static final class RecordingTimer implements Timer {
        final ManualTimer delegate = new ManualTimer();
        final List<Long> delaysMillis = new CopyOnWriteArrayList<>();

        @Override
        public Timeout newTimeout(TimerTask task, long delay, TimeUnit unit) {
            delaysMillis.add(unit.toMillis(delay));
            return delegate.newTimeout(task, delay, unit);
        }

        @Override
        public Set<Timeout> stop() {
            return delegate.stop();
        }
    }

    private final RecordingTimer timer = new RecordingTimer();
    private final FakeLinks coordinator = new FakeLinks();
    private final HeardHeartbeats heard = new HeardHeartbeats();
    private final List<HeartbeatReply> replies = heard.replies;
    private final List<RemoteErrorException> rejections = heard.rejections;
    private final HeartbeatSender sender = sender(INTERVAL);

    private HeartbeatSender sender(Duration interval) {
        return new HeartbeatSender(coordinator, timer, HEARTBEAT, interval,
                new Backoff(Duration.ofMillis(20), Duration.ofMillis(160)), heard);
    }

    @AfterEach
    void stop() {
        sender.close();
        timer.stop();
    }

    private void advance(Duration by) {
        timer.delegate.advance(by);
    }

    @Test
    void theFirstHeartbeatRegistersTheServerWithItsClusterAndServerInfo() {
        sender.start();
        assertEquals(1, coordinator.heartbeatCount());
        Heartbeat first = coordinator.heartbeats.get(0);
        assertEquals(2, first.getClusterId());
        assertEquals(7, first.getServerInfo().getServerId());
        assertEquals("localhost", first.getServerInfo().getHostname());
        assertEquals(10007, first.getServerInfo().getPort());
        assertEquals(ServerType.SERVER, first.getServerInfo().getType());
        assertEquals(1, sender.accepted());
    }

    @Test
    void heartbeatsKeepComingEveryIntervalOnTheInjectedTimer() {
        sender.start();
        advance(INTERVAL.minusMillis(1));
        assertEquals(1, coordinator.heartbeatCount(), "not before the interval");
        advance(Duration.ofMillis(1));
        assertEquals(2, coordinator.heartbeatCount(), "at the interval");
        advance(INTERVAL.multipliedBy(3));
        assertEquals(5, coordinator.heartbeatCount());
        assertTrue(timer.delaysMillis.stream().filter(d -> d == INTERVAL.toMillis()).count() >= 4,
                "each heartbeat scheduled the next one interval later: " + timer.delaysMillis);
        assertEquals(1, sender.connectAttempts(), "one connection carries every heartbeat");
        assertEquals(0, sender.outages());
    }

    @Test
    void afterACoordinatorRestartTheServerRegistersAgainLoggingTheOutageOnceAndTheRecoveryOnce() {
        sender.start();
        assertEquals(1, sender.accepted());

        coordinator.stop();
        int attemptsBefore = sender.connectAttempts();
        advance(Duration.ofSeconds(1));
        assertTrue(sender.connectAttempts() >= attemptsBefore + 5, "attempts: " + sender.connectAttempts());
        assertEquals(1, sender.outages(), "one outage, however many failed attempts");
        assertEquals(0, sender.recoveries());

        int heartbeatsBefore = coordinator.heartbeatCount();
        coordinator.restart();
        advance(Duration.ofMillis(160)); // the longest backoff
        assertEquals(heartbeatsBefore + 1, coordinator.heartbeatCount(), "registered again");
        assertEquals(1, sender.recoveries());
        advance(INTERVAL.multipliedBy(2));
        assertEquals(heartbeatsBefore + 3, coordinator.heartbeatCount());
        assertEquals(1, sender.outages());
        assertEquals(1, sender.recoveries());
        assertFalse(sender.rejected());
    }

    @Test
    void reconnectAttemptsBackOffExponentiallyUpToTheCap() {
        coordinator.stop();
        sender.start();
        advance(Duration.ofMillis(20 + 40 + 80 + 160 + 160));
        assertEquals(6, sender.connectAttempts());
        List<Long> delays = List.copyOf(timer.delaysMillis);
        assertTrue(Collections.indexOfSubList(delays, List.of(20L, 40L, 80L, 160L, 160L)) >= 0, "reconnect delays: " + delays);
        assertEquals(1, sender.outages());
    }

    @Test
    void aCoordinatorThatIsDownAtStartIsRetriedUntilItComesUp() {
        coordinator.stop();
        sender.start();
        advance(Duration.ofMillis(100));
        assertTrue(sender.connectAttempts() >= 3);
        coordinator.restart();
        advance(Duration.ofMillis(160));
        assertEquals(1, sender.accepted());
        assertEquals(1, sender.outages());
        assertEquals(1, sender.recoveries(), "the first registration ends the start-up outage");
    }

    @Test
    void aGoodbyeIsOneLastHeartbeatMarkedLeavingAndNothingFollowsIt() {
        sender.start();
        advance(INTERVAL);
        sender.sayGoodbye(Duration.ofSeconds(2));
        List<Heartbeat> seen = List.copyOf(coordinator.heartbeats);
        Heartbeat last = seen.get(seen.size() - 1);
        assertTrue(last.getLeaving(), "the last heartbeat says goodbye");
        assertEquals(HEARTBEAT.getServerInfo(), last.getServerInfo());
        assertEquals(1, seen.stream().filter(Heartbeat::getLeaving).count());
        advance(INTERVAL.multipliedBy(3));
        assertEquals(seen.size(), coordinator.heartbeatCount());
        assertEquals(0, timer.delegate.pendingCount(), "nothing left on the timer");
    }

    @Test
    void aGoodbyeWithoutACoordinatorReturnsAtOnce() {
        coordinator.stop();
        sender.start();
        long started = System.nanoTime();
        sender.sayGoodbye(Duration.ofSeconds(10));
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(5).toNanos(), "it did not wait for the coordinator");
    }

    @ParameterizedTest
    @EnumSource(value = ErrorCode.class, names = {"SLOT_TAKEN", "INVALID_ARGUMENT", "UNAUTHENTICATED", "UNSUPPORTED"})
    void aRejectedHeartbeatStopsTheHeartbeatsAndIsReportedOnce(ErrorCode code) {
        coordinator.rejectWith(code);
        sender.start();
        assertEquals(1, rejections.size());
        assertEquals(code, rejections.get(0).code());
        assertTrue(sender.rejected());
        // Nothing is left on the timer (no next heartbeat, no reconnect), so nothing more can be sent.
        assertEquals(0, timer.delegate.pendingCount());
        advance(Duration.ofSeconds(5));
        assertEquals(1, coordinator.heartbeatCount());
        assertEquals(1, rejections.size());
    }

    @Test
    void aRefusalThatRetryingMayMendIsAnOutageNotARejection() {
        coordinator.rejectWith(ErrorCode.OVERLOADED);
        sender.start();
        assertFalse(sender.rejected());
        assertEquals(1, sender.outages());
        coordinator.rejectWith(null);
        advance(Duration.ofMillis(20));
        assertEquals(1, sender.accepted());
        assertEquals(1, sender.recoveries());
    }

    @Test
    void aLeaseTooShortForTheIntervalMakesTheSenderBeatEveryThirdOfItInsteadOfDyingBetweenBeats() {
        HeartbeatSender slow = sender(Duration.ofSeconds(5));
        coordinator.answer(HeartbeatReply.newBuilder().setLeaseMillis(4_000).build());
        try {
            slow.start();
            Duration third = Duration.ofMillis(1_333).plusNanos(333_333);
            assertEquals(third, slow.interval());
            // Beats come a third of the lease apart from the first one, so no gap reaches the 4 s lease.
            advance(third);
            assertEquals(2, coordinator.heartbeatCount(), "the first beat after the reply came a third of the lease later");
            advance(third.multipliedBy(2));
            assertEquals(4, coordinator.heartbeatCount());

            // A coordinator that comes back with the default lease gets the configured interval again.
            coordinator.answer(HeartbeatReply.newBuilder().setLeaseMillis(10_000).build());
            advance(third);
            assertEquals(Duration.ofSeconds(5), slow.interval());
        } finally {
            slow.close();
        }
    }

    @Test
    void anIntervalThatFitsTheLeaseIsKept() {
        sender.start();
        assertEquals(INTERVAL, sender.interval());
    }

    @Test
    void theOwnerHearsEveryReplyWithWhatTheCoordinatorSaid() {
        HeartbeatReply slave = HeartbeatReply.newBuilder().setLeaseMillis(10_000).setRole(ClusterRole.SLAVE).setEpoch(3)
                .setMaster(ServerInfo.newBuilder().setServerId(1).setHostname("m").setPort(10001)).build();
        coordinator.answer(slave);
        sender.start();
        advance(INTERVAL.multipliedBy(2));
        assertEquals(3, replies.size());
        assertEquals(List.of(slave, slave, slave), replies);
    }
}
