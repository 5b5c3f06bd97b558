package tinysns.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import tinysns.coordination.Clusters;
import tinysns.protocol.proto.ServerType;
import tinysns.testing.ManualClock;
import tinysns.testing.ManualTimer;

/** The lease rules, on a clock and timer the test moves: never dead early, dead within one tick after the lease. */
class LeaseExpiryTest {

    private static final Duration LEASE = Clusters.DEFAULT_LEASE;
    private static final Duration TICK = Duration.ofMillis(100);
    private static final Duration MS = Duration.ofMillis(1);

    private final ManualClock clock = new ManualClock();
    private final ManualTimer timer = new ManualTimer(clock, TICK);
    private final RecordingListener events = new RecordingListener();
    private final RegistrationTable table = new RegistrationTable(3, LEASE, timer, clock, events);

    @Test
    void serverIsStillAliveOneMillisecondBeforeItsLeaseEnds() {
        register(1, 1, "localhost", 10000);
        timer.advance(LEASE.minus(MS));
        assertTrue(row(1, 1).alive());
        assertEquals("localhost", table.assign(1).host());
        assertTrue(events.deaths.isEmpty());
    }

    @Test
    void serverIsDeclaredDeadTenSecondsAfterItsLastHeartbeatAtMostOneTickLate() {
        clock.moveTo(Duration.ofMillis(30).toNanos());   // off the tick grid, so the timer really fires late
        register(1, 1, "localhost", 10000);
        timer.advance(LEASE.plus(TICK));
        assertFalse(row(1, 1).alive());
        assertNull(table.assign(1));
        assertEquals(1, events.deaths.size());
        long silent = events.deaths.get(0).nanosSinceHeartbeat();
        assertTrue(silent >= LEASE.toNanos() && silent <= LEASE.plus(TICK).toNanos(), "silent for " + silent + " ns");
    }

    @Test
    void heartbeatOneMillisecondBeforeTheLeaseEndsKeepsServerAliveForAnotherFullLease() {
        register(1, 1, "localhost", 10000);
        timer.advance(LEASE.minus(MS));
        assertEquals(HeartbeatOutcome.RENEWED, table.heartbeat(1, 1, "localhost", 10000, ServerType.SERVER));
        long lastHeartbeat = clock.getAsLong();

        timer.advance(LEASE.minus(MS));
        assertTrue(row(1, 1).alive(), "alive one millisecond before the renewed lease ends");
        timer.advance(MS.plus(TICK));
        assertFalse(row(1, 1).alive(), "dead within one tick after the renewed lease");
        assertEquals(lastHeartbeat, row(1, 1).lastHeartbeatNanos());
        assertTrue(events.deaths.get(0).nanosSinceHeartbeat() >= LEASE.toNanos());
    }

    @Test
    void deadServerThatHeartbeatsAgainIsAliveAgainAndDiesAgainAfterAnotherLease() {
        register(2, 5, "host-a", 10000);
        timer.advance(LEASE.plus(TICK));
        assertFalse(row(2, 5).alive());

        assertEquals(HeartbeatOutcome.REVIVED, table.heartbeat(2, 5, "host-a", 10000, ServerType.SERVER));
        assertTrue(row(2, 5).alive());
        assertEquals(1, events.returns.size());
        assertNull(events.returns.get(0).previous(), "same address: no previous endpoint to report");
        assertEquals("host-a", table.assign(2).host());

        timer.advance(LEASE.minus(MS));
        assertTrue(row(2, 5).alive());
        timer.advance(MS.plus(TICK));
        assertFalse(row(2, 5).alive());
        assertEquals(2, events.deaths.size());
    }

    @Test
    void renewalsArmNoTimersOnlyOneTimeoutPerLiveServer() {
        register(1, 1, "localhost", 10000);
        for (int i = 0; i < 1_000; i++) {
            timer.advance(Duration.ofMillis(50));
            assertEquals(HeartbeatOutcome.RENEWED, table.heartbeat(1, 1, "localhost", 10000, ServerType.SERVER));
        }
        assertEquals(1, timer.pendingCount());
        assertTrue(row(1, 1).alive());
        assertTrue(events.deaths.isEmpty());
    }

    @Test
    void deadServerHoldsNoTimeout() {
        register(1, 1, "localhost", 10000);
        timer.advance(LEASE.plus(TICK));
        assertEquals(0, timer.pendingCount());
        table.heartbeat(1, 1, "localhost", 10000, ServerType.SERVER);
        assertEquals(1, timer.pendingCount());
    }

    @Test
    void heartbeatFromAnotherAddressCannotTakeALiveSlot() {
        register(1, 3, "host-a", 10000);
        HeartbeatOutcome hijack = table.heartbeat(1, 3, "host-b", 10000, ServerType.SERVER);
        assertEquals(HeartbeatOutcome.Kind.SLOT_TAKEN, hijack.kind());
        assertTrue(hijack.reason().contains("host-a:10000"), hijack.reason());
        assertEquals("host-a:10000", row(1, 3).endpoint().address());
        assertEquals(HeartbeatOutcome.Kind.SLOT_TAKEN, table.heartbeat(1, 3, "host-a", 10001, ServerType.SERVER).kind());

        timer.advance(LEASE.minus(MS));
        assertTrue(row(1, 3).alive(), "the holder stays alive until its own lease ends");
        timer.advance(MS.plus(TICK));
        assertFalse(row(1, 3).alive(), "a rejected heartbeat must not renew the holder's lease");
    }

    @Test
    void anotherAddressTakesTheSlotOnceItsHolderIsDead() {
        register(1, 3, "host-a", 10000);
        timer.advance(LEASE.plus(TICK));

        assertEquals(HeartbeatOutcome.REVIVED, table.heartbeat(1, 3, "host-b", 10001, ServerType.SERVER));
        assertEquals("host-b:10001", row(1, 3).endpoint().address());
        assertTrue(row(1, 3).alive());
        assertEquals("host-a:10000", events.returns.get(0).previous().address());
        assertEquals("host-b", table.assign(1).host());
        assertEquals(HeartbeatOutcome.Kind.SLOT_TAKEN, table.heartbeat(1, 3, "host-a", 10000, ServerType.SERVER).kind());
    }

    @Test
    void aDeathIsNeverDeclaredBeforeTheLeaseWhateverTheHeartbeatRhythm() {
        // Heartbeats at irregular gaps, all shorter than the lease: the server must never die.
        long[] gapsMillis = {9_999, 1, 5_000, 9_900, 7_777, 9_999, 3, 9_998};
        register(3, 9, "localhost", 10000);
        for (long gap : gapsMillis) {
            timer.advance(Duration.ofMillis(gap));
            assertEquals(HeartbeatOutcome.RENEWED, table.heartbeat(3, 9, "localhost", 10000, ServerType.SERVER));
        }
        assertTrue(events.deaths.isEmpty());
        timer.advance(LEASE.plus(TICK));
        assertEquals(1, events.deaths.size());
    }

    private void register(int cluster, int server, String host, int port) {
        assertEquals(HeartbeatOutcome.REGISTERED, table.heartbeat(cluster, server, host, port, ServerType.SERVER));
    }

    private RegisteredServer row(int cluster, int server) {
        return table.snapshot().servers().stream()
                .filter(s -> s.clusterId() == cluster && s.serverId() == server)
                .findFirst().orElseThrow();
    }
}
