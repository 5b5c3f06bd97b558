package tinysns.coordinator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tinysns.http.HttpEndpoint;
import tinysns.http.HttpReply;
import tinysns.http.HttpRoutes;
import tinysns.coordination.Clusters;
import tinysns.http.Json;
import tinysns.metrics.PrometheusText;

/**
 * The coordinator's HTTP face: {@code /} a live page of the clusters, {@code /api/servers} and {@code /api/events}
 * as JSON, {@code /metrics} for Prometheus.
 */
public final class CoordinatorDashboard {

    /** A page of a million rows helps nobody; the page says how many were left out. */
    static final int MAX_ROWS = 3_000;

    private final RegistrationTable table;
    private final RecentEvents events;
    private final CoordinatorMetrics metrics;
    private final String page;

    public CoordinatorDashboard(RegistrationTable table, RecentEvents events, CoordinatorMetrics metrics) {
        this.table = table;
        this.events = events;
        this.metrics = metrics;
        this.page = loadPage();
    }

    public HttpEndpoint start(String host, int port) throws IOException {
        return HttpEndpoint.start(host, port, routes());
    }

    HttpRoutes routes() {
        return new HttpRoutes()
                .get("/", () -> HttpReply.ok("text/html; charset=utf-8", page))
                .get("/api/servers", () -> HttpReply.json(serversJson()))
                .get("/api/events", () -> HttpReply.json(eventsJson()))
                .get("/metrics", () -> HttpReply.ok(PrometheusText.CONTENT_TYPE, PrometheusText.write(metrics.registry())));
    }

    /** {@code {"leaseSeconds":10,"total":3,"clusters":[{"cluster":1,"assigned":"host:port"|null,"servers":[...],"omitted":0}]}} */
    String serversJson() {
        RegistrySnapshot snapshot = table.snapshot(MAX_ROWS);
        List<List<RegisteredServer>> byCluster = new ArrayList<>();
        for (int c = 0; c < table.clusterCount(); c++) {
            byCluster.add(new ArrayList<>());
        }
        for (RegisteredServer server : snapshot.servers()) {
            byCluster.get(server.clusterId() - 1).add(server);
        }
        StringBuilder json = new StringBuilder(256 + snapshot.servers().size() * 128);
        json.append("{\"leaseSeconds\":").append(RegistryLog.decimalSeconds(table.lease().toNanos()))
                .append(",\"total\":").append(snapshot.total())
                .append(",\"omitted\":").append(snapshot.omitted())
                .append(",\"clusters\":[");
        for (int c = 1; c <= table.clusterCount(); c++) {
            Endpoint assigned = table.assign(c); // client c belongs to cluster c
            json.append(c > 1 ? "," : "").append("{\"cluster\":").append(c)
                    .append(",\"assigned\":").append(assigned == null ? "null" : Json.string(assigned.address()))
                    .append(",\"servers\":[");
            List<RegisteredServer> servers = byCluster.get(c - 1);
            for (int i = 0; i < servers.size(); i++) {
                RegisteredServer s = servers.get(i);
                json.append(i > 0 ? "," : "").append("{\"serverId\":").append(s.serverId())
                        .append(",\"address\":").append(Json.string(s.endpoint().address()))
                        .append(",\"type\":").append(Json.string(s.endpoint().type().name()))
                        .append(",\"state\":\"").append(s.alive() ? "ALIVE" : "DEAD").append('"')
                        .append(",\"secondsSinceHeartbeat\":")
                        .append(RegistryLog.decimalSeconds(Math.max(0, snapshot.takenAtNanos() - s.lastHeartbeatNanos())))
                        .append(",\"role\":").append(Json.string(Clusters.roleColumn(s.role()))).append('}');
            }
            json.append("]}");
        }
        return json.append("]}").toString();
    }

    /** {@code {"events":[{"at":"...","kind":"DIED","cluster":1,"serverId":1,"address":"...","detail":"..."}]}}, oldest first. */
    String eventsJson() {
        StringBuilder json = new StringBuilder("{\"events\":[");
        List<RegistryEvent> recent = events.snapshot();
        for (int i = 0; i < recent.size(); i++) {
            RegistryEvent e = recent.get(i);
            json.append(i > 0 ? "," : "").append("{\"at\":").append(Json.string(e.at().toString()))
                    .append(",\"kind\":\"").append(e.kind()).append('"')
                    .append(",\"cluster\":").append(e.clusterId())
                    .append(",\"serverId\":").append(e.serverId())
                    .append(",\"address\":").append(Json.string(e.address()))
                    .append(",\"detail\":").append(Json.string(e.detail())).append('}');
        }
        return json.append("]}").toString();
    }

    private static String loadPage() {
        try (InputStream in = CoordinatorDashboard.class.getResourceAsStream("/tinysns/http/dashboard.html")) {
            if (in == null) {
                throw new IllegalStateException("dashboard.html is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
