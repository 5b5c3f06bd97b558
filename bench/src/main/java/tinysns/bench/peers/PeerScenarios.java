package tinysns.bench.peers;

import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import tinysns.bench.harness.ProcessUsage;

/**
 * The three scenarios of the peers benchmark, run the same way against each registry:
 * <ol>
 *   <li>idle: the registry with nothing registered, its fixed CPU cost and resident memory;</li>
 *   <li>keep-alive cost: N servers registered, kept alive through a warm-up, then for a measured window; the
 *       registry process's CPU (utime + stime), resident memory and the requests it handled; between two sizes,
 *       what each added server cost;</li>
 *   <li>lookups: "which server serves user u", one in flight, every call timed (at the first N);</li>
 *   <li>death detection (at the first N): 1,001 more servers register; one stops, then 1,000 at once; lateness
 *       is the time from the acknowledgement of each one's last keep-alive to the moment the registry shows it
 *       gone, minus the 10-s timeout.</li>
 * </ol>
 */
public final class PeerScenarios {

    /**
     * How big and how long. Each window is preceded by a warm-up of the same keep-alives, so that it measures a
     * registry in its steady state (the JVM registries compile their hot paths over the first tens of seconds at
     * these rates), as a registry that runs for days is.
     */
    public record Plan(int[] sizes, int idleSeconds, int warmupSeconds, int windowSeconds, int lookups,
                       int lookupWarmups) {

        public static Plan full() {
            return new Plan(new int[] {1_000, 10_000}, 10, 30, 30, 100_000, 5_000);
        }

        public static Plan quick() {
            return new Plan(new int[] {1_000}, 5, 5, 15, 5_000, 1_000);
        }

        public int capacity() {
            return sizes[sizes.length - 1] + 1 + MASS_DEATH;
        }
    }

    static final int MASS_DEATH = 1_000;
    /** How long past the timeout a death may take to show before it counts as never shown. */
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(8);
    private static final long SETTLE_MILLIS = 3_000;

    private final Plan plan;
    private final BiConsumer<String, Double> figures;
    private final Consumer<String> progress;

    /**
     * @param figures  told each figure as {@code (metric, value)}
     * @param progress told one line per step
     */
    public PeerScenarios(Plan plan, BiConsumer<String, Double> figures, Consumer<String> progress) {
        this.plan = plan;
        this.figures = figures;
        this.progress = progress;
    }

    public static String label(int size) {
        return (size / 1_000) + "k";
    }

    /**
     * The first size: its window, the lookups and the deaths (1,001 more servers, so every registry is measured
     * at the same 2,001); then each larger size, its window alone.
     */
    public void run(PeerRegistry peer) throws Exception {
        run(peer, true);
    }

    /** The idle and keep-alive windows alone: for the echo floor, which cannot be looked up or die. */
    public void runKeepAliveOnly(PeerRegistry peer) throws Exception {
        run(peer, false);
    }

    private void run(PeerRegistry peer, boolean lookupsAndDeaths) throws Exception {
        TimeUnit.MILLISECONDS.sleep(SETTLE_MILLIS);
        ProcessUsage empty = idleWindow(peer);
        int next = 0; // the next server index to register
        int alive = 0;
        Window first = null;
        for (int size : plan.sizes()) {
            if (size > peer.maxServers()) {
                progress.accept(peer.name() + ": skipping " + size + " servers (at most " + peer.maxServers()
                        + " from one load process on this machine)");
                continue;
            }
            long started = System.nanoTime();
            peer.register(next, next + size - alive);
            next += size - alive;
            alive = size;
            progress.accept(String.format("%s: registered %,d servers in %.1f s; warming up %d s, then keeping them"
                            + " alive %d s (%s)", peer.name(), size, (System.nanoTime() - started) / 1e9,
                    plan.warmupSeconds(), plan.windowSeconds(), peer.keepAliveCadence()));
            Window window = keepAliveWindow(peer, size, empty);
            if (first == null) {
                first = window;
            } else {
                perAddedServer(first, window);
            }
            if (lookupsAndDeaths && size == plan.sizes()[0]) {
                lookups(peer);
                deaths(peer, next);
                next += 1 + MASS_DEATH;
            }
        }
        figures.accept("keepalive_failures", (double) peer.keepAliveFailures());
    }

    /** What one keep-alive window measured. */
    private record Window(int servers, double cpuPerSecond, long rssBytes) {
    }

    /** A stretch of time the registry process was watched for: the CPU it used, and where it ended. */
    private record Span(double cpuSeconds, double seconds, ProcessUsage end) {

        static Span watch(PeerRegistry peer, int seconds) throws InterruptedException {
            ProcessUsage before = ProcessUsage.of(peer.pid());
            long startNanos = System.nanoTime();
            TimeUnit.SECONDS.sleep(seconds);
            ProcessUsage after = ProcessUsage.of(peer.pid());
            return new Span(after.cpuSeconds() - before.cpuSeconds(), (System.nanoTime() - startNanos) / 1e9, after);
        }

        double cpuPerSecond() {
            return cpuSeconds / seconds;
        }
    }

    /** The registry with nothing registered: its own fixed CPU cost, and the resident memory it starts from. */
    private ProcessUsage idleWindow(PeerRegistry peer) throws Exception {
        Span idle = Span.watch(peer, plan.idleSeconds());
        double rssMiB = idle.end().rssBytes() / 1048576.0;
        figures.accept("idle_cpu", idle.cpuPerSecond() * 1e3);
        figures.accept("rss_empty", rssMiB);
        progress.accept(String.format("%s, nothing registered: %.1f ms cpu/s, RSS %.1f MiB", peer.name(),
                idle.cpuPerSecond() * 1e3, rssMiB));
        return idle.end();
    }

