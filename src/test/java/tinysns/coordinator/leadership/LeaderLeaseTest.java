package tinysns.coordinator.leadership;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import tinysns.testing.ManualClock;

/** Leadership holds only while ZooKeeper confirmed it within the window, measured from when it was asked. */
class LeaderLeaseTest {

    private static final Duration SESSION = Duration.ofSeconds(4);

    private final ManualClock clock = new ManualClock();
    private final LeaderLease lease = new LeaderLease(SESSION, clock);

    @Test
    void aLeaderLeadsUntilTheWindowAfterItsLastConfirmationHasPassed() {
        lease.elected(clock.getAsLong());
        assertTrue(lease.valid());
        clock.moveTo(lease.window().toNanos() - 1);
        assertTrue(lease.valid());
        clock.moveTo(lease.window().toNanos());
        assertFalse(lease.valid(), "a leader whose leadership was not confirmed for a window must not act");
    }

    @Test
    void aConfirmationCountsFromWhenItWasAskedNotWhenTheAnswerCame() {
        lease.elected(0);
        long askedAt = Duration.ofSeconds(1).toNanos();
        clock.moveTo(Duration.ofSeconds(3).toNanos());
        lease.confirmed(askedAt);
        clock.moveTo(askedAt + lease.window().toNanos());
        assertFalse(lease.valid());
    }

    @Test
    void aLeaderWokenFromAStallLongerThanTheSessionDoesNotLead() {
        lease.elected(0);
        clock.moveTo(SESSION.plusSeconds(2).toNanos()); // SIGSTOP, then SIGCONT
        assertFalse(lease.valid());
    }

    @Test
    void anOlderConfirmationDoesNotShortenTheLease() {
        lease.elected(Duration.ofSeconds(2).toNanos());
        lease.confirmed(Duration.ofSeconds(1).toNanos());
        clock.moveTo(Duration.ofSeconds(2).plus(lease.window()).minusMillis(1).toNanos());
        assertTrue(lease.valid());
    }

    @Test
    void theWindowIsShorterThanTheSession() {
        assertTrue(lease.window().compareTo(SESSION) < 0);
    }

    @Test
    void aDeposedLeaderDoesNotLead() {
        lease.elected(0);
        lease.deposed();
        assertFalse(lease.valid());
    }
}
