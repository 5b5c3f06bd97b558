package tinysns.coordination;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interval a sender beats at, fitted to the lease its coordinator tells it (see {@link HeartbeatInterval}): the
 * configured one while it fits, a third of the lease while it does not. Each change is logged once.
 */
final class LeaseFit {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatSender.class);

    private final Duration configured;
    private final String coordinator;
    private volatile long intervalNanos;
    private long toldLeaseMillis; // guarded by this; 0 until a coordinator tells one

    LeaseFit(Duration configured, String coordinator) {
        this.configured = configured;
        this.coordinator = coordinator;
        this.intervalNanos = configured.toNanos();
    }

    long intervalNanos() {
        return intervalNanos;
    }

    Duration configured() {
        return configured;
    }

    /** Takes the lease of a reply (0: not told, nothing changes); true when the interval got shorter. */
    synchronized boolean told(long leaseMillis) {
        if (leaseMillis <= 0 || leaseMillis == toldLeaseMillis) {
            return false;
        }
        toldLeaseMillis = leaseMillis;
        Duration lease = Duration.ofMillis(leaseMillis);
        Duration fit = HeartbeatInterval.fitting(configured, lease);
        long before = intervalNanos;
        if (fit.toNanos() == before) {
            return false;
        }
        intervalNanos = fit.toNanos();
        if (fit.equals(configured)) {
            LOG.info("coordinator {} has a {} s lease: heartbeating every {} s again", coordinator,
                    HeartbeatInterval.seconds(lease), HeartbeatInterval.seconds(configured));
        } else {
            LOG.warn("coordinator {} has a {} s lease, too short for --heartbeat-interval {} s (at most half the lease):"
                            + " heartbeating every {} s instead", coordinator, HeartbeatInterval.seconds(lease),
                    HeartbeatInterval.seconds(configured), HeartbeatInterval.seconds(fit));
        }
        return fit.toNanos() < before;
    }
}
