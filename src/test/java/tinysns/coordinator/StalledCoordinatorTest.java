package tinysns.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import tinysns.protocol.proto.ServerType;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import tinysns.testing.ManualClock;
import tinysns.testing.ManualTimer;

/**
 * A coordinator that stood still (GC pause, SIGSTOP) reads the heartbeats that waited for it before it declares
 * anyone dead; one that does not lead declares no one dead (docs/CONTRACT.md section 10). The stall is the clock
 * moving on while the timer does not fire.
 */
class StalledCoordinatorTest {

    private static final Duration LEASE = Duration.ofSeconds(10);
    private static final Duration TICK = Duration.ofMillis(10);

    private final ManualClock clock = new ManualClock();
    private final ManualTimer timer = new ManualTimer(clock, TICK);
    private final RecordingListener events = new RecordingListener();
    private final AtomicBoolean leads = new AtomicBoolean(true);
    private final RegistrationTable table = new RegistrationTable(3, LEASE, timer, clock, events, new Leadership() {
        @Override
        public boolean leads() {
            return leads.get();
        }

        @Override
        public String leader() {
            return "";
        }
    });

    private final TableTakeover takeover = new TableTakeover(table);

    @Test
    void aHeartbeatThatWaitedThroughAStallIsReadBeforeTheLateTimerDeclaresADeath() {
        register();
        stallFor(LEASE.plusSeconds(5));
        timer.advance(Duration.ZERO);               // the timer wakes first, 5 s late: it grants a grace
        assertTrue(alive(), "declared dead before the heartbeats that waited were read");
        assertEquals(HeartbeatOutcome.RENEWED, heartbeat()); // an I/O thread reads the waiting heartbeat
        timer.advance(DeathGuard.GRACE.plus(TICK));
        assertTrue(alive());
        assertTrue(events.deaths.isEmpty());
    }

    @Test
    void aServerSilentThroughTheStallIsDeclaredDeadOnceTheGraceHasPassed() {
        register();
        stallFor(LEASE.plusSeconds(5));
        timer.advance(Duration.ZERO);
        assertTrue(alive());
        timer.advance(DeathGuard.GRACE.plus(TICK));
        assertFalse(alive());
        assertEquals(1, events.deaths.size());
    }

    @Test
    void aTimerRunningOnTimeGrantsNoGrace() {
        register();
        timer.advance(LEASE.plus(TICK));
        assertFalse(alive(), "a death on time must not wait for a grace");
    }

    @Test
    void aCoordinatorThatDoesNotLeadDeclaresNoOneDeadUntilItLeadsAgain() {
        register();
        leads.set(false);
        timer.advance(LEASE.plusSeconds(5));
        assertTrue(alive());
        leads.set(true);
        timer.advance(DeathGuard.GRACE.plus(TICK));
        assertFalse(alive());
    }

    @Test
    void aRestoredRegistrationKeepsItsPlaceAndAFreshLeaseAndTheRecordedMasterStaysMaster() {
        clock.moveTo(Duration.ofSeconds(100).toNanos());
        takeover.restore(1, 7, "host-a", 9001, ServerType.SERVER, false);
        takeover.restore(1, 3, "host-b", 9002, ServerType.SERVER, true);
        takeover.restore(1, 4, "host-c", 9003, ServerType.SERVER, true);
        takeover.takeOverMastership(1, 4, 7L << 32);
        assertEquals("host-c:9003", table.assign(1).address(), "the master the previous leader recorded stays master");
        assertEquals(4, takeover.masterServerId(1));
        takeover.clear();
        takeover.restore(1, 7, "host-a", 9001, ServerType.SERVER, false);
        takeover.restore(1, 3, "host-b", 9002, ServerType.SERVER, true);
        takeover.takeOverMastership(1, 0, 8L << 32);
        assertEquals("host-b:9002", table.assign(1).address(), "a dead first server is not assigned");
        assertEquals(HeartbeatOutcome.REVIVED, table.heartbeat(1, 7, "host-a", 9001, ServerType.SERVER));
        assertEquals("host-b:9002", table.assign(1).address(), "a server back from the dead returns as a slave");
        timer.advance(LEASE.minusMillis(1));
        assertTrue(takeover.registered(1, 3).alive(), "the restored lease started at the restore");
        takeover.clear();
        assertEquals(0, table.size());
        timer.advance(LEASE);
        assertTrue(events.deaths.isEmpty(), "a cleared registration is forgotten, not declared dead");
    }

    private void register() {
        assertEquals(HeartbeatOutcome.REGISTERED, heartbeat());
    }

    private HeartbeatOutcome heartbeat() {
        return table.heartbeat(1, 1, "localhost", 10000, ServerType.SERVER);
    }

    private boolean alive() {
        return takeover.registered(1, 1).alive();
    }

    private void stallFor(Duration pause) {
        clock.moveTo(clock.getAsLong() + pause.toNanos());
    }
}
