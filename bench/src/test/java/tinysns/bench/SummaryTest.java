package tinysns.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tinysns.bench.Summary.Column;

class SummaryTest {

    @Test
    void summaryTsvHasTheIssuesHeaderAndADashForEveryCellNotMeasured(@TempDir Path dir) throws Exception {
        Summary summary = new Summary();
        summary.declare("heartbeat_throughput", "ops/s", "");
        summary.declare("registry_heap_per_registration_1m", "bytes", "");
        summary.put("heartbeat_throughput", Column.TINYSNS, 412345.6);
        summary.put("heartbeat_throughput", Column.FLOOR, 500000.0);
        summary.put("registry_heap_per_registration_1m", Column.TINYSNS, 200.14);

        Path file = dir.resolve("summary.tsv");
        summary.writeTsv(file);

        assertEquals(List.of(
                "metric\tunit\ttinysns\tgrpc\tfloor",
                "heartbeat_throughput\tops/s\t412346\t-\t500000",
                "registry_heap_per_registration_1m\tbytes\t200.1\t-\t-"), Files.readAllLines(file));
    }

    @Test
    void aFigureForAMetricThatWasNeverDeclaredIsRefused() {
        Summary summary = new Summary();
        assertThrows(IllegalArgumentException.class, () -> summary.put("heartbeat_p50", Column.GRPC, 1.0));
    }

    @Test
    void theTargetChecksCompareTinysnsWithTheBaselinesOfTheSameRun() {
        Summary summary = new Summary();
        summary.declare("heartbeat_throughput", "ops/s", "");
        summary.put("heartbeat_throughput", Column.TINYSNS, 300_000.0);
        summary.put("heartbeat_throughput", Column.GRPC, 100_000.0);
        summary.put("heartbeat_throughput", Column.FLOOR, 400_000.0);

        List<String> checks = new TargetChecks(summary).evaluate();

        assertEquals("[PASS] bar: heartbeat throughput >= 2x tuned gRPC (3.00x)", checks.get(0));
        assertEquals("[PASS] bar: heartbeat throughput >= 0.5x the floor (0.75x)", checks.get(1));
        assertEquals("[MISS] aim: heartbeat throughput >= 5x tuned gRPC (3.00x)", checks.get(2));
        assertEquals("[ -- ] aim: retained heap per registration at 1,000,000 <= 256 bytes (not measured)", checks.get(6));
    }
}
