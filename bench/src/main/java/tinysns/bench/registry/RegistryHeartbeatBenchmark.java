package tinysns.bench.registry;

import io.netty.util.HashedWheelTimer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import tinysns.coordinator.CoordinatorSettings;
import tinysns.coordinator.HeartbeatOutcome;
import tinysns.coordinator.LeaseTimers;
import tinysns.coordinator.RegistrationTable;
import tinysns.coordinator.RegistryListener;

/**
 * The registration table alone, with 10,000 or 1,000,000 servers registered, on the production timer and clock:
 * the cost of renewing an already registered server. Run with {@code -prof gc}, it gives the bytes the heartbeat
 * path allocates per renewal. The lease is an hour so that no lease timer fires during the run: a timer that fires
 * re-arms itself once per lease per server, whatever the heartbeat rate, and {@code ExpiryMain} measures that
 * cost at production rates instead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RegistryHeartbeatBenchmark {

    private static final Duration LEASE = Duration.ofHours(1);

    @Param({"10000", "1000000"})
    public int registered;

    private RegistrationTable table;
    private SimulatedServers servers;
    private int next;

    @Setup(Level.Trial)
    public void register() {
        CoordinatorSettings settings = CoordinatorSettings.defaults();
        HashedWheelTimer timer = LeaseTimers.create(LEASE, settings.tick());
        table = new RegistrationTable(settings.clusters(), LEASE, timer, System::nanoTime, RegistryListener.NONE);
        servers = new SimulatedServers(registered);
        servers.registerAll(table);
    }

    /** Renews the servers in turn. */
    @Benchmark
    public HeartbeatOutcome renew() {
        int i = next;
        next = i + 1 == registered ? 0 : i + 1;
        return servers.heartbeat(table, i);
    }

    /**
     * Leaves the timer running: its thread is a daemon and dies with the fork, while {@code stop()} would copy the
     * million pending timeouts into a set, which JMH would count against the last measured iteration.
     */
    @TearDown(Level.Trial)
    public void release() {
        table = null;
    }
}
