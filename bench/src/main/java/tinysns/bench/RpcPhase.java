package tinysns.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;
import tinysns.bench.Summary.Column;
import tinysns.bench.harness.BenchOutput;
import tinysns.bench.rpc.RpcLatencyBenchmark;
import tinysns.bench.rpc.RpcThroughputBenchmark;
import tinysns.bench.rpc.Target;

/**
 * Heartbeat and get-server, the same calls over tinysns, gRPC-java (tuned and default) and the echo floor:
 * throughput with 4 x 64 in flight, then latency with one in flight, each target's server in a JVM of its own.
 */
final class RpcPhase {

    private static final List<Target> TARGETS = List.of(Target.TINYSNS, Target.GRPC_TUNED, Target.GRPC_DEFAULT, Target.FLOOR);
    private static final String[] OPS = {"heartbeat", "getserver"};
    /**
     * Per-call costs from rpc-costs.tsv, in its column order after target, op, calls and failures. The read counts
     * (syscr) get no row: Netty's epoll transport reads with recvfrom, which syscr does not count.
     */
    private static final String[] COST_METRICS = {"client_cpu_per_call", "server_cpu_per_call", "client_writes_per_call",
            "server_writes_per_call", "client_reads_per_call", "server_reads_per_call", "client_alloc_per_call",
            "server_alloc_per_call"};

    private final JmhRunner jmh;
    private final RunPlan plan;
    private final Summary summary;
    private final Progress progress;

    RpcPhase(JmhRunner jmh, RunPlan plan, Summary summary, Progress progress) {
        this.jmh = jmh;
        this.plan = plan;
        this.summary = summary;
        this.progress = progress;
    }

    void declareRows() {
        List<String> ops = plan.quick() ? List.of("heartbeat") : List.of(OPS);
        for (String op : OPS) {
            if (ops.contains(op)) {
                summary.declare(op + "_throughput", "ops/s", "4 connections x 64 in flight; grpc = directExecutor()");
            }
            summary.declare(op + "_p50", "µs", "1 in flight on 1 connection");
            summary.declare(op + "_p99", "µs", "1 in flight on 1 connection");
            summary.declare(op + "_p999", "µs", "1 in flight on 1 connection");
        }
        for (String op : ops) {
            summary.declare(op + "_cpu_per_call", "µs cpu/call", "client + server process CPU / calls, under the throughput load");
            summary.declare(op + "_server_cpu_per_call", "µs cpu/call", "the server process alone");
            summary.declare(op + "_client_cpu_per_call", "µs cpu/call", "the client process alone (JMH included)");
            summary.declare(op + "_server_writes_per_call", "syscalls/call",
                    "write/writev: /proc/<pid>/io syscw; blind to send(2), which tinysns's one buffer per read batch uses");
            summary.declare(op + "_client_writes_per_call", "syscalls/call", "write/writev: /proc/<pid>/io syscw");
            summary.declare(op + "_server_alloc_per_call", "bytes", "heap allocated by the server process / calls");
            summary.declare(op + "_client_alloc_per_call", "bytes", "heap allocated by the client process / calls");
        }
        String note = "gRPC-java with its default executors";
        for (String op : ops) {
            summary.declare(op + "_throughput_grpc_default", "ops/s", note);
        }
        if (!plan.quick()) {
            for (String op : OPS) {
                summary.declare(op + "_p50_grpc_default", "µs", note);
                summary.declare(op + "_p99_grpc_default", "µs", note);
                summary.declare(op + "_p999_grpc_default", "µs", note);
            }
        }
        for (String op : ops) {
            summary.declare(op + "_cpu_per_call_grpc_default", "µs cpu/call", note);
            summary.declare(op + "_server_writes_per_call_grpc_default", "syscalls/call", note);
            summary.declare(op + "_server_alloc_per_call_grpc_default", "bytes", note);
        }
    }

    void run() throws IOException {
        // The quick run measures get-server's latency but not its throughput.
        for (String op : OPS) {
            if (plan.quick() && op.equals("getserver")) {
                continue;
            }
            for (Target target : TARGETS) {
                throughput(target, op);
            }
        }
        for (String op : OPS) {
            for (Target target : TARGETS) {
                // The quick run leaves out the default gRPC's latencies: the slowest runs, in rows of their own.
                if (!(plan.quick() && target == Target.GRPC_DEFAULT)) {
                    latency(target, op);
                }
            }
        }
        readCosts();
    }

