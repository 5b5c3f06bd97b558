package tinysns.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tinysns.coordination.Clusters;
import tinysns.protocol.proto.ServerType;
import tinysns.testing.ManualClock;
import tinysns.testing.ManualTimer;

/** A server's goodbye (a heartbeat marked leaving): logged, and the lease runs out as for any silent server. */
class GoodbyeTest {

    private static final Duration LEASE = Clusters.DEFAULT_LEASE;
    private static final Duration TICK = Duration.ofMillis(100);

    private final ManualClock clock = new ManualClock();
    private final ManualTimer timer = new ManualTimer(clock, TICK);
    private final RecordingListener events = new RecordingListener();
    private final List<RegisteredServer> goodbyes = new CopyOnWriteArrayList<>();
    private final RegistrationTable table = new RegistrationTable(3, LEASE, timer, clock,
            RegistryListener.both(events, new RegistryListener() {
                @Override
                public void leaving(RegisteredServer server) {
                    goodbyes.add(server);
                }
            }));

    @Test
    void aGoodbyeFromALiveServerIsReportedAndItStaysAliveUntilItsLeaseEnds() {
        table.heartbeat(1, 1, "localhost", 10000, ServerType.SERVER);
        timer.advance(Duration.ofSeconds(2));
        assertTrue(table.leaving(1, 1, "localhost", 10000, ServerType.SERVER));
        assertEquals(1, goodbyes.size());
        assertEquals(1, goodbyes.get(0).serverId());

        timer.advance(LEASE.minus(Duration.ofSeconds(2)).minusMillis(1));
        assertTrue(table.snapshot().servers().get(0).alive(), "never dead before the lease, goodbye or not");
        timer.advance(TICK.plusMillis(1));
        assertFalse(table.snapshot().servers().get(0).alive());
        assertEquals(1, events.deaths.size());
    }

    @Test
    void aGoodbyeForAnotherAddressOrAnUnknownServerChangesNothingAndIsNotReported() {
        table.heartbeat(1, 1, "localhost", 10000, ServerType.SERVER);
        assertFalse(table.leaving(1, 1, "elsewhere", 10000, ServerType.SERVER));
        assertFalse(table.leaving(1, 2, "localhost", 10000, ServerType.SERVER));
        assertFalse(table.leaving(9, 1, "localhost", 10000, ServerType.SERVER));
        assertTrue(goodbyes.isEmpty());
        assertTrue(table.snapshot().servers().get(0).alive());
    }
}
