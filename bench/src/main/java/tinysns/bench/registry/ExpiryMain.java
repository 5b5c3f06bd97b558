package tinysns.bench.registry;

import io.netty.util.HashedWheelTimer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import tinysns.bench.harness.ProcessCosts;
import tinysns.bench.harness.ServerNumbering;
import tinysns.coordination.Clusters;
import tinysns.coordinator.CoordinatorSettings;
import tinysns.coordinator.LeaseTimers;
import tinysns.coordinator.RegisteredServer;
import tinysns.coordinator.RegistrationTable;
import tinysns.coordinator.RegistryListener;

/**
 * Expiry accuracy at scale, on the production lease timer ({@link LeaseTimers}) and the system clock: registers
 * N servers, lets one in ten send its last heartbeat within the same second while the others keep beating every
 * 5 seconds (the product's default interval), and times every death against the lease.
 * Usage: {@code ExpiryMain <registered> <stopping>}; prints
 * {@code EXPIRY <registered> <stopped> <p50 ms> <p99 ms> <max ms> <early deaths> <false deaths> <never declared>
 * <bytes allocated per heartbeat> <deaths while registering>}, lateness being how long after {@code last heartbeat + lease} a death was
 * declared, and the allocation being everything this JVM allocated from the first keeper heartbeat to the end
 * (lease timers re-arming, deaths, their log-free listener) over the heartbeats sent meanwhile: the heartbeat path
 * at production rates.
 */
public final class ExpiryMain {

    private static final Duration LEASE = Clusters.DEFAULT_LEASE;
    private static final long HEARTBEAT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long STOPPING_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(900);
    private static final int PACING_STEPS = 100;

    private final int registered;
    private final int stopEvery;
    private final long[] lastBeatNanos;
    private final long[] deathNanos;
    private final AtomicInteger deaths = new AtomicInteger();
    private final SimulatedServers servers;
    private final RecordingClock clock = new RecordingClock();
    private volatile boolean keepBeating = true;
    /** False while registering: a death then is the set-up's, counted apart. */
    private volatile boolean measuring;
    private final AtomicInteger setupDeaths = new AtomicInteger();
    /** Written by the keepers' thread only; read after it has ended. */
    private long keeperBeats;

    private ExpiryMain(int registered, int stopping) {
        this.registered = registered;
        this.stopEvery = registered / stopping;
        this.lastBeatNanos = new long[registered];
        this.deathNanos = new long[registered];
        this.servers = new SimulatedServers(registered);
    }

    public static void main(String[] args) throws InterruptedException {
        ExpiryMain run = new ExpiryMain(Integer.parseInt(args[0]), Integer.parseInt(args[1]));
        System.out.println(run.measure());
        System.exit(0);
    }

    private boolean stops(int i) {
        return i % stopEvery == 0;
    }

