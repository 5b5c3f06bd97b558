package tinysns.bench.soak;

import java.util.Arrays;
import java.util.Locale;

/** Every latency recorded (a minute of posts is a few tens of thousands of longs), and exact percentiles of them. */
final class Latencies {

    private long[] nanos = new long[4096];
    private int count;

    synchronized void record(long latencyNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = latencyNanos;
    }

    synchronized int count() {
        return count;
    }

    /** The {@code p}-th percentile (0 < p <= 100) in milliseconds; 0 when nothing was recorded. */
    synchronized double percentileMillis(double p) {
        if (count == 0) {
            return 0;
        }
        Arrays.sort(nanos, 0, count); // in place: the order they came in does not matter, and sorted stays sorted
        int rank = (int) Math.ceil(p / 100 * count) - 1;
        return nanos[Math.max(0, Math.min(count - 1, rank))] / 1e6;
    }

    String summary() {
        return String.format(Locale.ROOT, "p50 %.2f ms, p99 %.2f ms, max %.2f ms", percentileMillis(50),
                percentileMillis(99), percentileMillis(100));
    }
}
