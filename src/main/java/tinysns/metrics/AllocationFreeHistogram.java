package tinysns.metrics;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A classic Prometheus histogram for a path that must not allocate (the coordinator's heartbeats): an observation
 * is a bucket search and two adder increments. The client library's own {@code Histogram} wraps every observation
 * in a lambda for its scrape-time buffering, which the JIT removes only sometimes; this one counts into plain
 * adders and hands the library a snapshot when it is scraped, so the library still names and writes it.
 */
public final class AllocationFreeHistogram implements Collector {

    private final MetricMetadata metadata;
    /** The upper bounds, ending with +Inf. */
    private final double[] upperBounds;
    private final LongAdder[] counts;
    private final DoubleAdder sum = new DoubleAdder();

    /** @param upperBounds increasing bucket bounds, in the metric's unit; +Inf is added */
    public AllocationFreeHistogram(String name, String help, double... upperBounds) {
        this.metadata = new MetricMetadata(name, help);
        this.upperBounds = Arrays.copyOf(upperBounds, upperBounds.length + 1);
        this.upperBounds[upperBounds.length] = Double.POSITIVE_INFINITY;
        this.counts = new LongAdder[this.upperBounds.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
        ClassicHistogramBuckets.of(this.upperBounds, new long[counts.length]); // refuses bounds that do not increase
    }

    public AllocationFreeHistogram register(PrometheusRegistry registry) {
        registry.register(this);
        return this;
    }

    public void observe(double value) {
        int bucket = Arrays.binarySearch(upperBounds, value);
        counts[bucket >= 0 ? bucket : -bucket - 1].increment(); // a value on a bound belongs to that bucket
        sum.add(value);
    }

    @Override
    public HistogramSnapshot collect() {
        long[] snapshot = new long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            snapshot[i] = counts[i].sum();
        }
        return new HistogramSnapshot(metadata, List.of(new HistogramDataPointSnapshot(
                ClassicHistogramBuckets.of(upperBounds, snapshot), sum.sum(), Labels.EMPTY, Exemplars.EMPTY, 0L)));
    }

    @Override
    public String getPrometheusName() {
        return metadata.getPrometheusName();
    }

    @Override
    public MetricType getMetricType() {
        return MetricType.HISTOGRAM;
    }
}
