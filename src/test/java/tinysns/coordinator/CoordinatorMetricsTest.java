package tinysns.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tinysns.metrics.MetricsPage;

class CoordinatorMetricsTest {

    private static final int HEARTBEATS = 200_000;

    private final CoordinatorMetrics metrics = new CoordinatorMetrics(3, Duration.ofSeconds(10).toNanos());

    @Test
    void countingAHeartbeatAllocatesNothing() {
        HeartbeatOutcome refused = HeartbeatOutcome.slotTaken("held by another live address");
        countHeartbeats(refused); // warm up: the JIT, and the histogram's first observation
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        countHeartbeats(refused);
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        // A few hundred bytes of slack for the measurement itself; one object per heartbeat would be megabytes.
        assertTrue(allocated < 4096, allocated + " bytes allocated for " + HEARTBEATS + " heartbeats");
        String text = new String(MetricsPage.scrape(metrics.registry()).body(), StandardCharsets.UTF_8);
        assertTrue(text.contains("tinysns_heartbeats_total " + (double) (4 * HEARTBEATS) + "\n"), text);
        assertTrue(text.contains("tinysns_heartbeats_rejected_total{reason=\"slot_taken\"} " + (double) (2 * HEARTBEATS)), text);
    }

    @Test
    void everyRejectionReasonIsListedFromTheStart() {
        String text = new String(MetricsPage.scrape(metrics.registry()).body(), StandardCharsets.UTF_8);
        for (String reason : new String[] {"slot_taken", "invalid_argument", "unauthenticated"}) {
            assertTrue(text.contains("tinysns_heartbeats_rejected_total{reason=\"" + reason + "\"} 0"), text);
        }
        assertEquals(6, text.lines().filter(line -> line.startsWith("tinysns_servers{")).count(), text);
    }

    private void countHeartbeats(HeartbeatOutcome refused) {
        for (int i = 0; i < HEARTBEATS; i++) {
            metrics.heartbeatHandled(1, 1, "host", 10000, HeartbeatOutcome.RENEWED, 1_500);
            metrics.heartbeatHandled(1, 2, "host", 10001, refused, 900);
        }
    }
}
