package tinysns.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CoordinatorSettingsTest {

    @Test
    void defaultsAreTheContracts() {
        CoordinatorSettings defaults = CoordinatorSettings.defaults();
        assertEquals(9090, defaults.port());
        assertEquals(Duration.ofSeconds(10), defaults.lease());
        assertEquals(3, defaults.clusters());
        assertTrue(defaults.tick().compareTo(Duration.ofMillis(100)) <= 0, "at most the contract's 100 ms tick");
        assertEquals(20_000, defaults.maxConnections());
        assertFalse(defaults.secret().isRequired(), "no registration secret unless one is given");
    }

    @Test
    void aConnectionLimitBelowOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CoordinatorSettings.defaults().withMaxConnections(0));
        assertTrue(e.getMessage().contains("connection limit"), e.getMessage());
        assertEquals(5, CoordinatorSettings.defaults().withMaxConnections(5).rpcOptions().maxConnections());
    }

    @Test
    void aLeaseNotWellAboveTheTimerTickIsRefusedAtStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CoordinatorSettings.defaults().withLease(Duration.ofMillis(50)));
        assertTrue(e.getMessage().contains("lease"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LeaseTimers.create(Duration.ofSeconds(1), Duration.ofMillis(200)));
        assertThrows(IllegalArgumentException.class, () -> LeaseTimers.create(Duration.ofSeconds(1), Duration.ZERO));
    }

    @Test
    void portsOutsideTheirRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> CoordinatorSettings.defaults().withPort(65536));
        assertThrows(IllegalArgumentException.class, () -> CoordinatorSettings.defaults().withPort(-1));
        assertEquals(0, CoordinatorSettings.defaults().withPort(0).port(), "0 picks a free port");
    }
}
