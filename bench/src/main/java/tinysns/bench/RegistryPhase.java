package tinysns.bench;

import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import tinysns.bench.Summary.Column;
import tinysns.bench.harness.ChildJvm;
import tinysns.bench.registry.ExpiryMain;
import tinysns.bench.registry.FootprintMain;
import tinysns.bench.registry.RegistryHeartbeatBenchmark;

/**
 * The registration table at scale, driven directly: renewal cost and allocation (JMH with {@code -prof gc}),
 * retained heap per registration, and expiry accuracy with 100,000 of 1,000,000 servers stopping together.
 */
final class RegistryPhase {

    private static final int[] SIZES = {10_000, 1_000_000};
    private static final int EXPIRY_REGISTERED = 1_000_000;
    private static final int EXPIRY_STOPPING = 100_000;

    private final JmhRunner jmh;
    private final RunPlan plan;
    private final Summary summary;
    private final Progress progress;

    RegistryPhase(JmhRunner jmh, RunPlan plan, Summary summary, Progress progress) {
        this.jmh = jmh;
        this.plan = plan;
        this.summary = summary;
        this.progress = progress;
    }

    static String label(int size) {
        return size >= 1_000_000 ? (size / 1_000_000) + "m" : (size / 1_000) + "k";
    }

    void declareRows() {
        for (int size : SIZES) {
            summary.declare("registry_heap_per_registration_" + label(size), "bytes", "retained, MemoryMXBean after full GCs");
        }
        for (int size : SIZES) {
            summary.declare("registry_alloc_per_renewal_" + label(size), "bytes", "JMH -prof gc, the table's heartbeat path alone");
            summary.declare("registry_renewal_time_" + label(size), "ns", "one thread, table alone");
        }
        summary.declare("expiry_lateness_p50", "ms", "100,000 of 1,000,000 stop within 1 s; lease 10 s");
        summary.declare("expiry_lateness_p99", "ms", "past last heartbeat + lease");
        summary.declare("expiry_lateness_max", "ms", "");
        summary.declare("expiry_early_deaths", "count", "declared before the lease ran out");
        summary.declare("expiry_false_deaths", "count", "declared while still heartbeating");
        summary.declare("expiry_never_declared", "count", "stopped but not declared dead within lease + 2 s");
        summary.declare("registry_alloc_per_heartbeat_steady_1m", "bytes", "whole JVM during the expiry run / heartbeats: lease re-arms, deaths");
    }

    void run() {
        renewals();
        footprint();
        expiry();
    }

    /** The quick run measures at 1,000,000 only: the size the targets are about. */
    private int[] sizes() {
        return plan.quick() ? new int[] {1_000_000} : SIZES;
    }

    private void renewals() {
        for (int size : sizes()) {
            String log = "jmh-registry-renew-" + label(size);
            RunResult result = jmh.run(RegistryHeartbeatBenchmark.class, "renew", Map.of("registered", Integer.toString(size)),
                    plan.registry(), "2g", true, log);
            if (result == null) {
                progress.failed("registry renewal at " + size, "target/bench/logs/" + log + ".log");
                continue;
            }
            double nanos = result.getPrimaryResult().getScore();
            Double bytes = JmhRunner.secondary(result, "gc.alloc.rate.norm");
            summary.put("registry_renewal_time_" + label(size), Column.TINYSNS, nanos);
            summary.put("registry_alloc_per_renewal_" + label(size), Column.TINYSNS, bytes);
            progress.step("registry renewal with %,d registered: %.1f ns, %s bytes allocated per renewal", size, nanos,
                    bytes == null ? "?" : String.format("%.2f", bytes));
        }
    }

    private void footprint() {
        int[] sizes = sizes();
        String[] args = new String[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            args[i] = Integer.toString(sizes[i]);
        }
        try (ChildJvm child = ChildJvm.start("registry-footprint", List.of("-Xms3g", "-Xmx3g"),
                FootprintMain.class.getName(), List.of(args))) {
            for (int ignored : sizes) {
                String[] f = child.awaitLine("FOOTPRINT").split(" ");
                int size = Integer.parseInt(f[0]);
                double bytes = Double.parseDouble(f[1]);
                summary.put("registry_heap_per_registration_" + label(size), Column.TINYSNS, bytes);
                progress.step("registry heap with %,d registered: %.1f bytes retained per registration", size, bytes);
            }
        } catch (RuntimeException e) {
            progress.failed("registry footprint: " + e.getMessage(), "target/bench/logs/registry-footprint.log");
        }
    }

    private void expiry() {
        progress.step("expiry: %,d registered, %,d stop together, lease 10 s (takes about 15 s) ...", EXPIRY_REGISTERED, EXPIRY_STOPPING);
        try (ChildJvm child = ChildJvm.start("registry-expiry", List.of("-Xms2g", "-Xmx2g"), ExpiryMain.class.getName(),
                List.of(Integer.toString(EXPIRY_REGISTERED), Integer.toString(EXPIRY_STOPPING)))) {
            String[] f = child.awaitLine("EXPIRY").split(" ");
            summary.put("expiry_lateness_p50", Column.TINYSNS, Double.parseDouble(f[2]));
            summary.put("expiry_lateness_p99", Column.TINYSNS, Double.parseDouble(f[3]));
            summary.put("expiry_lateness_max", Column.TINYSNS, Double.parseDouble(f[4]));
            summary.put("expiry_early_deaths", Column.TINYSNS, Double.parseDouble(f[5]));
            summary.put("expiry_false_deaths", Column.TINYSNS, Double.parseDouble(f[6]));
            summary.put("expiry_never_declared", Column.TINYSNS, Double.parseDouble(f[7]));
            summary.put("registry_alloc_per_heartbeat_steady_1m", Column.TINYSNS, Double.parseDouble(f[8]));
            progress.step("expiry: %s stopped, lateness p50 %s ms, p99 %s ms, max %s ms; early %s, false %s, never declared %s;"
                    + " %s bytes allocated per heartbeat", f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8]);
            if (!f[9].equals("0")) {
                progress.step("expiry: note: registering took longer than the lease here, %s servers died before the"
                        + " measurement and were brought back first; the machine is very busy", f[9]);
            }
        } catch (RuntimeException e) {
            progress.failed("expiry: " + e.getMessage(), "target/bench/logs/registry-expiry.log");
        }
    }
}
