package tinysns.coordinator;

import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Makes the one timer that expires leases, sized so that its wheel spans a whole lease. */
public final class LeaseTimers {

    /** Deaths are declared at most this much (plus scheduling) after the lease; the contract allows 100 ms. */
    public static final Duration DEFAULT_TICK = Duration.ofMillis(10);
    /** The tick must be this many times shorter than the lease at least. */
    public static final int MIN_TICKS_PER_LEASE = 10;
    private static final int MAX_WHEEL_SIZE = 1 << 16;

    private LeaseTimers() {
    }

    /**
     * A started-on-first-use {@link HashedWheelTimer} whose wheel covers the lease, so a lease timeout (never
     * longer than the lease) lands in its bucket in the first round and buckets are not re-walked round after round.
     * The caller stops it.
     */
    public static HashedWheelTimer create(Duration lease, Duration tick) {
        requireTickWellUnderLease(lease, tick);
        long ticksPerLease = ceilDiv(lease.toNanos(), tick.toNanos());
        int wheelSize = (int) Math.min(MAX_WHEEL_SIZE, Long.highestOneBit(ticksPerLease) << 1);
        return new HashedWheelTimer(new DefaultThreadFactory("tinysns-lease", true),
                tick.toNanos(), TimeUnit.NANOSECONDS, wheelSize, false, -1);
    }

    /** @throws IllegalArgumentException unless the tick is positive and at most a tenth of the lease */
    public static void requireTickWellUnderLease(Duration lease, Duration tick) {
        if (tick.isNegative() || tick.isZero()) {
            throw new IllegalArgumentException("the timer tick must be positive, got " + tick.toMillis() + " ms");
        }
        if (lease.compareTo(tick.multipliedBy(MIN_TICKS_PER_LEASE)) < 0) {
            throw new IllegalArgumentException("the lease (" + lease.toMillis() + " ms) must be at least "
                    + MIN_TICKS_PER_LEASE + " timer ticks (" + tick.multipliedBy(MIN_TICKS_PER_LEASE).toMillis() + " ms)");
        }
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
