package tinysns.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tinysns.http.HttpReply;

public class MetricsPageTest {

    /** A sample line of the text format: name, optional labels, a value. */
    static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*})? "
                    + "(NaN|[+-]Inf|-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?)");
    static final Pattern COMMENT = Pattern.compile("# (HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram))");

    /** Every line is a HELP, a TYPE or a sample, and the text ends with a newline. */
    /** The value of the sample {@code name} (with its labels, if any, as written) on a /metrics page. */
    public static double sample(String metrics, String name) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        assertTrue(m.find(), "no sample " + name + " in\n" + metrics);
        return Double.parseDouble(m.group(1));
    }

    public static void assertValidExposition(String text) {
        assertTrue(text.endsWith("\n"), "ends with a newline");
        for (String line : text.split("\n")) {
            assertTrue(SAMPLE.matcher(line).matches() || COMMENT.matcher(line).matches(), "not valid exposition: " + line);
        }
    }

    private static String text(HttpReply reply) {
        return new String(reply.body(), StandardCharsets.UTF_8);
    }

    @Test
    void countersGaugesAndHistogramsAreWrittenInTheTextFormat() {
        PrometheusRegistry registry = new PrometheusRegistry();
        Counter.builder().name("tinysns_heartbeats_total").help("Heartbeats received.").register(registry).inc(3);
        Counter.builder().name("tinysns_rejected_total").help("Rejected heartbeats, by reason.").labelNames("reason")
                .register(registry).labelValues("slot_taken").inc();
        GaugeWithCallback.builder().name("tinysns_alive").help("Alive servers.").labelNames("cluster")
                .callback(gauge -> gauge.call(2, "1")).register(registry);
        Histogram latency = Histogram.builder().name("tinysns_latency_seconds").help("Handling latency.")
                .classicUpperBounds(0.001, 0.01).classicOnly().register(registry);
        latency.observe(0.0005);
        latency.observe(0.005);
        latency.observe(5);
        HttpReply reply = MetricsPage.scrape(registry);
        assertEquals("text/plain; version=0.0.4; charset=utf-8", reply.contentType());
        String text = text(reply);
        assertEquals("""
                # HELP tinysns_alive Alive servers.
                # TYPE tinysns_alive gauge
                tinysns_alive{cluster="1"} 2.0
                # HELP tinysns_heartbeats_total Heartbeats received.
                # TYPE tinysns_heartbeats_total counter
                tinysns_heartbeats_total 3.0
                # HELP tinysns_latency_seconds Handling latency.
                # TYPE tinysns_latency_seconds histogram
                tinysns_latency_seconds_bucket{le="0.001"} 1
                tinysns_latency_seconds_bucket{le="0.01"} 2
                tinysns_latency_seconds_bucket{le="+Inf"} 3
                tinysns_latency_seconds_count 3
                tinysns_latency_seconds_sum 5.0055
                # HELP tinysns_rejected_total Rejected heartbeats, by reason.
                # TYPE tinysns_rejected_total counter
                tinysns_rejected_total{reason="slot_taken"} 1.0
                """, text);
        assertValidExposition(text);
    }

    @Test
    void labelValuesAndHelpAreEscaped() {
        PrometheusRegistry registry = new PrometheusRegistry();
        Counter.builder().name("odd_total").help("line one\nback\\slash").labelNames("why").register(registry)
                .labelValues("say \"hi\"\n\\").inc();
        String text = text(MetricsPage.scrape(registry));
        assertTrue(text.contains("# HELP odd_total line one\\nback\\\\slash\n"), text);
        assertTrue(text.contains("odd_total{why=\"say \\\"hi\\\"\\n\\\\\"} 1"), text);
        assertValidExposition(text);
    }

    @Test
    void anAllocationFreeHistogramIsWrittenExactlyAsTheClientsOwn() {
        PrometheusRegistry ours = new PrometheusRegistry();
        PrometheusRegistry theirs = new PrometheusRegistry();
        AllocationFreeHistogram mine = new AllocationFreeHistogram("h_seconds", "Handling.", 0.001, 0.01).register(ours);
        Histogram reference = Histogram.builder().name("h_seconds").help("Handling.").classicUpperBounds(0.001, 0.01)
                .classicOnly().register(theirs);
        for (double value : new double[] {0.0005, 0.001, 0.005, 5}) {
            mine.observe(value);
            reference.observe(value);
        }
        String text = text(MetricsPage.scrape(ours));
        assertEquals(text(MetricsPage.scrape(theirs)), text);
        assertTrue(text.contains("h_seconds_bucket{le=\"0.001\"} 2\n"), "a value on a bound is in that bucket: " + text);
    }
}
