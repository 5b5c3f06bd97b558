package tinysns.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tinysns.bench.Summary.Column;

/** The targets, checked against the run's own figures: the bar, then where we aim. */
final class TargetChecks {

    private final Summary summary;
    private final List<String> lines = new ArrayList<>();

    TargetChecks(Summary summary) {
        this.summary = summary;
    }

    List<String> evaluate() {
        lines.clear();
        Double tinysns = summary.get("heartbeat_throughput", Column.TINYSNS);
        Double grpc = summary.get("heartbeat_throughput", Column.GRPC);
        Double floor = summary.get("heartbeat_throughput", Column.FLOOR);
        ratio("bar", "heartbeat throughput >= 2x tuned gRPC", tinysns, grpc, 2.0, true);
        ratio("bar", "heartbeat throughput >= 0.5x the floor", tinysns, floor, 0.5, true);
        ratio("aim", "heartbeat throughput >= 5x tuned gRPC", tinysns, grpc, 5.0, true);
        ratio("aim", "heartbeat throughput >= 0.8x the floor", tinysns, floor, 0.8, true);
        ratio("aim", "heartbeat p50 within 10% of the floor's", summary.get("heartbeat_p50", Column.TINYSNS),
                summary.get("heartbeat_p50", Column.FLOOR), 1.1, false);
        ratio("aim", "heartbeat p99 <= 0.7x tuned gRPC's", summary.get("heartbeat_p99", Column.TINYSNS),
                summary.get("heartbeat_p99", Column.GRPC), 0.7, false);
        atMost("aim", "retained heap per registration at 1,000,000 <= 256 bytes",
                summary.get("registry_heap_per_registration_1m", Column.TINYSNS), 256);
        // Less than the smallest object: no timer object and no map entry per renewal.
        atMost("aim", "allocation per renewal at 1,000,000 < 16 bytes (no object per heartbeat)",
                summary.get("registry_alloc_per_renewal_1m", Column.TINYSNS), 15.99);
        atMost("aim", "expiry: 0 early deaths", summary.get("expiry_early_deaths", Column.TINYSNS), 0);
        atMost("aim", "expiry: 0 false deaths", summary.get("expiry_false_deaths", Column.TINYSNS), 0);
        atMost("aim", "expiry: every stopped server declared dead", summary.get("expiry_never_declared", Column.TINYSNS), 0);
        atMost("aim", "expiry lateness p99 <= 110 ms", summary.get("expiry_lateness_p99", Column.TINYSNS), 110);
        atMost("aim", "expiry lateness max <= 200 ms", summary.get("expiry_lateness_max", Column.TINYSNS), 200);
        return lines;
    }

    /** {@code value / base} must be at least ({@code atLeast}) or at most the limit. */
    private void ratio(String kind, String what, Double value, Double base, double limit, boolean atLeast) {
        if (value == null || base == null || base == 0) {
            lines.add(String.format(Locale.ROOT, "[ -- ] %s: %s (not measured)", kind, what));
            return;
        }
        double r = value / base;
        boolean met = atLeast ? r >= limit : r <= limit;
        lines.add(String.format(Locale.ROOT, "[%s] %s: %s (%.2fx)", met ? "PASS" : "MISS", kind, what, r));
    }

    private void atMost(String kind, String what, Double value, double limit) {
        if (value == null) {
            lines.add(String.format(Locale.ROOT, "[ -- ] %s: %s (not measured)", kind, what));
            return;
        }
        lines.add(String.format(Locale.ROOT, "[%s] %s: %s (%s)", value <= limit ? "PASS" : "MISS", kind, what,
                Summary.format(value, "", false)));
    }
}
