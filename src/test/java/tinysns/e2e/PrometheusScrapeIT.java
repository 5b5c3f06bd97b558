package tinysns.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Prometheus scraping a coordinator and a server started through the scripts, every second, and the
 * numbers read back through Prometheus's query API: the proof that {@code /metrics} is what Prometheus reads.
 */
class PrometheusScrapeIT {

    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    /** "value":[1732550400.123,"2"] in a query answer. */
    private static final Pattern VALUE = Pattern.compile("\"value\":\\[[0-9.e+]+,\"([^\"]*)\"\\]");

    @TempDir
    Path dir;

    private final List<ScriptProcess> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private int prometheusPort;

    @AfterEach
    void stop() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    @Test
    void prometheusScrapesTheCoordinatorAndAServerAndAnswersQueriesOnTheirNumbers() throws Exception {
        if (!Files.isExecutable(PROMETHEUS)) {
            throw new AssertionError(PROMETHEUS + " is missing: this test needs Debian's prometheus package"
                    + " (apt-get install prometheus; .ci/run installs it)");
        }
        int coordinatorPort = FreePorts.next();
        int coordinatorHttp = FreePorts.next();
        int serverHttp = FreePorts.next();
        ScriptProcess coordinator = track(ScriptProcess.start(dir, "scripts/coordinator.sh", "-p", Integer.toString(coordinatorPort),
                "--bind", "127.0.0.1", "--lease", "3", "--http-port", Integer.toString(coordinatorHttp)));
        ScriptProcess server = track(ScriptProcess.start(dir, "scripts/tsd.sh", "-c", "2", "-s", "1", "-h", "localhost",
                "-k", Integer.toString(coordinatorPort), "-p", Integer.toString(FreePorts.next()),
                "--heartbeat-interval", "0.5", "--http-port", Integer.toString(serverHttp)));
        startPrometheus(coordinatorHttp, serverHttp);
        coordinator.awaitStderr(Pattern.compile("dashboard on http://127\\.0\\.0\\.1:" + coordinatorHttp + "/"), ScriptProcess.STARTUP);
        server.awaitStderr(Pattern.compile("metrics on http://127\\.0\\.0\\.1:" + serverHttp + "/metrics"), ScriptProcess.STARTUP);
        server.awaitStderr(Pattern.compile("registered with coordinator"), ScriptProcess.STARTUP);

        await("both targets up in Prometheus").atMost(ScriptProcess.STARTUP).pollInterval(Duration.ofMillis(250))
                .until(() -> "2".equals(query("count(up == 1)")));
        await("the registration scraped").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> "1".equals(query("tinysns_registrations_total{job=\"coordinator\"}")));
        assertEquals("1", query("tinysns_servers{cluster=\"2\",state=\"alive\"}"));
        assertEquals("1", query("count(tinysns_heartbeat_handling_seconds_bucket{le=\"+Inf\"} > 0)"),
                "the heartbeat latency histogram has observations");
        assertEquals("0", query("tinysns_server_connected_clients{job=\"tsd\"}"));
        assertEquals("0", query("tinysns_server_timeline_pushes_dropped_total{job=\"tsd\"}"));
        assertEquals("1", query("count(tinysns_server_fsync_seconds_bucket{le=\"+Inf\"})"), "the fsync histogram is scraped");
    }

    private void startPrometheus(int coordinatorHttp, int serverHttp) throws IOException {
        prometheusPort = FreePorts.next();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: coordinator
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                  - job_name: tsd
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(coordinatorHttp, serverHttp));
        track(ScriptProcess.start(dir, PROMETHEUS.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("prometheus-data"), "--web.listen-address=127.0.0.1:" + prometheusPort,
                "--log.level=warn"));
    }

    /** The value of a query that yields one sample, or null while it yields none (or Prometheus is not up yet). */
    private String query(String promql) {
        URI uri = URI.create("http://127.0.0.1:" + prometheusPort + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher value = VALUE.matcher(response.body());
            return response.statusCode() == 200 && value.find() ? value.group(1) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private ScriptProcess track(ScriptProcess process) {
        started.add(process);
        return process;
    }
}
