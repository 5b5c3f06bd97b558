package tinysns.coordinator;

import java.time.Duration;

/**
 * Asked when a lease has run out, before the death is declared: is now the time? Not when the lease timer fired
 * much later than it was set for, which means this process (or its timer thread) was stalled, by a long GC pause
 * or SIGSTOP: heartbeats may be waiting unread in the sockets, so the death waits a short grace while the I/O
 * threads read them (docs/CONTRACT.md section 10). Nor while this coordinator does not lead: a follower, or a
 * leader whose leadership is unconfirmed, changes nothing.
 */
final class DeathGuard {

    /** A timer this late did not just run behind: the process stood still (the contract allows 100 ms late). */
    static final Duration STALL = Duration.ofMillis(200);
    /** Long enough for the I/O threads to read what waited for them, short beside any lease. */
    static final Duration GRACE = Duration.ofMillis(300);

    private final Leadership leadership;
    private final long stallNanos;
    private final long graceNanos;

    DeathGuard(Leadership leadership) {
        this(leadership, STALL, GRACE);
    }

    DeathGuard(Leadership leadership, Duration stall, Duration grace) {
        this.leadership = leadership;
        this.stallNanos = stall.toNanos();
        this.graceNanos = grace.toNanos();
    }

    /**
     * 0 when the death may be declared now; else how long to wait before asking again.
     *
     * @param lateNanos how long after its deadline the lease timer fired
     */
    long postponeNanos(long lateNanos) {
        if (lateNanos > stallNanos || !leadership.leads()) {
            return graceNanos;
        }
        return 0;
    }
}
