package tinysns.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

    private static ServerConfig config(int cluster, int server, int coordinatorPort, int port, Duration interval) {
        return new ServerConfig(cluster, server, "localhost", coordinatorPort, port, "localhost", "0.0.0.0", interval,
                Path.of("data"));
    }

    private static String refusal(int cluster, int server, int coordinatorPort, int port, Duration interval) {
        return assertThrows(IllegalArgumentException.class,
                () -> config(cluster, server, coordinatorPort, port, interval)).getMessage();
    }

    @Test
    void eachOutOfRangeFlagIsNamedInItsRefusal() {
        Duration ok = Duration.ofSeconds(5);
        assertEquals("-c/--cluster must be between 1 and 3, got 0", refusal(0, 1, 9090, 10000, ok));
        assertEquals("-c/--cluster must be between 1 and 3, got 4", refusal(4, 1, 9090, 10000, ok));
        assertEquals("-s/--server-id must be 1 or more, got 0", refusal(1, 0, 9090, 10000, ok));
        assertEquals("-k/--coordinator-port: '0' is not a port 1-65535", refusal(1, 1, 0, 10000, ok));
        assertEquals("-p/--port: '65536' is not a port 1-65535", refusal(1, 1, 9090, 65536, ok));
    }

    @Test
    void aHeartbeatIntervalOverHalfTheLeaseIsRefusedSayingWhy() {
        assertEquals("--heartbeat-interval must be at most 5 s (half the coordinator's 10 s lease), got 5.5 s",
                refusal(1, 1, 9090, 10000, Duration.ofMillis(5500)));
        assertEquals("--heartbeat-interval must be at least 0.001 s, got 0 s", refusal(1, 1, 9090, 10000, Duration.ZERO));
        assertEquals(Duration.ofMillis(250), config(3, 7, 1, 65535, Duration.ofMillis(250)).heartbeatInterval());
    }

    @Test
    void theDefaultDataDirectoryIsNamedAfterClusterAndServer() {
        assertEquals(Path.of("server_2_5"), ServerConfig.defaultDataDir(2, 5));
    }
}