    private Window keepAliveWindow(PeerRegistry peer, int size, ProcessUsage empty) throws Exception {
        TimeUnit.MILLISECONDS.sleep(SETTLE_MILLIS);
        TimeUnit.SECONDS.sleep(plan.warmupSeconds());
        long requestsBefore = peer.requestsHandled();
        Span window = Span.watch(peer, plan.windowSeconds());
        double requestsPerSecond = (peer.requestsHandled() - requestsBefore) / window.seconds();
        long rss = window.end().rssBytes();
        String n = label(size);
        figures.accept("keepalive_cpu_" + n, window.cpuSeconds());
        figures.accept("keepalive_cpu_per_server_" + n, window.cpuPerSecond() * 1e6 / size);
        figures.accept("rss_" + n, rss / 1048576.0);
        figures.accept("rss_growth_per_server_" + n, (double) (rss - empty.rssBytes()) / size);
        figures.accept("requests_per_s_" + n, requestsPerSecond);
        progress.accept(String.format("%s at %,d: %.2f cpu s in %.0f s, RSS %.1f MiB, %.0f requests/s", peer.name(), size,
                window.cpuSeconds(), window.seconds(), rss / 1048576.0, requestsPerSecond));
        return new Window(size, window.cpuPerSecond(), rss);
    }

    /**
     * What each server added between two sizes cost: the registry's fixed costs (runtime, timers, compiled code)
     * cancel out, so this is the keep-alive cost of one more registered server.
     */
    private void perAddedServer(Window smaller, Window larger) {
        int added = larger.servers() - smaller.servers();
        figures.accept("keepalive_cpu_per_added_server", (larger.cpuPerSecond() - smaller.cpuPerSecond()) * 1e6 / added);
        figures.accept("rss_per_added_server", (double) (larger.rssBytes() - smaller.rssBytes()) / added);
    }

    private void lookups(PeerRegistry peer) throws Exception {
        for (int k = 0; k < plan.lookupWarmups(); k++) {
            peer.lookup(k + 1);
        }
        Histogram micros = new Histogram(60_000_000L, 3);
        for (int k = 0; k < plan.lookups(); k++) {
            long start = System.nanoTime();
            peer.lookup(k % 30_000 + 1);
            micros.recordValue(Math.max(1, (System.nanoTime() - start) / 1_000));
        }
        figures.accept("lookup_p50", (double) micros.getValueAtPercentile(50));
        figures.accept("lookup_p99", (double) micros.getValueAtPercentile(99));
        figures.accept("lookup_p999", (double) micros.getValueAtPercentile(99.9));
        progress.accept(String.format("%s: %,d lookups, p50 %d µs, p99 %d µs", peer.name(), plan.lookups(),
                micros.getValueAtPercentile(50), micros.getValueAtPercentile(99)));
    }

    /** Registers servers {@code first ..} {@code first + 1,000}, stops the first, then the other 1,000 at once. */
    private void deaths(PeerRegistry peer, int registered) throws Exception {
        DeathLog deaths = new DeathLog(plan.capacity());
        peer.register(registered, registered + 1 + MASS_DEATH);
        TimeUnit.MILLISECONDS.sleep(SETTLE_MILLIS);
        peer.watchDeaths(deaths);
        int[] one = {registered};
        int[] many = new int[MASS_DEATH];
        for (int k = 0; k < MASS_DEATH; k++) {
            many[k] = registered + 1 + k;
        }
        progress.accept(peer.name() + ": death detection: stopping 1 server ...");
        peer.stop(one, deaths);
        deaths.awaitGone(one, PeerServers.TIMEOUT_NANOS + GRACE_NANOS);
        DeathLog.Lateness single = deaths.lateness(one, PeerServers.TIMEOUT_NANOS);
        progress.accept(peer.name() + ": death detection: stopping 1,000 servers at once ...");
        peer.stop(many, deaths);
        deaths.awaitGone(many, PeerServers.TIMEOUT_NANOS + GRACE_NANOS);
        DeathLog.Lateness mass = deaths.lateness(many, PeerServers.TIMEOUT_NANOS);
        peer.stopWatchingDeaths();
        figures.accept("death_1_lateness", single.maxMillis());
        figures.accept("death_1000_lateness_p50", mass.p50Millis());
        figures.accept("death_1000_lateness_p99", mass.p99Millis());
        figures.accept("death_1000_lateness_max", mass.maxMillis());
        figures.accept("death_ack_wait_max", Math.max(single.maxAckMillis(), mass.maxAckMillis()));
        figures.accept("death_early", (double) (single.early() + mass.early()));
        figures.accept("death_never_shown", (double) (single.neverShown() + mass.neverShown()));
        figures.accept("death_false", (double) deaths.falseDeaths());
        figures.accept("death_last_keepalive_refused", (double) (single.unacknowledged() + mass.unacknowledged()));
        progress.accept(String.format("%s: 1 stopped: %.1f ms late; 1,000 stopped: p50 %.1f, p99 %.1f, max %.1f ms;"
                        + " early %d, never shown %d, false %d", peer.name(), single.maxMillis(), mass.p50Millis(),
                mass.p99Millis(), mass.maxMillis(), single.early() + mass.early(), single.neverShown() + mass.neverShown(),
                deaths.falseDeaths()));
    }
}
