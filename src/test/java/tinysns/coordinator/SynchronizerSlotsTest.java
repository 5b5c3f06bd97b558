package tinysns.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import tinysns.protocol.proto.ServerType;
import org.junit.jupiter.api.Test;
import tinysns.testing.ManualClock;
import tinysns.testing.ManualTimer;

/** Synchronizers register in slots of their own (docs/SYNCHRONIZERS.md): never in a server's way, never assigned. */
class SynchronizerSlotsTest {

    private final ManualClock clock = new ManualClock();
    private final ManualTimer timer = new ManualTimer(clock, Duration.ofMillis(100));
    private final RegistrationTable table = new RegistrationTable(3, Duration.ofSeconds(10), timer, clock, RegistryListener.NONE);

    @Test
    void synchronizerOneAndServerOneOfAClusterAreBothRegisteredAndClientsGetTheServer() {
        assertEquals(HeartbeatOutcome.REGISTERED, table.heartbeat(1, 1, "sync-host", 9001, ServerType.SYNCHRONIZER));
        assertEquals(HeartbeatOutcome.REGISTERED, table.heartbeat(1, 1, "server-host", 10000, ServerType.SERVER));
        assertEquals(HeartbeatOutcome.RENEWED, table.heartbeat(1, 1, "sync-host", 9001, ServerType.SYNCHRONIZER));

        assertEquals("server-host", table.assign(1).host());
        List<RegisteredServer> listed = table.snapshot().servers();
        assertEquals(2, listed.size());
        assertEquals(ServerType.SERVER, listed.get(0).endpoint().type());
        assertEquals(ServerType.SYNCHRONIZER, listed.get(1).endpoint().type());
        assertEquals(2, table.size());
    }

    @Test
    void aSynchronizerThatStopsHeartbeatingIsDeclaredDeadAfterTheLeaseLikeAServer() {
        table.heartbeat(3, 3, "sync-host", 9003, ServerType.SYNCHRONIZER);
        table.heartbeat(3, 1, "server-host", 10000, ServerType.SERVER);
        timer.advance(Duration.ofSeconds(5));
        table.heartbeat(3, 1, "server-host", 10000, ServerType.SERVER);
        timer.advance(Duration.ofSeconds(5).plus(Duration.ofMillis(200)));
        List<RegisteredServer> listed = table.snapshot().servers();
        assertTrue(listed.get(0).alive(), "the server heartbeated");
        assertFalse(listed.get(1).alive(), "the synchronizer did not");
    }

    @Test
    void aSynchronizersGoodbyeIsItsOwnNotTheServers() {
        table.heartbeat(2, 1, "server-host", 10000, ServerType.SERVER);
        table.heartbeat(2, 1, "sync-host", 9001, ServerType.SYNCHRONIZER);
        assertFalse(table.leaving(2, 1, "server-host", 10000, ServerType.SYNCHRONIZER));
        assertTrue(table.leaving(2, 1, "sync-host", 9001, ServerType.SYNCHRONIZER));
    }
}
