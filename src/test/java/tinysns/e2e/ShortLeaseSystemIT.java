package tinysns.e2e;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the end-to-end classes whose tests each start a {@link LocalSystem} with a short lease (3 s, heartbeats
 * every 0.5 s, which keeps them quick; the 10-second rule itself is proven in RealTimeExpiryTest), killed after the
 * test. Not a test class itself (abstract, and Failsafe runs only concrete *IT classes).
 */
abstract class ShortLeaseSystemIT {

    @TempDir
    Path workDir;

    private LocalSystem system;

    @AfterEach
    void stopEverything() {
        if (system != null) {
            system.close();
        }
    }

    /** Starts this test's system: its coordinator now, the rest as the test asks. */
    LocalSystem system() {
        return system("3", "0.5");
    }

    /** As {@link #system()}, with another lease and heartbeat interval (in seconds) for a test that needs them. */
    LocalSystem system(String lease, String heartbeatInterval) {
        system = new LocalSystem(workDir, lease, heartbeatInterval).startCoordinator();
        return system;
    }
}
