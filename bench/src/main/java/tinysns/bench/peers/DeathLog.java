package tinysns.bench.peers;

import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;

/**
 * When the registry acknowledged each stopped server's last keep-alive and when it first showed it gone; lateness
 * is the time between the two minus the timeout (the acknowledgement comes after the registry stamped the
 * keep-alive, so transit and client delays before it are not charged to the registry). A server shown gone that was never stopped is a false death.
 */
public final class DeathLog {

    /** Lateness, as the figures of one batch of deaths. */
    record Lateness(long early, long neverShown, long unacknowledged, double p50Millis, double p99Millis,
                    double maxMillis, double maxAckMillis) {
    }

    private final AtomicLongArray lastSentNanos;
    private final AtomicLongArray lastKeepAliveNanos;
    private final AtomicLongArray goneNanos;
    private final BitSet stopped = new BitSet();
    private long falseDeaths;

    DeathLog(int capacity) {
        lastSentNanos = new AtomicLongArray(capacity);
        lastKeepAliveNanos = new AtomicLongArray(capacity);
        goneNanos = new AtomicLongArray(capacity);
    }

    /** Server {@code i} is about to send its last keep-alive: from now on, its death is no false death. */
    synchronized void stopping(int i, long nanos) {
        stopped.set(i);
        lastSentNanos.set(i, nanos);
    }

    /** The registry acknowledged server {@code i}'s last keep-alive: lateness counts from here. */
    void lastKeepAlive(int i, long nanos) {
        lastKeepAliveNanos.set(i, nanos);
    }

    /** The registry shows server {@code i} gone (called for every sighting; the first counts). */
    public void gone(int i, long nanos) {
        if (i < 0 || i >= goneNanos.length() || !goneNanos.compareAndSet(i, 0, nanos)) {
            return;
        }
        synchronized (this) {
            if (!stopped.get(i)) {
                falseDeaths++;
            }
        }
    }

    synchronized long falseDeaths() {
        return falseDeaths;
    }

    /** Waits until every one of {@code servers} is shown gone, or {@code maxWaitNanos} pass; true when all were. */
    boolean awaitGone(int[] servers, long maxWaitNanos) throws InterruptedException {
        long deadline = System.nanoTime() + maxWaitNanos;
        while (System.nanoTime() < deadline) {
            if (countGone(servers) == servers.length) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return countGone(servers) == servers.length;
    }

    private int countGone(int[] servers) {
        int gone = 0;
        for (int i : servers) {
            gone += goneNanos.get(i) != 0 ? 1 : 0;
        }
        return gone;
    }

    /**
     * Lateness past {@code timeoutNanos} of {@code servers}, from the acknowledgement of each one's last keep-alive.
     * A death is early only when shown before the last keep-alive was even sent + the timeout: a client that is slow
     * to read an acknowledgement cannot fake one. Lateness below 0 (the acknowledgement read late) counts as 0.
     */
    Lateness lateness(int[] servers, long timeoutNanos) {
        Histogram micros = new Histogram(3_600_000_000L, 3);
        long early = 0;
        long never = 0;
        long maxAck = 0;
        long unacknowledged = 0;
        for (int i : servers) {
            if (lastKeepAliveNanos.get(i) == 0) {
                unacknowledged++; // the registry refused its last keep-alive: it had let the server go already
                continue;
            }
            maxAck = Math.max(maxAck, lastKeepAliveNanos.get(i) - lastSentNanos.get(i));
            long gone = goneNanos.get(i);
            if (gone == 0) {
                never++;
                continue;
            }
            long late = gone - lastKeepAliveNanos.get(i) - timeoutNanos;
            if (gone - lastSentNanos.get(i) < timeoutNanos) {
                early++;
            }
            micros.recordValue(Math.max(0, late / 1_000));
        }
        boolean any = micros.getTotalCount() > 0;
        return new Lateness(early, never, unacknowledged,
                any ? micros.getValueAtPercentile(50) / 1e3 : Double.NaN,
                any ? micros.getValueAtPercentile(99) / 1e3 : Double.NaN,
                any ? micros.getMaxValue() / 1e3 : Double.NaN, maxAck / 1e6);
    }
}
