package tinysns.coordination;

import java.time.Duration;

/**
 * Capped exponential backoff: {@code initial}, twice that, four times, ... never more than {@code max}.
 * Not thread-safe: its owner calls it under its own lock.
 */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private long nextMillis;

    public Backoff(Duration initial, Duration max) {
        if (initial.toMillis() < 1 || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 1 ms <= initial <= max, got " + initial.toMillis()
                    + " ms and " + max.toMillis() + " ms");
        }
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.nextMillis = initialMillis;
    }

    /** The wait before the next attempt; each call doubles the following one, up to the cap. */
    public long nextDelayMillis() {
        long delay = nextMillis;
        nextMillis = Math.min(maxMillis, nextMillis * 2);
        return delay;
    }

    /** After a success: the next failure waits {@code initial} again. */
    public void reset() {
        nextMillis = initialMillis;
    }
}