    private void throughput(Target target, String op) {
        String log = "jmh-throughput-" + op + "-" + target.param();
        RunResult result = jmh.run(RpcThroughputBenchmark.class, "calls", Map.of("target", target.param(), "op", op),
                plan.throughput(), "1g", false, log);
        if (result == null) {
            progress.failed(op + " throughput, " + target.param(), "target/bench/logs/" + log + ".log");
            return;
        }
        double score = result.getPrimaryResult().getScore();
        put(op + "_throughput", target, score);
        progress.step("%s throughput, %s: %,.0f calls/s", op, target.param(), score);
    }

    private void latency(Target target, String op) {
        String log = "jmh-latency-" + op + "-" + target.param();
        RunResult result = jmh.run(RpcLatencyBenchmark.class, "call", Map.of("target", target.param(), "op", op),
                plan.latency(), "1g", false, log);
        if (result == null) {
            progress.failed(op + " latency, " + target.param(), "target/bench/logs/" + log + ".log");
            return;
        }
        Statistics stats = result.getPrimaryResult().getStatistics();
        put(op + "_p50", target, stats.getPercentile(50));
        put(op + "_p99", target, stats.getPercentile(99));
        put(op + "_p999", target, stats.getPercentile(99.9));
        progress.step("%s latency, %s: p50 %.1f µs, p99 %.1f µs, p99.9 %.1f µs (%,d samples)", op, target.param(),
                stats.getPercentile(50), stats.getPercentile(99), stats.getPercentile(99.9), stats.getN());
    }

    /** Sums every measured iteration of every fork, then divides by the calls they completed. */
    private void readCosts() throws IOException {
        Path file = BenchOutput.dir().resolve(RpcThroughputBenchmark.COSTS_FILE);
        if (!Files.exists(file)) {
            return;
        }
        Map<String, long[]> totals = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split("\t");
            long[] sum = totals.computeIfAbsent(f[0] + "\t" + f[1], k -> new long[f.length - 2]);
            for (int i = 2; i < f.length; i++) {
                long v = Long.parseLong(f[i]);
                sum[i - 2] = sum[i - 2] < 0 || v < 0 ? -1 : sum[i - 2] + v;
            }
        }
        for (Map.Entry<String, long[]> entry : totals.entrySet()) {
            String[] key = entry.getKey().split("\t");
            Target target = Target.of(key[0]);
            String op = key[1];
            long[] sum = entry.getValue();
            long calls = sum[0];
            if (sum[1] > 0) {
                progress.step("WARNING: %d %s calls to %s failed during the throughput run", sum[1], op, target.param());
            }
            if (calls <= 0) {
                continue;
            }
            for (int m = 0; m < COST_METRICS.length; m++) {
                long total = sum[m + 2];
                if (total < 0) {
                    continue;
                }
                // CPU is in nanoseconds: per call it reads best in microseconds.
                double perCall = m < 2 ? total / 1000.0 / calls : (double) total / calls;
                put(op + "_" + COST_METRICS[m], target, perCall);
            }
            if (sum[2] >= 0 && sum[3] >= 0) {
                put(op + "_cpu_per_call", target, (sum[2] + sum[3]) / 1000.0 / calls);
            }
        }
    }

    /**
     * The tuned gRPC goes in the grpc column; the default one in the rows of its own. A figure with no row in the
     * summary (a default-gRPC detail) stays in the JMH logs and rpc-costs.tsv.
     */
    private void put(String metric, Target target, double value) {
        switch (target) {
            case TINYSNS -> summary.putIfDeclared(metric, Column.TINYSNS, value);
            case GRPC_TUNED -> summary.putIfDeclared(metric, Column.GRPC, value);
            case FLOOR -> summary.putIfDeclared(metric, Column.FLOOR, value);
            case GRPC_DEFAULT -> summary.putIfDeclared(metric + "_grpc_default", Column.GRPC, value);
        }
    }
}
