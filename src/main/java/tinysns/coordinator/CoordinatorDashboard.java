package tinysns.coordinator;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import tinysns.dashboard.proto.DashboardCluster;
import tinysns.dashboard.proto.DashboardEvents;
import tinysns.dashboard.proto.DashboardServers;
import tinysns.http.HttpEndpoint;
import tinysns.http.HttpReply;
import tinysns.http.HttpRoutes;
import tinysns.metrics.MetricsPage;

/**
 * The coordinator's HTTP face: {@code /} a live page of the clusters, {@code /api/servers} and {@code /api/events}
 * as JSON, {@code /metrics} for Prometheus.
 */
public final class CoordinatorDashboard {

    /** A page of a million rows helps nobody; the page says how many were left out. */
    static final int MAX_ROWS = 3_000;
    /** Compact, and with every field even at its default (an empty cluster still has "servers":[]). */
    private static final JsonFormat.Printer JSON =
            JsonFormat.printer().alwaysPrintFieldsWithNoPresence().omittingInsignificantWhitespace();

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
                .get("/metrics", () -> MetricsPage.scrape(metrics.registry()));
    }

    /** The table by cluster, each server as the {@code RegistryEntry} status.sh gets; see proto/dashboard.proto. */
    String serversJson() {
        RegistrySnapshot snapshot = table.snapshot(MAX_ROWS);
        DashboardServers.Builder servers = DashboardServers.newBuilder()
                .setLeaseSeconds(table.lease().toMillis() / 1000.0)
                .setTotal(snapshot.total())
                .setOmitted(snapshot.omitted());
        for (int c = 1; c <= table.clusterCount(); c++) {
            DashboardCluster.Builder cluster = servers.addClustersBuilder().setCluster(c);
            Endpoint assigned = table.assign(c); // client c belongs to cluster c
            if (assigned != null) {
                cluster.setAssigned(assigned.address());
            }
        }
        for (RegisteredServer server : snapshot.servers()) {
            servers.getClustersBuilder(server.clusterId() - 1)
                    .addServers(CoordinatorService.entryOf(server, snapshot.takenAtNanos()));
        }
        return print(servers);
    }

    /** The recent events, oldest first; see proto/dashboard.proto. */
    String eventsJson() {
        DashboardEvents.Builder json = DashboardEvents.newBuilder();
        for (RegistryEvent e : events.snapshot()) {
            json.addEventsBuilder()
                    .setAt(e.at().toString())
                    .setKind(e.kind().name())
                    .setCluster(e.clusterId())
                    .setServerId(e.serverId())
                    .setAddress(e.address())
                    .setDetail(e.detail());
        }
        return print(json);
    }

    private static String print(MessageOrBuilder message) {
        try {
            return JSON.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a dashboard message cannot be printed as JSON", e); // no Any fields here
        }
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
