package tinysns.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tinysns.protocol.proto.ServerType;
import tinysns.testing.ManualClock;
import tinysns.testing.ManualTimer;

/** Every invalid field gets a rejection that names it, and changes nothing. */
class HeartbeatValidationTest {

    private final ManualClock clock = new ManualClock();
    private final RegistrationTable table = new RegistrationTable(3, Duration.ofSeconds(10),
            new ManualTimer(clock, Duration.ofMillis(100)), clock, RegistryListener.NONE);

    @ParameterizedTest(name = "cluster {0}, server {1}, host ''{2}'', port {3}, type {4}: {5}")
    @CsvSource(nullValues = "null", value = {
        "0,  1, localhost, 10000, SERVER, cluster ID",
        "4,  1, localhost, 10000, SERVER, cluster ID",
        "-1, 1, localhost, 10000, SERVER, cluster ID",
        "1,  0, localhost, 10000, SERVER, server ID",
        "1, -5, localhost, 10000, SERVER, server ID",
        "1,  1, '',        10000, SERVER, hostname",
        "1,  1, '   ',     10000, SERVER, hostname",
        "1,  1, null,      10000, SERVER, hostname",
        "1,  1, localhost, 0,     SERVER, port",
        "1,  1, localhost, 65536, SERVER, port",
        "1,  1, localhost, -1,    SERVER, port",
        "1,  1, localhost, 10000, null,   type",
        "1,  1, localhost, 10000, SERVER_TYPE_UNSPECIFIED, type",
    })
    void invalidFieldIsRejectedByName(int cluster, int server, String host, int port, ServerType type, String field) {
        HeartbeatOutcome outcome = table.heartbeat(cluster, server, host, port, type);
        assertEquals(HeartbeatOutcome.Kind.INVALID_ARGUMENT, outcome.kind());
        assertTrue(outcome.reason().contains(field), outcome.reason());
        assertEquals(0, table.size());
    }

    @ParameterizedTest
    @CsvSource({"1, 1, 1", "3, 2147483647, 65535"})
    void fieldsAtTheEdgesOfTheirRangesAreAccepted(int cluster, int server, int port) {
        assertEquals(HeartbeatOutcome.REGISTERED, table.heartbeat(cluster, server, "h", port, ServerType.SERVER));
    }

    @org.junit.jupiter.api.Test
    void aHostnameLongerThanADnsNameIsRejected() {
        HeartbeatOutcome outcome = table.heartbeat(1, 1, "a".repeat(254), 10000, ServerType.SERVER);
        assertEquals(HeartbeatOutcome.Kind.INVALID_ARGUMENT, outcome.kind());
        assertTrue(outcome.reason().contains("hostname"), outcome.reason());
    }
}
