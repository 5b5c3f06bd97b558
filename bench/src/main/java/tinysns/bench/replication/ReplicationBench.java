package tinysns.bench.replication;

import io.netty.util.HashedWheelTimer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tinysns.bench.harness.BenchOutput;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcClientOptions;
import tinysns.rpc.RpcConnection;

/**
 * Replicated clusters (docs/CONTRACT.md section 8) with real processes: a coordinator and two tsd of cluster 1, each
 * started from the product jar, with the product's lease (10 s) and heartbeat interval (5 s).
 * <ol>
 *   <li>the cost of mirroring: post latency p50/p99 and posts/s of one client, one post at a time and with 32 in
 *       flight, on the lone server, then with its slave in sync, side by side;</li>
 *   <li>failover: from kill -9 of the master's process to the first post the new master acknowledges, repeated
 *       (the killed server is restarted, comes back as slave and catches up before the next run);</li>
 *   <li>clean stop: the same from SIGTERM of the master (its goodbye hands over at once).</li>
 * </ol>
 * Each row is printed as its step ends; everything goes to target/bench/replication.md. Usage:
 * {@code -Dtinysns.bench.jar=target/tinysns.jar ReplicationBench [--quick]}.
 */
public final class ReplicationBench {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long LEASE_MILLIS = 10_000;

    private final StringBuilder report = new StringBuilder();
    private final ReplicatedCluster cluster;
    private final SnsProbe probe;

    private ReplicationBench(ReplicatedCluster cluster, SnsProbe probe) {
        this.cluster = cluster;
        this.probe = probe;
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        Path jar = Path.of(System.getProperty("tinysns.bench.jar", "target/tinysns.jar")).toAbsolutePath();
        Path work = Files.createTempDirectory("tinysns-replication-bench");
        HashedWheelTimer timer = new HashedWheelTimer(10, TimeUnit.MILLISECONDS);
        RpcClient rpc = new RpcClient(timer, RpcClientOptions.DEFAULT.withRequestTimeout(Duration.ofSeconds(10)));
        String loadBefore = load();
        try (ReplicatedCluster cluster = ReplicatedCluster.start(jar, work, BenchOutput.logDir())) {
            ReplicationBench bench = new ReplicationBench(cluster, new SnsProbe(rpc, cluster.coordinatorPort()));
            bench.row("Load average (1, 5, 15 min) at the start: " + loadBefore + "\n\n");
            bench.mirroringCost(quick ? 500 : 2_000, Duration.ofSeconds(quick ? 3 : 10));
            bench.handovers("kill -9 of the master", quick ? 3 : 6, true);
            bench.handovers("SIGTERM of the master", quick ? 3 : 6, false);
            bench.row("\nLoad average at the end: " + load() + "\n");
            bench.probe.close();
            Files.writeString(BenchOutput.dir().resolve("replication.md"), bench.report.toString(), StandardCharsets.UTF_8);
        } finally {
            rpc.close();
            timer.stop();
        }
    }

    /** Prints a row at once (a step can take a while) and keeps it for replication.md. */
    private void row(String row) {
        System.out.print(row);
        System.out.flush();
        report.append(row);
    }

    private void mirroringCost(int posts, Duration flat) throws Exception {
        row("| cluster 1 | posts one at a time | p50 ms | p99 ms | posts/s | 32 in flight: posts/s |\n"
                + "|---|---|---|---|---|---|\n");
        double[] alone = measure("lone server (no slave)", posts, flat);
        cluster.startSlave();
        double[] mirrored = measure("master + in-sync slave", posts, flat);
        row(String.format("| mirrored / alone | | %.2fx | %.2fx | %.2fx | %.2fx |%n%n", mirrored[0] / alone[0],
                mirrored[1] / alone[1], mirrored[2] / alone[2], mirrored[3] / alone[3]));
    }

    /** p50 ms, p99 ms, posts/s one at a time, posts/s with 32 in flight; prints the row. */
    private double[] measure(String setup, int posts, Duration flat) throws Exception {
        RpcConnection connection = probe.login(cluster.masterPort(), 1);
        if (connection == null) {
            throw new IllegalStateException("cannot log in at the master of cluster 1; see " + BenchOutput.logDir());
        }
        try {
            SnsProbe.oneAtATime(connection, 1_500, setup + " warm-up "); // the JIT of a fresh server, not measured
            long start = System.nanoTime();
            long[] latencies = SnsProbe.oneAtATime(connection, posts, setup + " ");
            double perSecond = posts / ((System.nanoTime() - start) / 1e9);
            long flatStart = System.nanoTime();
            long done = SnsProbe.inFlight(connection, 32, flat, setup + " flat ");
            double flatPerSecond = done / ((System.nanoTime() - flatStart) / 1e9);
            double[] figures = {ms(latencies, 0.50), ms(latencies, 0.99), perSecond, flatPerSecond};
            row(String.format("| %s | %,d | %.2f | %.2f | %,.0f | %,.0f |%n", setup, posts, figures[0], figures[1],
                    figures[2], figures[3]));
            return figures;
        } finally {
            connection.close();
        }
    }

    /** Repeated handovers, each from the signal to the first post the other server acknowledged. */
    private void handovers(String how, int runs, boolean kill) throws Exception {
        row("\n| " + how + ": run | from | to | until the first post acknowledged by the new master, ms |\n"
                + "|---|---|---|---|\n");
        List<Long> millis = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            int from = cluster.masterPort();
            int to = cluster.slavePort();
            long start = System.nanoTime();
            if (kill) {
                cluster.killMaster();
            } else {
                cluster.terminateMaster();
            }
            long deadline = start + WAIT.toNanos();
            int attempt = 0;
            while (!(probe.masterPort() == to && probe.posted(to, 1 + 3 * (attempt++ % 20), how + " " + run))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no new master within " + WAIT.toSeconds() + " s after " + how);
                }
                Thread.sleep(50); // the next try, as a client's failover polls
            }
            long took = (System.nanoTime() - start) / 1_000_000;
            millis.add(took);
            row(String.format("| %d | :%d | :%d | %,d |%n", run, from, to, took));
            cluster.failedOver();
            cluster.restartFormerMaster(); // back as slave, in sync before the next run
        }
        long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
        String target = kill ? "lease + 2 s = " + (LEASE_MILLIS + 2_000) + " ms" : "1,000 ms";
        row(String.format("| **p50 / max** | | | **%,d / %,d** (target %s) |%n", sorted[(sorted.length - 1) / 2],
                sorted[sorted.length - 1], target));
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    private static String load() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (Exception e) {
            return "unknown";
        }
    }
}
