package tinysns.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** docs/CONTRACT.md section 8: a client waits for a failover at most the lease the system uses, plus 5 s. */
class FailoverWaitTest {

    @Test
    void theWaitIsTheCoordinatorsLeasePlusFiveSeconds() {
        assertEquals(Duration.ofSeconds(8), Failover.waitFor(null, 3_000));
        assertEquals(Duration.ofSeconds(35), Failover.waitFor(null, 30_000));
    }

    @Test
    void aCoordinatorThatDoesNotSayItsLeaseMeansTheDefaultLeaseAndAConfiguredWaitWins() {
        assertEquals(Duration.ofSeconds(15), Failover.waitFor(null, 0));
        assertEquals(Duration.ofSeconds(2), Failover.waitFor(Duration.ofSeconds(2), 30_000));
    }
}
