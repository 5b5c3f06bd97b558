package tinysns.coordinator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.HashedWheelTimer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tinysns.coordination.Clusters;
import tinysns.coordination.CoordinatorClient;
import tinysns.protocol.proto.RegistryEntry;
import tinysns.protocol.proto.ServerType;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcClientOptions;
import tinysns.testing.NoLeaks;

/**
 * The assignment's 10-second rule with the production timer and clock, through real sockets. The only test that
 * waits for real time (about 11 s); every other lease test moves a manual clock.
 */
@ExtendWith(NoLeaks.class)
class RealTimeExpiryTest {

    private static final Duration LEASE = Clusters.DEFAULT_LEASE;
    /** The contract's bound on lateness: one tick of the spec's 100 ms wheel (ours ticks every 10 ms). */
    private static final Duration ONE_TICK = Duration.ofMillis(100);
    /** For the test's own thread to notice, on a busy machine. */
    private static final Duration OBSERVATION_SLACK = Duration.ofMillis(400);

    private final HashedWheelTimer leaseTimer = LeaseTimers.create(LEASE, LeaseTimers.DEFAULT_TICK);
    private final HashedWheelTimer rpcTimer = new HashedWheelTimer(10, TimeUnit.MILLISECONDS);
    private final RecordingListener events = new RecordingListener();
    private Coordinator coordinator;
    private RpcClient rpc;
    private CoordinatorClient client;

    @AfterEach
    void stop() {
        client.close();
        rpc.close();
        coordinator.close();
        leaseTimer.stop();
        rpcTimer.stop();
    }

    @Test
    void serverIsAliveJustBeforeTenSecondsAndDeclaredDeadTenSecondsAfterItsLastHeartbeat() throws Exception {
        CoordinatorSettings settings = CoordinatorSettings.defaults().withBindHost("127.0.0.1").withPort(0);
        coordinator = Coordinator.start(settings, leaseTimer, System::nanoTime, events);
        rpc = new RpcClient(rpcTimer, RpcClientOptions.DEFAULT.withoutKeepAlive());
        client = CoordinatorClient.connect(rpc, "127.0.0.1", coordinator.port()).get(5, TimeUnit.SECONDS);

        long sent = System.nanoTime();
        client.heartbeat(1, CoordinatorServiceTest.server(1, "localhost", 10000, ServerType.SERVER)).get(5, TimeUnit.SECONDS);
        long confirmed = System.nanoTime();

        // Until just before 10 s, every look finds it ALIVE (a look that a stalled test thread makes after the
        // lease may find it DEAD, but only with at least 10 s of silence behind it).
        Duration untilJustBefore = Duration.ofNanos(sent + LEASE.minusMillis(200).toNanos() - System.nanoTime());
        await().pollInterval(Duration.ofMillis(100))
                .during(untilJustBefore)
                .atMost(untilJustBefore.plusSeconds(5))
                .until(() -> {
                    RegistryEntry entry = onlyEntry();
                    return entry.getAlive() || entry.getMillisSinceHeartbeat() >= LEASE.toMillis();
                });

        Duration deadline = Duration.ofNanos(confirmed + LEASE.plus(ONE_TICK).plus(OBSERVATION_SLACK).toNanos() - System.nanoTime());
        await().pollInterval(Duration.ofMillis(10)).atMost(deadline).until(() -> !onlyEntry().getAlive());

        // The coordinator's own measure of the silence it declared dead: the lease, plus at most one tick.
        // (Listeners hear of a death just after the table shows it.)
        await().atMost(Duration.ofSeconds(5)).until(() -> !events.deaths.isEmpty());
        assertEquals(1, events.deaths.size());
        long silent = events.deaths.get(0).nanosSinceHeartbeat();
        assertTrue(silent >= LEASE.toNanos(), "declared dead after only " + silent + " ns");
        assertTrue(silent <= LEASE.plus(ONE_TICK).toNanos(), "declared dead " + (silent - LEASE.toNanos()) / 1_000_000 + " ms late");
    }

    private RegistryEntry onlyEntry() throws Exception {
        return client.listRegistry().get(5, TimeUnit.SECONDS).getEntries(0);
    }
}
