package tinysns.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysDoubleUpToTheCapAndStartOverAfterASuccess() {
        Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(5));
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            delays.add(backoff.nextDelayMillis());
        }
        assertEquals(List.of(250L, 500L, 1000L, 2000L, 4000L, 5000L, 5000L, 5000L), delays);
        backoff.reset();
        assertEquals(250L, backoff.nextDelayMillis());
    }

    @Test
    void theProductionBackoffIsCappedAtTheHeartbeatInterval() {
        Backoff backoff = HeartbeatSender.backoffFor(Duration.ofMillis(100));
        assertEquals(100L, backoff.nextDelayMillis());
        assertEquals(100L, backoff.nextDelayMillis());
    }
}
