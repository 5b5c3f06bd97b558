package tinysns.coordination;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * The rule between a heartbeat interval and the coordinator's lease: at least two heartbeats per lease, so that one
 * lost beat is survived. A sender whose interval breaks the rule for the lease it is told beats every third of the
 * lease instead (and says so), rather than being declared dead between its beats.
 */
public final class HeartbeatInterval {

    private HeartbeatInterval() {
    }

    /** The longest interval that fits {@code lease}: half of it. */
    public static Duration maxFor(Duration lease) {
        return lease.dividedBy(2);
    }

    /** {@code configured} when it fits {@code lease}, else a third of the lease (at least 1 ms). */
    public static Duration fitting(Duration configured, Duration lease) {
        if (configured.compareTo(maxFor(lease)) <= 0) {
            return configured;
        }
        Duration third = lease.dividedBy(3);
        return third.toMillis() < 1 ? Duration.ofMillis(1) : third;
    }

    /** The longest {@code --heartbeat-interval} a process accepts at start: half the default lease. */
    public static final Duration MAX_CONFIGURED = maxFor(Clusters.DEFAULT_LEASE);

    /**
     * Checks a configured {@code --heartbeat-interval} once, at start-up, for every process that heartbeats.
     *
     * @throws IllegalArgumentException naming the flag, when it is under 1 ms or over {@link #MAX_CONFIGURED}
     */
    public static Duration requireConfigurable(Duration interval) {
        if (interval.isNegative() || interval.toMillis() < 1) {
            throw new IllegalArgumentException("--heartbeat-interval must be at least 0.001 s, got "
                    + seconds(interval) + " s");
        }
        if (interval.compareTo(MAX_CONFIGURED) > 0) {
            throw new IllegalArgumentException("--heartbeat-interval must be at most " + seconds(MAX_CONFIGURED)
                    + " s (half the coordinator's " + seconds(Clusters.DEFAULT_LEASE) + " s lease), got "
                    + seconds(interval) + " s");
        }
        return interval;
    }

    /** Seconds as people write them: {@code 5}, {@code 1.333333333}. */
    public static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros().toPlainString();
    }
}
