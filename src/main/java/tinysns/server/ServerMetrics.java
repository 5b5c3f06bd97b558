package tinysns.server;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import tinysns.http.HttpRoutes;
import tinysns.metrics.MetricsPage;
import tinysns.rpc.RpcServer;

/**
 * A server's Prometheus metrics: clients connected, posts, follows, how long each group commit's fsync took, and
 * timeline pushes dropped for followers that do not read. Served at {@code /metrics} by {@code tsd --http-port}.
 * Connections and dropped pushes are the RPC server's own counts, read at each scrape; nothing counts them twice.
 */
public final class ServerMetrics {

    /** An fsync of a few appended lines: from 50 µs (page cache, tmpfs) to 1 s (a disk in trouble). */
    private static final double[] FSYNC_SECONDS =
            {5e-5, 1e-4, 2.5e-4, 5e-4, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    /** The RPC server, once it listens; before that there are no connections and no pushes. */
    private volatile RpcServer rpc;
    private final Counter posts;
    private final Counter follows;
    private final Counter unfollows;
    private final Histogram fsync;

    ServerMetrics() {
        GaugeWithCallback.builder().name("tinysns_server_connected_clients").help("Client connections open to this server.")
                .callback(gauge -> gauge.call(rpc == null ? 0 : rpc.connectionCount()))
                .register(registry);
        posts = counter("tinysns_server_posts_total", "Posts stored (and confirmed to their authors).");
        follows = counter("tinysns_server_follows_total", "Follows stored.");
        unfollows = counter("tinysns_server_unfollows_total", "Unfollows stored.");
        fsync = Histogram.builder().name("tinysns_server_fsync_seconds")
                .help("Time one group commit took to make its batch of changes durable (fsync of the data files).")
                .classicUpperBounds(FSYNC_SECONDS).classicOnly().withoutExemplars().register(registry);
        CounterWithCallback.builder().name("tinysns_server_timeline_pushes_dropped_total")
                .help("Timeline posts not sent to followers whose connection was backed up (they do not read).")
                .callback(counter -> counter.call(rpc == null ? 0 : rpc.stats().droppedPushes()))
                .register(registry);
    }

    /** Where connections and dropped pushes are counted, once the server listens. */
    void readFrom(RpcServer listening) {
        rpc = listening;
    }

    void posted() {
        posts.inc();
    }

    void followed() {
        follows.inc();
    }

    void unfollowed() {
        unfollows.inc();
    }

    void fsyncTook(long nanos) {
        fsync.observe(nanos / 1e9);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** {@code /metrics} for an {@link tinysns.http.HttpEndpoint}. */
    public HttpRoutes routes() {
        return MetricsPage.routes(registry);
    }

    private Counter counter(String name, String help) {
        return Counter.builder().name(name).help(help).withoutExemplars().register(registry);
    }
}
