package tinysns.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeartbeatIntervalTest {

    @Test
    void anIntervalOfAtMostHalfTheLeaseIsKept() {
        assertEquals(Duration.ofSeconds(5), HeartbeatInterval.fitting(Duration.ofSeconds(5), Duration.ofSeconds(10)));
        assertEquals(Duration.ofMillis(200), HeartbeatInterval.fitting(Duration.ofMillis(200), Duration.ofSeconds(4)));
    }

    @Test
    void anIntervalLongerThanHalfTheLeaseBecomesAThirdOfIt() {
        assertEquals(Duration.ofMillis(1333).plusNanos(333_333),
                HeartbeatInterval.fitting(Duration.ofSeconds(5), Duration.ofSeconds(4)));
        assertEquals(Duration.ofMillis(1), HeartbeatInterval.fitting(Duration.ofSeconds(5), Duration.ofMillis(2)));
    }
}
