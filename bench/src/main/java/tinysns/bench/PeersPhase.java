package tinysns.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tinysns.bench.harness.BenchOutput;
import tinysns.bench.peers.PeerRegistry;
import tinysns.bench.peers.PeerScenarios;
import tinysns.bench.peers.Peers;
import tinysns.bench.peers.RegistryJvmFlags;
import tinysns.bench.peers.TinysnsPeer;

/**
 * tinysns's coordinator beside the registries a team would otherwise pick, in one run on one machine: etcd leases
 * and ZooKeeper ephemeral sessions, same 10-s timeout. Writes {@code peers.tsv} and {@code peers.md}.
 * Temporary data goes under the folder named by {@value #TMP_PROPERTY} (bench.sh makes one and removes it on exit).
 */
final class PeersPhase {

    static final String TMP_PROPERTY = "tinysns.bench.peers.tmp";
    /** Comma-separated peers to run (all when unset): {@code -Dtinysns.bench.peers.only=zookeeper} while tuning one. */
    static final String ONLY_PROPERTY = "tinysns.bench.peers.only";
    private static final String FLOOR_PREFIX = "echo_floor_";

    private final PeerScenarios.Plan plan;
    private final Summary summary = new Summary(Peers.NAMES);
    private final Progress progress;

    PeersPhase(boolean quick, Progress progress) {
        this.plan = quick ? PeerScenarios.Plan.quick() : PeerScenarios.Plan.full();
        this.progress = progress;
    }

    private void declareRows() {
        summary.declare("idle_cpu", "ms cpu/s", "nothing registered: the registry process's own fixed cost");
        summary.declare("rss_empty", "MiB", "nothing registered: VmRSS");
        for (int size : PeerScenarios.Plan.full().sizes()) {
            String n = PeerScenarios.label(size);
            String servers = String.format("%,d servers", size);
            summary.declare("keepalive_cpu_" + n, "cpu s", servers + ": registry process utime+stime over the window, after the warm-up");
            summary.declare("keepalive_cpu_per_server_" + n, "µs cpu/s", servers + ": registry CPU per server per second");
            summary.declare("rss_" + n, "MiB", servers + ": registry process VmRSS at the end of the window");
            summary.declare("rss_growth_per_server_" + n, "bytes", servers + ": VmRSS growth since it started empty / servers");
            summary.declare("requests_per_s_" + n, "ops/s", servers + ": requests the registry handled per second");
        }
        summary.declare("keepalive_cpu_per_added_server", "µs cpu/s", "each server added from 1,000 to 10,000:"
                + " (CPU/s at 10k - at 1k) / 9,000");
        summary.declare("rss_per_added_server", "bytes", "each server added from 1,000 to 10,000: (RSS at 10k - at 1k) / 9,000");
        String floor = " (the echo floor, in the tinysns column: a raw Netty echo of the same heartbeats, no registry)";
        summary.declare(FLOOR_PREFIX + "idle_cpu", "ms cpu/s", "nothing connected" + floor);
        for (int size : PeerScenarios.Plan.full().sizes()) {
            summary.declare(FLOOR_PREFIX + "keepalive_cpu_per_server_" + PeerScenarios.label(size), "µs cpu/s",
                    String.format("%,d servers", size) + floor);
        }
        summary.declare(FLOOR_PREFIX + "keepalive_cpu_per_added_server", "µs cpu/s", "from 1,000 to 10,000" + floor);
        summary.declare("lookup_p50", "µs", "which server serves user u; 1 in flight; at 1,000 servers");
        summary.declare("lookup_p99", "µs", "");
        summary.declare("lookup_p999", "µs", "");
        summary.declare("death_1_lateness", "ms", "1 server stopped: shown gone, past its last keep-alive's ack + 10 s");
        summary.declare("death_1000_lateness_p50", "ms", "1,000 stopped at once; 2,001 registered");
        summary.declare("death_1000_lateness_p99", "ms", "");
        summary.declare("death_1000_lateness_max", "ms", "");
        summary.declare("death_ack_wait_max", "ms", "longest last keep-alive, sent to acknowledged (lateness counts from the ack)");
        summary.declare("death_early", "count", "shown gone before last keep-alive sent + 10 s");
        summary.declare("death_never_shown", "count", "not shown gone within 10 s + 8 s");
        summary.declare("death_false", "count", "shown gone while still kept alive");
        summary.declare("death_last_keepalive_refused", "count", "last keep-alive refused: already gone, no lateness");
        summary.declare("keepalive_failures", "count", "keep-alives refused or unanswered, whole run");
    }

