package tinysns.coordinator;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tinysns.protocol.proto.ServerType;
import tinysns.testing.ManualClock;
import tinysns.testing.ManualTimer;

class ServerIdIndexTest {

    @Test
    void findsEveryAddedRegistrationThroughResizesAndMissesTheOthers() {
        ManualClock clock = new ManualClock();
        RegistrationTable table = new RegistrationTable(1, Duration.ofSeconds(10), new ManualTimer(clock, Duration.ofMillis(100)),
                clock, RegistryListener.NONE);
        ClusterRegistrations cluster = new ClusterRegistrations(table, 1, 10_000);
        ServerIdIndex index = new ServerIdIndex();
        Map<Integer, Registration> reference = new HashMap<>();
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            // Sequential IDs (the usual case) mixed with scattered ones, including the extremes.
            int id = i % 2 == 0 ? i + 1 : 1 + random.nextInt(Integer.MAX_VALUE);
            if (i == 1) {
                id = Integer.MAX_VALUE;
            }
            if (reference.containsKey(id)) {
                continue;
            }
            Registration r = new Registration(cluster, id, i, new Endpoint(id, "h", 1, ServerType.SERVER), 0);
            index.add(r);
            reference.put(id, r);
        }
        reference.forEach((id, r) -> assertSame(r, index.get(id)));
        for (int i = 0; i < 10_000; i++) {
            int id = -i;
            assertNull(index.get(id));
        }
    }
}
