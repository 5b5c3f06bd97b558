package tinysns.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.Heartbeat;
import tinysns.protocol.proto.ServerInfo;
import tinysns.protocol.proto.ServerType;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcClientOptions;
import tinysns.testing.NoLeaks;

/** Registration, re-registration after a coordinator restart, backoff and rejection, against a fake coordinator. */
@ExtendWith(NoLeaks.class)
class HeartbeatSenderTest {

    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final Heartbeat HEARTBEAT = Heartbeat.newBuilder()
            .setClusterId(2)
            .setServerInfo(ServerInfo.newBuilder().setServerId(7).setHostname("localhost").setPort(10007)
                    .setType(ServerType.SERVER))
            .build();

    /** The real timer, with every delay asked of it written down. */
    private static final class RecordingTimer implements Timer {
        final HashedWheelTimer delegate = new HashedWheelTimer(5, TimeUnit.MILLISECONDS);
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
    private final AtomicInteger rejections = new AtomicInteger();
    private FakeCoordinator coordinator;
    private RpcClient client;
    private HeartbeatSender sender;

    @BeforeEach
    void start() throws Exception {
        coordinator = FakeCoordinator.start();
        client = new RpcClient(timer, RpcClientOptions.DEFAULT.withoutKeepAlive().withRequestTimeout(Duration.ofSeconds(1)));
        sender = new HeartbeatSender(client, timer, "127.0.0.1", coordinator.port(), HEARTBEAT, INTERVAL,
                new Backoff(Duration.ofMillis(20), Duration.ofMillis(160)), rejections::incrementAndGet);
    }

    @AfterEach
    void stop() {
        sender.close();
        client.close();
        coordinator.close();
        timer.stop();
    }

    @Test
    void theFirstHeartbeatRegistersTheServerWithItsClusterAndServerInfo() {
        sender.start();
        await().atMost(Duration.ofSeconds(2)).until(() -> coordinator.heartbeatCount() >= 1);
        Heartbeat first = coordinator.heartbeats().get(0);
        assertEquals(2, first.getClusterId());
        assertEquals(7, first.getServerInfo().getServerId());
        assertEquals("localhost", first.getServerInfo().getHostname());
        assertEquals(10007, first.getServerInfo().getPort());
        assertEquals(ServerType.SERVER, first.getServerInfo().getType());
        await().atMost(Duration.ofSeconds(2)).until(() -> sender.accepted() >= 1);
    }

    @Test
    void heartbeatsKeepComingEveryIntervalOnTheInjectedTimer() {
        sender.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> coordinator.heartbeatCount() >= 5);
        assertTrue(timer.delaysMillis.stream().filter(d -> d == INTERVAL.toMillis()).count() >= 4,
                "each heartbeat scheduled the next one interval later: " + timer.delaysMillis);
        assertEquals(1, sender.connectAttempts(), "one connection carries every heartbeat");
        assertEquals(0, sender.outages());
    }

    @Test
    void afterACoordinatorRestartOnTheSamePortTheServerRegistersAgainLoggingTheOutageOnceAndTheRecoveryOnce()
            throws Exception {
        sender.start();
        await().atMost(Duration.ofSeconds(2)).until(() -> sender.accepted() >= 1);

        coordinator.stop();
        int attemptsBefore = sender.connectAttempts();
        await().atMost(Duration.ofSeconds(5)).until(() -> sender.connectAttempts() >= attemptsBefore + 5);
        assertEquals(1, sender.outages(), "one outage, however many failed attempts");
        assertEquals(0, sender.recoveries());

        int heartbeatsBefore = coordinator.heartbeatCount();
        coordinator.restart();
        await().atMost(Duration.ofSeconds(3)).until(() -> coordinator.heartbeatCount() > heartbeatsBefore);
        await().atMost(Duration.ofSeconds(2)).until(() -> sender.recoveries() == 1);
        await().atMost(Duration.ofSeconds(2)).until(() -> coordinator.heartbeatCount() >= heartbeatsBefore + 3);
        assertEquals(1, sender.outages());
        assertEquals(1, sender.recoveries());
        assertFalse(sender.rejected());
    }

    @Test
    void reconnectAttemptsBackOffExponentiallyUpToTheCap() {
        coordinator.stop();
        sender.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> sender.connectAttempts() >= 7);
        List<Long> delays = List.copyOf(timer.delaysMillis);
        assertTrue(Collections.indexOfSubList(delays, List.of(20L, 40L, 80L, 160L, 160L)) >= 0,
                "reconnect delays: " + delays);
        assertEquals(1, sender.outages());
    }

    @Test
    void aCoordinatorThatIsDownAtStartIsRetriedUntilItComesUp() throws Exception {
        coordinator.stop();
        sender.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> sender.connectAttempts() >= 3);
        coordinator.restart();
        await().atMost(Duration.ofSeconds(3)).until(() -> sender.accepted() >= 1);
        assertEquals(1, sender.outages());
        assertEquals(1, sender.recoveries(), "the first registration ends the start-up outage");
    }

    @Test
    void aGoodbyeIsOneLastHeartbeatMarkedLeavingAndNothingFollowsIt() {
        sender.start();
        await().atMost(Duration.ofSeconds(2)).until(() -> sender.accepted() >= 1);
        sender.sayGoodbye(Duration.ofSeconds(2));
        List<Heartbeat> seen = coordinator.heartbeats();
        Heartbeat last = seen.get(seen.size() - 1);
        assertTrue(last.getLeaving(), "the last heartbeat says goodbye");
        assertEquals(HEARTBEAT.getServerInfo(), last.getServerInfo());
        assertEquals(1, seen.stream().filter(Heartbeat::getLeaving).count());
        await().during(INTERVAL.multipliedBy(3)).atMost(Duration.ofSeconds(2))
                .until(() -> coordinator.heartbeatCount() == seen.size());
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
    @EnumSource(value = ErrorCode.class, names = {"SLOT_TAKEN", "INVALID_ARGUMENT", "UNAUTHENTICATED"})
    void aRejectedHeartbeatStopsTheHeartbeatsAndIsReportedOnce(ErrorCode code) {
        coordinator.rejectWith(code);
        sender.start();
        await().atMost(Duration.ofSeconds(2)).until(() -> rejections.get() == 1);
        assertTrue(sender.rejected());
        // Nothing is left on the timer (no next heartbeat, no reconnect), so nothing more can be sent.
        await().atMost(Duration.ofSeconds(2)).until(() -> timer.delegate.pendingTimeouts() == 0);
        int seen = coordinator.heartbeatCount();
        assertEquals(1, rejections.get());
        assertEquals(1, seen);
    }
}
