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

    /** Seconds as people write them: {@code 5}, {@code 1.333333333}. */
    public static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros().toPlainString();
    }
}
