package tinysns.bench.registry;

import io.netty.util.HashedWheelTimer;
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
 * The registration table alone, with 10,000 or 1,000,000 servers registered, on the production lease timer and
 * clock: the cost of renewing an already registered server. Run with {@code -prof gc}, it gives the bytes allocated
 * per renewal, which should be none besides the lease timer's re-arming, once per lease per server.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RegistryHeartbeatBenchmark {

    @Param({"10000", "1000000"})
    public int registered;

    private HashedWheelTimer timer;
    private RegistrationTable table;
    private SimulatedServers servers;
    private int next;

    @Setup(Level.Trial)
    public void register() {
        CoordinatorSettings settings = CoordinatorSettings.defaults();
        timer = LeaseTimers.create(settings.lease(), settings.tick());
        table = new RegistrationTable(settings.clusters(), settings.lease(), timer, System::nanoTime, RegistryListener.NONE);
        servers = new SimulatedServers(registered);
        servers.registerAll(table);
    }

    /** Renews the servers in turn, so that a 10-second lease never runs out however many there are. */
    @Benchmark
    public HeartbeatOutcome renew() {
        int i = next;
        next = i + 1 == registered ? 0 : i + 1;
        return servers.heartbeat(table, i);
    }

    @TearDown(Level.Trial)
    public void stop() {
        timer.stop();
    }
}
