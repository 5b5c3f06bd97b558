package tinysns.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: {@code coordinator.sh --lease 4} with tsd's default 5 s interval. The coordinator tells its lease in the
 * heartbeat reply; tsd says so in one line and beats every third of it, and is never declared dead.
 */
class ShortLeaseIT {

    private static final Pattern SHORTENED =
            Pattern.compile("has a 4 s lease, too short for --heartbeat-interval 5 s .*heartbeating every 1\\.3+ s instead");

    @TempDir
    Path dir;

    private final List<ScriptProcess> started = new ArrayList<>();

    @AfterEach
    void stopEverythingStarted() {
        started.forEach(ScriptProcess::close);
    }

    @Test
    void aServerWithTheDefaultIntervalSaysSoOnceAndStaysAliveUnderAFourSecondLease() {
        ScriptProcess coordinator = track(ScriptProcess.start(dir, "scripts/coordinator.sh", "-p", "0", "--bind",
                "127.0.0.1", "--lease", "4", "--http-port", "off"));
        int port = Integer.parseInt(coordinator.awaitStderr(CoordinatorScriptIT.LISTENING, ScriptProcess.STARTUP).group(1));
        ScriptProcess server = track(ScriptProcess.start(dir, "scripts/tsd.sh", "-c", "1", "-s", "1", "-h", "127.0.0.1",
                "-k", Integer.toString(port), "-p", Integer.toString(FreePorts.next()), "--data-dir",
                dir.resolve("tsd").toString()));

        server.awaitStderr(SHORTENED, ScriptProcess.STARTUP);
        // Three leases: with 5 s beats it would have been declared dead at 4 s.
        await().during(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(20))
                .until(() -> coordinator.stderr().stream().noneMatch(line -> line.contains("declared dead")));
        assertTrue(server.isAlive());
        assertEquals(1, server.stderr().stream().filter(line -> SHORTENED.matcher(line).find()).count(),
                server.stderr().toString());
    }

    private ScriptProcess track(ScriptProcess process) {
        started.add(process);
        return process;
    }
}
