package tinysns.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RegistryLogTest {

    @Test
    void silenceIsWrittenInSecondsWithOneDecimalRoundedHalfUp() {
        assertEquals("10.0 s", RegistryLog.seconds(TimeUnit.SECONDS.toNanos(10)));
        assertEquals("10.0 s", RegistryLog.seconds(10_049_999_999L));
        assertEquals("10.1 s", RegistryLog.seconds(10_050_000_000L));
        assertEquals("0.0 s", RegistryLog.seconds(0));
        assertEquals("3.8 s", RegistryLog.seconds(3_771_000_000L));
        assertEquals("125.0 s", RegistryLog.seconds(TimeUnit.SECONDS.toNanos(125)));
    }
}
