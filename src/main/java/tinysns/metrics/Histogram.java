package tinysns.metrics;

import java.util.Arrays;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** Observations counted into fixed buckets (upper bounds, in the metric's unit), with their sum: Prometheus's model. */
public final class Histogram {

    private final double[] upperBounds;
    private final LongAdder[] counts;
    private final LongAdder total = new LongAdder();
    private final DoubleAdder sum = new DoubleAdder();

    public Histogram(double... upperBounds) {
        if (upperBounds.length == 0) {
            throw new IllegalArgumentException("a histogram needs at least one bucket");
        }
        for (int i = 1; i < upperBounds.length; i++) {
            if (upperBounds[i] <= upperBounds[i - 1]) {
                throw new IllegalArgumentException("bucket bounds must increase: " + Arrays.toString(upperBounds));
            }
        }
        this.upperBounds = upperBounds.clone();
        this.counts = new LongAdder[upperBounds.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    public void observe(double value) {
        int bucket = Arrays.binarySearch(upperBounds, value);
        if (bucket < 0) {
            bucket = -bucket - 1;
        }
        if (bucket < counts.length) {
            counts[bucket].increment();
        }
        total.increment();
        sum.add(value);
    }

    double[] upperBounds() {
        return upperBounds.clone();
    }

    /** Cumulative counts per bucket, as the exposition format wants them. */
    long[] cumulativeCounts() {
        long[] cumulative = new long[counts.length];
        long running = 0;
        for (int i = 0; i < counts.length; i++) {
            running += counts[i].sum();
            cumulative[i] = running;
        }
        return cumulative;
    }

    public long count() {
        return total.sum();
    }

    public double sum() {
        return sum.sum();
    }
}
