package tinysns.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pauses of real processes (SIGSTOP, then SIGCONT), with the default 10 s lease and 5 s heartbeats. The scenarios
 * share one system and run side by side on one timeline, so the test takes about as long as its longest pause:
 * <pre>
 *   t=0   server A (cluster 1, with two clients in timeline mode) and server B (cluster 2) stop
 *   t=4   A resumes: never declared dead; its clients carry on
 *   t=6   the coordinator stops; t=9 it resumes: A and C (cluster 3), which kept beating, are not declared dead
 *   t=13  B resumes: it was declared dead meanwhile, and comes back ALIVE by itself, same process
 * </pre>
 * A's longest heartbeat gap is under 9 s (its last beat before the stop is at most 5 s old, and the overdue one
 * goes at once on resuming); its clients, pinging every second, wait 8 s before taking a server for gone.
 */
@Isolated("its heartbeat gaps are measured in real time, with about a second of margin")
class PausesIT {

    private static final Duration STEP = Duration.ofSeconds(30);

    @TempDir
    Path work;

    private Roles roles;
    private long t0;

    @AfterEach
    void stop() {
        roles.close();
    }

    @Test
    void pausedProcessesAreDeclaredDeadOnlyWhenSilentForALeaseAndCarryOnWhenTheyResume() {
        roles = new Roles(work);
        Roles.Running coordinator = roles.coordinator(Map.of());
        int portA = FreePorts.next();
        int portB = FreePorts.next();
        int portC = FreePorts.next();
        ScriptProcess a = roles.server(Map.of(), 1, coordinator.port(), portA);
        ScriptProcess b = roles.server(Map.of(), 2, coordinator.port(), portB);
        ScriptProcess c = roles.server(Map.of(), 3, coordinator.port(), portC);
        for (ScriptProcess server : List.of(a, b, c)) {
            server.awaitStderr(Roles.REGISTERED, ScriptProcess.STARTUP);
        }
        ScriptProcess author = client(coordinator.port(), 1);
        ScriptProcess reader = client(coordinator.port(), 4);
        reader.writeLine("FOLLOW 1");
        reader.awaitStdout(Pattern.compile("Command completed successfully"), STEP);
        for (ScriptProcess client : List.of(author, reader)) {
            client.writeLine("TIMELINE");
            client.awaitStdout(Pattern.compile("Now you are in the timeline"), STEP);
        }
        author.writeLine("before the pause");
        reader.awaitStdout(Pattern.compile("^1 \\(.*\\) >> before the pause$"), STEP);

        t0 = System.nanoTime();
        a.signal("STOP");
        b.signal("STOP");
        at(Duration.ofSeconds(4));
        a.signal("CONT");
        author.writeLine("after the pause");
        reader.awaitStdout(Pattern.compile("^1 \\(.*\\) >> after the pause$"), STEP);
        at(Duration.ofSeconds(6));
        coordinator.process().signal("STOP");
        at(Duration.ofSeconds(9));
        coordinator.process().signal("CONT");
        at(Duration.ofSeconds(13));
        b.signal("CONT");

        ScriptProcess log = coordinator.process();
        log.awaitStderr(Pattern.compile("cluster 2 server 1 at 127\\.0\\.0\\.1:" + portB + " declared dead"), STEP);
        log.awaitStderr(Pattern.compile("cluster 2 server 1 is back at 127\\.0\\.0\\.1:" + portB), STEP);
        assertTrue(b.isAlive(), "B came back by itself, without a restart");
        for (String line : log.stderr()) {
            assertTrue(!line.matches(".*cluster [13] server 1 .*(declared dead|is back).*"), "a false death: " + line);
        }
        for (ScriptProcess client : List.of(author, reader)) {
            assertTrue(client.isAlive(), "the client carried on");
            assertTrue(client.stdout().stream().noneMatch(line -> line.contains("unavailable")), client.stdout().toString());
        }
        author.closeStdin();
        assertEquals(0, author.awaitExit(STEP));
    }

    private ScriptProcess client(int coordinatorPort, int user) {
        ScriptProcess client = roles.start(Map.of(), "scripts/tsc.sh",
                List.of("-h", "127.0.0.1", "-k", Integer.toString(coordinatorPort), "-u", Integer.toString(user)));
        client.awaitStdout(Pattern.compile("^=====================================$"), ScriptProcess.STARTUP);
        return client;
    }

    /** Waits until {@code sinceStart} has passed since the pauses began: the scenario's clock. */
    private void at(Duration sinceStart) {
        await().atMost(sinceStart.plus(STEP)).pollInterval(Duration.ofMillis(10))
                .until(() -> System.nanoTime() - t0 >= sinceStart.toNanos());
    }
}
