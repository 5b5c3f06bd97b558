package tinysns.coordinator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tinysns.metrics.MetricsPageTest.sample;

import io.netty.util.HashedWheelTimer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tinysns.coordination.Clusters;
import tinysns.coordination.CoordinatorClient;
import tinysns.http.HttpEndpoint;
import tinysns.protocol.WireLimits;
import tinysns.protocol.proto.ServerInfo;
import tinysns.protocol.proto.ServerType;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcClientOptions;
import tinysns.testing.ManualClock;
import tinysns.testing.ManualTimer;

/** The dashboard's JSON and metrics, fed by a real coordinator on a clock and lease timer the test moves. */
class CoordinatorDashboardTest {

    private static final Duration LEASE = Clusters.DEFAULT_LEASE;

    private final ManualClock clock = new ManualClock();
    private final ManualTimer leaseTimer = new ManualTimer(clock, Duration.ofMillis(10));
    private final HashedWheelTimer rpcTimer = new HashedWheelTimer(10, TimeUnit.MILLISECONDS);
    private final RecentEvents events = new RecentEvents(50, Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC));
    private final CoordinatorMetrics metrics = new CoordinatorMetrics(3, LEASE.toNanos());
    private final HttpClient http = HttpClient.newHttpClient();
    private Coordinator coordinator;
    private HttpEndpoint endpoint;
    private RpcClient rpc;
    private CoordinatorClient client;

    @BeforeEach
    void start() throws Exception {
        CoordinatorSettings settings = new CoordinatorSettings("127.0.0.1", 0, LEASE, Duration.ofMillis(10), 3, 1, WireLimits.DEFAULT);
        coordinator = Coordinator.start(settings, leaseTimer, clock, RegistryListener.both(events, metrics));
        endpoint = new CoordinatorDashboard(coordinator.table(), events, metrics).start("127.0.0.1", 0);
        rpc = new RpcClient(rpcTimer, RpcClientOptions.DEFAULT.withoutKeepAlive());
        client = CoordinatorClient.connect(rpc, "127.0.0.1", coordinator.port()).join();
    }

    @AfterEach
    void stop() {
        client.close();
        rpc.close();
        endpoint.close();
        coordinator.close();
        rpcTimer.stop();
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path);
        return response.body();
    }

    private void heartbeat(int cluster, int server, int port) throws Exception {
        client.heartbeat(cluster, ServerInfo.newBuilder().setServerId(server).setHostname("localhost").setPort(port)
                .setType(ServerType.SERVER).build()).get(5, TimeUnit.SECONDS);
    }

    @Test
    void serversJsonShowsEveryClusterItsAssignedServerAndEachServersState() throws Exception {
        heartbeat(1, 1, 10001);
        heartbeat(1, 2, 10002);
        clock.moveTo(clock.getAsLong() + Duration.ofMillis(2500).toNanos());
        heartbeat(1, 2, 10002);
        assertEquals("{\"leaseSeconds\":10.0,\"total\":2,\"omitted\":0,\"clusters\":["
                + "{\"cluster\":1,\"assigned\":\"localhost:10001\",\"servers\":["
                + "{\"clusterId\":1,\"serverInfo\":{\"serverId\":1,\"hostname\":\"localhost\",\"port\":10001,\"type\":\"SERVER\"},"
                + "\"alive\":true,\"millisSinceHeartbeat\":\"2500\",\"role\":\"MASTER\"},"
                + "{\"clusterId\":1,\"serverInfo\":{\"serverId\":2,\"hostname\":\"localhost\",\"port\":10002,\"type\":\"SERVER\"},"
                + "\"alive\":true,\"millisSinceHeartbeat\":\"0\",\"role\":\"SLAVE\"}]},"
                + "{\"cluster\":2,\"servers\":[]},"
                + "{\"cluster\":3,\"servers\":[]}]}", get("/api/servers"));
    }

    @Test
    void textInTheJsonIsEscapedSoThePageCannotBeInjected() throws Exception {
        events.heartbeatHandled(2, 3, "</script>", 10009, HeartbeatOutcome.slotTaken("held by \"a\\b\"\n"), 0);
        String json = get("/api/events");
        assertTrue(json.contains("\"address\":\"\\u003c/script\\u003e:10009\""), json);
        assertTrue(json.contains("held by \\\"a\\\\b\\\"\\n"), json);
    }

    @Test
    void eventsListRegistrationsDeathsRevivalsAndRejections() throws Exception {
        heartbeat(2, 1, 10001);
        leaseTimer.advance(LEASE.plus(Duration.ofMillis(20)));
        await().atMost(Duration.ofSeconds(5)).until(() -> events.snapshot().size() == 2);
        heartbeat(2, 1, 10001);
        heartbeat(2, 3, 10003);
        try {
            heartbeat(2, 3, 10009);
        } catch (ExecutionException expected) {
            // rejected: the slot is alive at another address
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> events.snapshot().size() == 5);
        String json = get("/api/events");
        assertTrue(json.startsWith("{\"events\":[{\"at\":\"2026-11-25T12:00:00Z\",\"kind\":\"REGISTERED\",\"cluster\":2,\"serverId\":1,"), json);
        assertTrue(json.contains("\"kind\":\"DIED\",\"cluster\":2,\"serverId\":1,\"address\":\"localhost:10001\",\"detail\":\"no heartbeat for 10.0 s\""), json);
        assertTrue(json.contains("\"kind\":\"CAME_BACK\""), json);
        assertTrue(json.contains("\"kind\":\"REJECTED\",\"cluster\":2,\"serverId\":3,\"address\":\"localhost:10009\""), json);
    }

    @Test
    void metricsMoveWhenHeartbeatsArriveAndServersDie() throws Exception {
        String before = get("/metrics");
        assertEquals(0, sample(before, "tinysns_heartbeats_total"));
        heartbeat(1, 1, 10001);
        heartbeat(1, 1, 10001);
        heartbeat(3, 1, 10003);
        String after = get("/metrics");
        assertEquals(3, sample(after, "tinysns_heartbeats_total"));
        assertEquals(2, sample(after, "tinysns_registrations_total"));
        assertEquals(1, sample(after, "tinysns_servers{cluster=\"1\",state=\"alive\"}"));
        assertEquals(3, sample(after, "tinysns_heartbeat_handling_seconds_count"));

        leaseTimer.advance(LEASE.plus(Duration.ofMillis(20)));
        await().atMost(Duration.ofSeconds(5)).until(() -> sample(get("/metrics"), "tinysns_deaths_total") == 2);
        String dead = get("/metrics");
        assertEquals(0, sample(dead, "tinysns_servers{cluster=\"1\",state=\"alive\"}"));
        assertEquals(1, sample(dead, "tinysns_servers{cluster=\"1\",state=\"dead\"}"));
        assertEquals(2, sample(dead, "tinysns_expiry_lateness_seconds_count"));
        assertEquals(2, sample(dead, "tinysns_expiry_lateness_seconds_bucket{le=\"0.025\"}"), "declared dead within a couple of ticks");
    }

    @Test
    void everyMetricIsPresentInValidExpositionFormat() throws Exception {
        String text = get("/metrics");
        for (String family : new String[] {"tinysns_registrations_total", "tinysns_heartbeats_total", "tinysns_deaths_total",
                "tinysns_revivals_total", "tinysns_heartbeats_rejected_total", "tinysns_servers",
                "tinysns_heartbeat_handling_seconds", "tinysns_expiry_lateness_seconds"}) {
            assertTrue(text.contains("# TYPE " + family + " "), "missing " + family);
        }
        tinysns.metrics.MetricsPageTest.assertValidExposition(text);
    }

    @Test
    void thePageIsServed() throws Exception {
        String page = get("/");
        assertTrue(page.contains("<title>tinysns registry</title>"));
        assertTrue(page.contains("api/servers"));
    }
}