    private String measure() throws InterruptedException {
        CoordinatorSettings settings = CoordinatorSettings.defaults();
        HashedWheelTimer timer = LeaseTimers.create(LEASE, settings.tick());
        RegistrationTable table = new RegistrationTable(settings.clusters(), LEASE, timer, clock, new Deaths());
        for (int i = 0; i < registered; i++) {
            beat(table, i);
        }
        // On a slow machine registering a million can outlast the lease: the first ones die before the keepers start.
        // One more round of heartbeats brings every server back (or just renews it), and only deaths after it count.
        for (int i = 0; i < registered; i++) {
            beat(table, i);
        }
        measuring = true;
        long allocatedBefore = ProcessCosts.ofThisProcess().allocatedBytes();
        Thread keepers = new Thread(() -> beatKeepers(table), "keepers");
        keepers.start();
        int stopped = stopTogether(table);
        long lastStop = Arrays.stream(lastBeatNanos).max().orElseThrow();
        // Every stopped server should be dead 10 s (plus a tick) after its last beat; wait a little longer, beating on.
        long deadline = lastStop + LEASE.toNanos() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < deadline && deaths.get() < stopped) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        // A further second of beating: a false death would show up here.
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
        keepBeating = false;
        keepers.join();
        // The timer is left running (a daemon thread; the JVM exits next): stopping it while a million lease tasks
        // re-arm themselves would only make each of them log that the timer is stopped.
        long allocated = ProcessCosts.ofThisProcess().allocatedBytes() - allocatedBefore;
        return report(stopped) + String.format(" %.1f %d", (double) allocated / (keeperBeats + stopped), setupDeaths.get());
    }

    /** The stopping servers send their last heartbeat, spread over less than a second, and then fall silent. */
    private int stopTogether(RegistrationTable table) {
        int stopped = 0;
        long start = System.nanoTime();
        int perStep = (registered + PACING_STEPS - 1) / PACING_STEPS;
        for (int step = 0; step < PACING_STEPS; step++) {
            parkUntil(start + STOPPING_WINDOW_NANOS * step / PACING_STEPS);
            for (int i = step * perStep; i < Math.min(registered, (step + 1) * perStep); i++) {
                if (stops(i)) {
                    beat(table, i);
                    stopped++;
                }
            }
        }
        return stopped;
    }

    /** A heartbeat, noting the very clock reading the table stamped it with. */
    private void beat(RegistrationTable table, int i) {
        servers.heartbeat(table, i);
        lastBeatNanos[i] = clock.lastRead();
    }

    /** Every other server heartbeats once per interval, spread evenly over it, until told to stop. */
    private void beatKeepers(RegistrationTable table) {
        int perStep = (registered + PACING_STEPS - 1) / PACING_STEPS;
        long sweepStart = System.nanoTime();
        while (keepBeating) {
            for (int step = 0; step < PACING_STEPS && keepBeating; step++) {
                parkUntil(sweepStart + HEARTBEAT_INTERVAL_NANOS * step / PACING_STEPS);
                for (int i = step * perStep; i < Math.min(registered, (step + 1) * perStep); i++) {
                    if (!stops(i)) {
                        servers.heartbeat(table, i);
                        keeperBeats++;
                    }
                }
            }
            sweepStart += HEARTBEAT_INTERVAL_NANOS;
        }
    }

    private String report(int stopped) {
        synchronized (deathNanos) {
            return reportDeaths(stopped);
        }
    }

    /** Call with the lock on {@code deathNanos}, which the timer's thread writes under. */
    private String reportDeaths(int stopped) {
        long leaseNanos = LEASE.toNanos();
        long[] lateness = new long[stopped];
        int declared = 0;
        int early = 0;
        int falseDeaths = 0;
        for (int i = 0; i < registered; i++) {
            if (!stops(i)) {
                if (deathNanos[i] != 0) {
                    falseDeaths++;
                }
            } else if (deathNanos[i] != 0) {
                long late = deathNanos[i] - (lastBeatNanos[i] + leaseNanos);
                if (late < 0) {
                    early++;
                }
                lateness[declared++] = late;
            }
        }
        long[] sorted = Arrays.copyOf(lateness, declared);
        Arrays.sort(sorted);
        return String.format("EXPIRY %d %d %.1f %.1f %.1f %d %d %d", registered, stopped,
                millis(percentile(sorted, 50)), millis(percentile(sorted, 99)),
                millis(sorted.length == 0 ? 0 : sorted[sorted.length - 1]), early, falseDeaths, stopped - declared);
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    private static void parkUntil(long nanoTime) {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /**
     * The system clock, remembering per thread what it last returned, so that a heartbeat's arrival time is the one
     * the table stored, not a reading taken a preemption later.
     */
    private static final class RecordingClock implements LongSupplier {
        private final ThreadLocal<long[]> last = ThreadLocal.withInitial(() -> new long[1]);

        @Override
        public long getAsLong() {
            long now = System.nanoTime();
            last.get()[0] = now;
            return now;
        }

        long lastRead() {
            return last.get()[0];
        }
    }

    /** Records when each server was declared dead, on the timer's thread. */
    private final class Deaths implements RegistryListener {
        @Override
        public void declaredDead(RegisteredServer server, long nanosSinceHeartbeat) {
            if (!measuring) {
                setupDeaths.incrementAndGet();
                return;
            }
            synchronized (deathNanos) {
                deathNanos[ServerNumbering.indexOf(server.clusterId(), server.serverId())] = System.nanoTime();
            }
            deaths.incrementAndGet();
        }
    }
}
