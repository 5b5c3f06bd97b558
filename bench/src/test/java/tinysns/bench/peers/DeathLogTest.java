package tinysns.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DeathLogTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void latenessCountsFromTheAcknowledgementAndEarlinessFromTheSend() {
        DeathLog deaths = new DeathLog(4);
        // Server 0: sent at 0, acknowledged at 2 ms, shown gone 10 s + 30 ms after the ack.
        deaths.stopping(0, 0);
        deaths.lastKeepAlive(0, 2 * MS);
        deaths.gone(0, 10 * SECOND + 32 * MS);
        // Server 1: its ack was read 50 ms late; shown gone 10 s + 20 ms after the send: late 0, not early.
        deaths.stopping(1, 0);
        deaths.lastKeepAlive(1, 50 * MS);
        deaths.gone(1, 10 * SECOND + 20 * MS);
        // Server 2: shown gone before its last keep-alive was sent + 10 s: early.
        deaths.stopping(2, 0);
        deaths.lastKeepAlive(2, MS);
        deaths.gone(2, 9 * SECOND);

        DeathLog.Lateness lateness = deaths.lateness(new int[] {0, 1, 2}, 10 * SECOND);

        assertEquals(1, lateness.early());
        assertEquals(0, lateness.neverShown());
        assertEquals(30.0, lateness.maxMillis(), 0.1);
        assertEquals(50.0, lateness.maxAckMillis(), 0.1);
    }

    @Test
    void aServerShownGoneThatWasNeverStoppedIsAFalseDeathOnlyTheFirstSightingCountsAndRefusedLastKeepAlivesAreApart() {
        DeathLog deaths = new DeathLog(4);
        deaths.stopping(0, 0);
        deaths.lastKeepAlive(0, MS);
        deaths.gone(0, 10 * SECOND + 40 * MS);
        deaths.gone(0, 10 * SECOND + 90 * MS);
        deaths.gone(3, 5 * SECOND);
        deaths.stopping(1, 0);
        deaths.lastKeepAlive(1, MS);
        deaths.stopping(2, 0); // its last keep-alive refused: no acknowledgement, so no lateness

        DeathLog.Lateness lateness = deaths.lateness(new int[] {0, 1, 2}, 10 * SECOND);

        assertEquals(1, deaths.falseDeaths());
        assertEquals(1, lateness.unacknowledged());
        assertEquals(39.0, lateness.maxMillis(), 0.1);
        assertEquals(1, lateness.neverShown(), "server 1 was never shown gone");
        assertEquals(0, lateness.early());
    }
}
