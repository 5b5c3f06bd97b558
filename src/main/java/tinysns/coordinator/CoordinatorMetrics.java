package tinysns.coordinator;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import tinysns.metrics.AllocationFreeHistogram;

/**
 * The coordinator's Prometheus metrics, kept up to date as a registry listener. Every data point a heartbeat
 * touches is resolved here once, so counting a heartbeat is a few adder increments and allocates nothing (hence
 * an {@link AllocationFreeHistogram} for its handling time; expiry lateness, off that path, uses the client's own).
 */
public final class CoordinatorMetrics implements RegistryListener {

    /** Heartbeat handling: from 1 µs to 10 ms. */
    private static final double[] HANDLING_SECONDS = {1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 1e-3, 1e-2};
    /** Expiry lateness past the lease: from 1 ms to 1 s. */
    private static final double[] LATENESS_SECONDS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1};
    private static final HeartbeatOutcome.Kind[] REJECTIONS = {HeartbeatOutcome.Kind.SLOT_TAKEN,
            HeartbeatOutcome.Kind.INVALID_ARGUMENT, HeartbeatOutcome.Kind.UNAUTHENTICATED};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final long leaseNanos;
    private final AtomicLongArray alive;
    private final AtomicLongArray dead;
    private final Counter registrations;
    private final Counter heartbeats;
    private final Counter deaths;
    private final Counter revivals;
    private final Map<HeartbeatOutcome.Kind, CounterDataPoint> rejected = new EnumMap<>(HeartbeatOutcome.Kind.class);
    private final AllocationFreeHistogram handling;
    private final Histogram lateness;

    public CoordinatorMetrics(int clusters, long leaseNanos) {
        this.leaseNanos = leaseNanos;
        this.alive = new AtomicLongArray(clusters + 1);
        this.dead = new AtomicLongArray(clusters + 1);
        registrations = counter("tinysns_registrations_total", "Servers registered by a first heartbeat.");
        heartbeats = counter("tinysns_heartbeats_total", "Heartbeats received, accepted or not.");
        deaths = counter("tinysns_deaths_total", "Servers declared dead after a lease without a heartbeat.");
        revivals = counter("tinysns_revivals_total", "Dead servers that heartbeated again.");
        Counter rejections = Counter.builder().name("tinysns_heartbeats_rejected_total")
                .help("Heartbeats rejected, by reason.").labelNames("reason").withoutExemplars().register(registry);
        for (HeartbeatOutcome.Kind kind : REJECTIONS) {
            rejected.put(kind, rejections.labelValues(kind.name().toLowerCase(Locale.ROOT)));
        }
        String[] clusterLabels = new String[clusters + 1];
        for (int c = 1; c <= clusters; c++) {
            clusterLabels[c] = Integer.toString(c);
        }
        GaugeWithCallback.builder().name("tinysns_servers").help("Registered servers by cluster and state.")
                .labelNames("cluster", "state")
                .callback(gauge -> {
                    for (int c = 1; c <= clusters; c++) {
                        gauge.call(alive.get(c), clusterLabels[c], "alive");
                        gauge.call(dead.get(c), clusterLabels[c], "dead");
                    }
                })
                .register(registry);
        handling = new AllocationFreeHistogram("tinysns_heartbeat_handling_seconds",
                "Time the table took over one heartbeat.", HANDLING_SECONDS).register(registry);
        lateness = Histogram.builder().name("tinysns_expiry_lateness_seconds")
                .help("How long after its lease ended a silent server was declared dead.")
                .classicUpperBounds(LATENESS_SECONDS).classicOnly().withoutExemplars().register(registry);
    }

    /** What {@code /metrics} serves (see {@link tinysns.metrics.MetricsPage}). */
    public PrometheusRegistry registry() {
        return registry;
    }

    @Override
    public void registered(RegisteredServer server) {
        registrations.inc();
        alive.incrementAndGet(server.clusterId());
    }

    @Override
    public void declaredDead(RegisteredServer server, long nanosSinceHeartbeat) {
        deaths.inc();
        alive.decrementAndGet(server.clusterId());
        dead.incrementAndGet(server.clusterId());
        lateness.observe(Math.max(0, nanosSinceHeartbeat - leaseNanos) / 1e9);
    }

    /** A master that said goodbye is no longer alive (not a death: it was not late). */
    @Override
    public void left(RegisteredServer server) {
        alive.decrementAndGet(server.clusterId());
        dead.incrementAndGet(server.clusterId());
    }

    @Override
    public void cameBack(RegisteredServer server, Endpoint previous) {
        revivals.inc();
        dead.decrementAndGet(server.clusterId());
        alive.incrementAndGet(server.clusterId());
    }

    @Override
    public void heartbeatHandled(int clusterId, int serverId, String host, int port, HeartbeatOutcome outcome,
                                 long handlingNanos) {
        heartbeats.inc();
        handling.observe(handlingNanos / 1e9);
        CounterDataPoint reason = rejected.get(outcome.kind());
        if (reason != null) {
            reason.inc();
        }
    }

    private Counter counter(String name, String help) {
        return Counter.builder().name(name).help(help).withoutExemplars().register(registry);
    }
}
