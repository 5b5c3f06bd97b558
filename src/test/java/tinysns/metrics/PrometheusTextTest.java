package tinysns.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

public class PrometheusTextTest {

    /** A sample line of the text format: name, optional labels, a value. */
    static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*})? "
                    + "(NaN|[+-]Inf|-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?)");
    static final Pattern COMMENT = Pattern.compile("# (HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram))");

    /** Every line is a HELP, a TYPE or a sample, and the text ends with a newline. */
    public static void assertValidExposition(String text) {
        assertTrue(text.endsWith("\n"), "ends with a newline");
        for (String line : text.split("\n")) {
            assertTrue(SAMPLE.matcher(line).matches() || COMMENT.matcher(line).matches(), "not valid exposition: " + line);
        }
    }

    @Test
    void countersGaugesAndHistogramsAreWrittenInTheTextFormat() {
        MetricsRegistry registry = new MetricsRegistry();
        registry.counter("tinysns_heartbeats_total", "Heartbeats received.").add(3);
        registry.counter("tinysns_rejected_total", "Rejected heartbeats, by reason.", "reason", "slot_taken").increment();
        registry.gauge("tinysns_alive", "Alive servers.", () -> 2, "cluster", "1");
        Histogram latency = registry.histogram("tinysns_latency_seconds", "Handling latency.", new double[] {0.001, 0.01});
        latency.observe(0.0005);
        latency.observe(0.005);
        latency.observe(5);
        String text = PrometheusText.write(registry);
        assertEquals("""
                # HELP tinysns_heartbeats_total Heartbeats received.
                # TYPE tinysns_heartbeats_total counter
                tinysns_heartbeats_total 3
                # HELP tinysns_rejected_total Rejected heartbeats, by reason.
                # TYPE tinysns_rejected_total counter
                tinysns_rejected_total{reason="slot_taken"} 1
                # HELP tinysns_alive Alive servers.
                # TYPE tinysns_alive gauge
                tinysns_alive{cluster="1"} 2
                # HELP tinysns_latency_seconds Handling latency.
                # TYPE tinysns_latency_seconds histogram
                tinysns_latency_seconds_bucket{le="0.001"} 1
                tinysns_latency_seconds_bucket{le="0.01"} 2
                tinysns_latency_seconds_bucket{le="+Inf"} 3
                tinysns_latency_seconds_sum 5.0055
                tinysns_latency_seconds_count 3
                """, text);
        assertValidExposition(text);
    }

    @Test
    void labelValuesAndHelpAreEscaped() {
        MetricsRegistry registry = new MetricsRegistry();
        registry.counter("odd_total", "line one\nback\\slash", "why", "say \"hi\"\n\\").increment();
        String text = PrometheusText.write(registry);
        assertTrue(text.contains("# HELP odd_total line one\\nback\\\\slash\n"), text);
        assertTrue(text.contains("odd_total{why=\"say \\\"hi\\\"\\n\\\\\"} 1\n"), text);
        assertValidExposition(text);
    }

    @Test
    void theSameNameAndLabelsGiveTheSameCounter() {
        MetricsRegistry registry = new MetricsRegistry();
        registry.counter("a_total", "A.", "k", "v").increment();
        registry.counter("a_total", "A.", "k", "v").increment();
        assertEquals(2, registry.counter("a_total", "A.", "k", "v").value());
    }

    @Test
    void invalidNamesAndMismatchedTypesAreRefused() {
        MetricsRegistry registry = new MetricsRegistry();
        assertThrows(IllegalArgumentException.class, () -> registry.counter("1bad", "x"));
        assertThrows(IllegalArgumentException.class, () -> registry.counter("ok_total", "x", "le", "1"));
        registry.counter("ok_total", "x");
        assertThrows(IllegalArgumentException.class, () -> registry.gauge("ok_total", "x", () -> 1));
    }
}
