package tinysns.coordinator.leadership;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Leadership as a lease, not a flag: this coordinator leads only while it was elected and ZooKeeper confirmed, less
 * than a window ago, that its election node still exists. ZooKeeper expires a session only once the session timeout
 * has passed since it last heard from it, and a confirmation sent at {@code t} was heard after {@code t}; so with a
 * window under the session timeout, no other coordinator can have been elected while this one still counts itself
 * leader. A leader stalled longer than the window (GC pause, SIGSTOP) wakes up no longer leading, before any of its
 * threads has looked at ZooKeeper: its first request is refused, not served (docs/CONTRACT.md section 10).
 *
 * <p>{@link #valid()} is two volatile reads and a clock read, for every request.
 */
final class LeaderLease {

    /** The share of the session timeout a confirmation lasts: the rest is margin for clocks that run apart. */
    static final double WINDOW_SHARE = 0.8;

    private final LongSupplier nanoClock;
    private final long windowNanos;
    private volatile boolean elected;
    private volatile long confirmedAtNanos;

    LeaderLease(Duration sessionTimeout, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.windowNanos = (long) (sessionTimeout.toNanos() * WINDOW_SHARE);
    }

    Duration window() {
        return Duration.ofNanos(windowNanos);
    }

    /** Elected, with ZooKeeper's word from a request sent at {@code sentAtNanos}. */
    void elected(long sentAtNanos) {
        confirmedAtNanos = sentAtNanos;
        elected = true;
    }

    void deposed() {
        elected = false;
    }

    /** ZooKeeper answered, to a request sent at {@code sentAtNanos}, that the election node still exists. */
    void confirmed(long sentAtNanos) {
        if (sentAtNanos - confirmedAtNanos > 0) {
            confirmedAtNanos = sentAtNanos;
        }
    }

    boolean elected() {
        return elected;
    }

    boolean valid() {
        return elected && nanoClock.getAsLong() - confirmedAtNanos < windowNanos;
    }

    /** How long ago the last confirmation was sent. */
    long sinceConfirmedNanos() {
        return nanoClock.getAsLong() - confirmedAtNanos;
    }
}
