package tinysns.server;

import java.util.function.IntSupplier;
import tinysns.http.HttpReply;
import tinysns.http.HttpRoutes;
import tinysns.metrics.Counter;
import tinysns.metrics.Histogram;
import tinysns.metrics.MetricsRegistry;
import tinysns.metrics.PrometheusText;

/**
 * A server's Prometheus metrics: clients connected, posts, follows, how long each group commit's fsync took, and
 * timeline pushes dropped for followers that do not read. Served at {@code /metrics} by {@code tsd --http-port}.
 */
public final class ServerMetrics {

    /** An fsync of a few appended lines: from 50 µs (page cache, tmpfs) to 1 s (a disk in trouble). */
    private static final double[] FSYNC_SECONDS =
            {5e-5, 1e-4, 2.5e-4, 5e-4, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1};

    private final MetricsRegistry registry = new MetricsRegistry();
    private volatile IntSupplier connections = () -> 0;
    private final Counter posts;
    private final Counter follows;
    private final Counter unfollows;
    private final Histogram fsync;
    private final Counter droppedPushes;

    ServerMetrics() {
        registry.gauge("tinysns_server_connected_clients", "Client connections open to this server.",
                () -> connections.getAsInt());
        posts = registry.counter("tinysns_server_posts_total", "Posts stored (and confirmed to their authors).");
        follows = registry.counter("tinysns_server_follows_total", "Follows stored.");
        unfollows = registry.counter("tinysns_server_unfollows_total", "Unfollows stored.");
        fsync = registry.histogram("tinysns_server_fsync_seconds",
                "Time one group commit took to make its batch of changes durable (fsync of the data files).",
                FSYNC_SECONDS);
        droppedPushes = registry.counter("tinysns_server_timeline_pushes_dropped_total",
                "Timeline posts not sent to followers whose connection was backed up (they do not read).");
    }

    /** Where the connection count comes from, once the server listens. */
    void countConnectionsOf(IntSupplier openConnections) {
        connections = openConnections;
    }

    void posted() {
        posts.increment();
    }

    void followed() {
        follows.increment();
    }

    void unfollowed() {
        unfollows.increment();
    }

    void fsyncTook(long nanos) {
        fsync.observe(nanos / 1e9);
    }

    Counter droppedPushes() {
        return droppedPushes;
    }

    public MetricsRegistry registry() {
        return registry;
    }

    /** {@code /metrics} for an {@link tinysns.http.HttpEndpoint}. */
    public HttpRoutes routes() {
        return new HttpRoutes().get("/metrics", () -> HttpReply.ok(PrometheusText.CONTENT_TYPE, PrometheusText.write(registry)));
    }
}
