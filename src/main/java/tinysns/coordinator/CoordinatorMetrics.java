package tinysns.coordinator;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import tinysns.metrics.Counter;
import tinysns.metrics.Histogram;
import tinysns.metrics.MetricsRegistry;

/** The coordinator's Prometheus metrics, kept up to date as a registry listener. */
public final class CoordinatorMetrics implements RegistryListener {

    /** Heartbeat handling: from 1 µs to 10 ms. */
    private static final double[] HANDLING_SECONDS = {1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 1e-3, 1e-2};
    /** Expiry lateness past the lease: from 1 ms to 1 s. */
    private static final double[] LATENESS_SECONDS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1};

    private final MetricsRegistry registry = new MetricsRegistry();
    private final long leaseNanos;
    private final AtomicLongArray alive;
    private final AtomicLongArray dead;
    private final Counter registrations;
    private final Counter heartbeats;
    private final Counter deaths;
    private final Counter revivals;
    private final Map<HeartbeatOutcome.Kind, Counter> rejected = new EnumMap<>(HeartbeatOutcome.Kind.class);
    private final Histogram handling;
    private final Histogram lateness;

    public CoordinatorMetrics(int clusters, long leaseNanos) {
        this.leaseNanos = leaseNanos;
        this.alive = new AtomicLongArray(clusters + 1);
        this.dead = new AtomicLongArray(clusters + 1);
        registrations = registry.counter("tinysns_registrations_total", "Servers registered by a first heartbeat.");
        heartbeats = registry.counter("tinysns_heartbeats_total", "Heartbeats received, accepted or not.");
        deaths = registry.counter("tinysns_deaths_total", "Servers declared dead after a lease without a heartbeat.");
        revivals = registry.counter("tinysns_revivals_total", "Dead servers that heartbeated again.");
        for (HeartbeatOutcome.Kind kind : new HeartbeatOutcome.Kind[] {HeartbeatOutcome.Kind.SLOT_TAKEN, HeartbeatOutcome.Kind.INVALID_ARGUMENT,
                HeartbeatOutcome.Kind.UNAUTHENTICATED}) {
            rejected.put(kind, registry.counter("tinysns_heartbeats_rejected_total", "Heartbeats rejected, by reason.",
                    "reason", kind.name().toLowerCase(Locale.ROOT)));
        }
        for (int c = 1; c <= clusters; c++) {
            int cluster = c;
            registry.gauge("tinysns_servers", "Registered servers by cluster and state.", () -> alive.get(cluster),
                    "cluster", Integer.toString(c), "state", "alive");
            registry.gauge("tinysns_servers", "Registered servers by cluster and state.", () -> dead.get(cluster),
                    "cluster", Integer.toString(c), "state", "dead");
        }
        handling = registry.histogram("tinysns_heartbeat_handling_seconds", "Time the table took over one heartbeat.",
                HANDLING_SECONDS);
        lateness = registry.histogram("tinysns_expiry_lateness_seconds",
                "How long after its lease ended a silent server was declared dead.", LATENESS_SECONDS);
    }

    public MetricsRegistry registry() {
        return registry;
    }

    @Override
    public void registered(RegisteredServer server) {
        registrations.increment();
        alive.incrementAndGet(server.clusterId());
    }

    @Override
    public void declaredDead(RegisteredServer server, long nanosSinceHeartbeat) {
        deaths.increment();
        alive.decrementAndGet(server.clusterId());
        dead.incrementAndGet(server.clusterId());
        lateness.observe(Math.max(0, nanosSinceHeartbeat - leaseNanos) / 1e9);
    }

    @Override
    public void cameBack(RegisteredServer server, Endpoint previous) {
        revivals.increment();
        dead.decrementAndGet(server.clusterId());
        alive.incrementAndGet(server.clusterId());
    }

    @Override
    public void heartbeatHandled(int clusterId, int serverId, String host, int port, HeartbeatOutcome outcome,
                                 long handlingNanos) {
        heartbeats.increment();
        handling.observe(handlingNanos / 1e9);
        Counter reason = rejected.get(outcome.kind());
        if (reason != null) {
            reason.increment();
        }
    }
}