    /** Runs every registry in turn; a failed one is told to the progress, which counts it. */
    void run(String header) throws IOException {
        declareRows();
        clearPreviousRun();
        Path tmp = temporaryRoot();
        for (int column = 0; column < Peers.NAMES.size(); column++) {
            String name = Peers.NAMES.get(column);
            if (!selected(name)) {
                continue;
            }
            int col = column;
            PeerScenarios scenarios = new PeerScenarios(plan, (metric, value) -> summary.put(metric, col, value),
                    line -> progress.step("%s", line));
            Path dataDir = tmp.resolve(name);
            progress.step("%s: starting%s", name, name.equals("etcd") ? "" : " (JVM flags: " + RegistryJvmFlags.describe() + ")");
            try (PeerRegistry peer = Peers.start(name, dataDir, plan.capacity())) {
                scenarios.run(peer);
            } catch (Exception | Error e) {
                progress.failed(name + ": " + e, "target/bench/logs/");
                e.printStackTrace();
            } finally {
                BenchOutput.deleteTree(dataDir);
            }
        }
        runEchoFloor();
        if (System.getProperty(TMP_PROPERTY) == null) {
            BenchOutput.deleteTree(tmp);
        }
        Path out = BenchOutput.dir();
        summary.writeTsv(out.resolve("peers.tsv"));
        Files.writeString(out.resolve("peers.md"), header.replace("\n", "  \n") + "\n" + summary.markdown(),
                StandardCharsets.UTF_8);
        System.out.println();
        System.out.print(summary.table());
        System.out.println();
        System.out.println("load average at the end: " + BenchMain.loadAverage());
        System.out.println("wrote " + out.resolve("peers.tsv") + " and peers.md; peer logs in " + BenchOutput.logDir());
    }

    /** The echo floor's keep-alive windows, into the floor rows of the tinysns column. */
    private void runEchoFloor() {
        if (!selected("tinysns")) {
            return;
        }
        int tinysnsColumn = Peers.NAMES.indexOf("tinysns");
        PeerScenarios scenarios = new PeerScenarios(plan,
                (metric, value) -> summary.putIfDeclared(FLOOR_PREFIX + metric, tinysnsColumn, value),
                line -> progress.step("%s", line));
        progress.step("echo-floor: starting (a raw Netty echo of the heartbeats: the floor of the CPU rows)");
        try (TinysnsPeer floor = TinysnsPeer.startEchoFloor()) {
            scenarios.runKeepAliveOnly(floor);
        } catch (Exception | Error e) {
            progress.failed("echo-floor: " + e, "target/bench/logs/");
            e.printStackTrace();
        }
    }

    private static boolean selected(String name) {
        String only = System.getProperty(ONLY_PROPERTY);
        return only == null || java.util.List.of(only.split(",")).contains(name);
    }

    static String describe(boolean quick) {
        PeerScenarios.Plan p = quick ? PeerScenarios.Plan.quick() : PeerScenarios.Plan.full();
        StringBuilder sizes = new StringBuilder();
        for (int size : p.sizes()) {
            sizes.append(sizes.length() == 0 ? "" : " and ").append(String.format("%,d", size));
        }
        return (quick ? "quick" : "full") + " peers run: " + sizes + " servers kept alive " + p.windowSeconds()
                + " s each after a " + p.warmupSeconds() + "-s warm-up; " + String.format("%,d", p.lookups()) + " lookups; 1 then 1,000 deaths; timeout 10 s"
                + (quick ? "\nquick run: a smoke test with short windows and fewer lookups; run scripts/bench.sh --peers for the figures." : "");
    }

    /** The peers' logs are appended to: start each run from none. */
    private static void clearPreviousRun() throws IOException {
        for (String name : Peers.NAMES) {
            Files.deleteIfExists(BenchOutput.logDir().resolve("peers-" + name + ".log"));
        }
        Files.deleteIfExists(BenchOutput.dir().resolve("peers.tsv"));
        Files.deleteIfExists(BenchOutput.dir().resolve("peers.md"));
    }

    private static Path temporaryRoot() throws IOException {
        String given = System.getProperty(TMP_PROPERTY);
        return given != null ? Files.createDirectories(Path.of(given)) : Files.createTempDirectory("tinysns-peers");
    }
}
