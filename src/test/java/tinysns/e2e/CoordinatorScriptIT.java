package tinysns.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scripts/coordinator.sh} as a user runs it: where it listens, port conflicts, bad flags, signals. */
class CoordinatorScriptIT {

    static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final Duration EXIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private final List<ScriptProcess> started = new ArrayList<>();

    @AfterEach
    void killEverythingStarted() {
        started.forEach(ScriptProcess::close);
    }

    @Test
    void coordinatorLogsWhereItListensAndStopsCleanlyOnSigterm() {
        ScriptProcess coordinator = start("-p", "0", "--bind", "127.0.0.1");
        int port = Integer.parseInt(coordinator.awaitStderr(LISTENING, ScriptProcess.STARTUP).group(1));
        assertTrue(port > 0);

        coordinator.terminate();
        assertEquals(0, coordinator.awaitExit(EXIT));
        assertTrue(coordinator.stderr().stream().anyMatch(line -> line.contains("stopping on SIGTERM")), coordinator.stderr().toString());
    }

    @Test
    void coordinatorStopsCleanlyOnSigintToo() {
        ScriptProcess coordinator = start("-p", "0", "--bind", "127.0.0.1", "--lease", "1.5");
        coordinator.awaitStderr(LISTENING, ScriptProcess.STARTUP);
        coordinator.signal("INT");
        assertEquals(0, coordinator.awaitExit(EXIT));
    }

    @Test
    void portAlreadyInUseIsOneLineNamingThePortAndExitsOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            ScriptProcess coordinator = start("-p", String.valueOf(port));
            assertEquals(1, coordinator.awaitExit(ScriptProcess.STARTUP));
            List<String> errors = coordinator.stderr();
            assertEquals(1, errors.size(), errors.toString());
            assertTrue(errors.get(0).contains("port " + port) && errors.get(0).contains("already in use"), errors.get(0));
            assertTrue(coordinator.stdout().isEmpty(), coordinator.stdout().toString());
        }
    }

    @Test
    void unknownFlagIsAUsageErrorAndExitsTwo() {
        ScriptProcess coordinator = start("--no-such-flag");
        assertEquals(2, coordinator.awaitExit(ScriptProcess.STARTUP));
        assertTrue(coordinator.stderr().get(0).contains("--no-such-flag"), coordinator.stderr().toString());
        assertTrue(coordinator.stderr().stream().noneMatch(line -> line.contains("Exception")), coordinator.stderr().toString());
    }

    @Test
    void badFlagValuesAreUsageErrorsAndExitTwo() {
        for (String[] args : List.of(new String[] {"-p", "abc"}, new String[] {"-p", "70000"},
                new String[] {"--lease", "0"}, new String[] {"--lease", "soon"})) {
            ScriptProcess coordinator = start(args);
            assertEquals(2, coordinator.awaitExit(ScriptProcess.STARTUP), String.join(" ", args));
            assertTrue(coordinator.stderr().get(0).startsWith("scripts/coordinator.sh: "), coordinator.stderr().toString());
        }
    }

    private ScriptProcess start(String... args) {
        ScriptProcess process = ScriptProcess.start(dir, "scripts/coordinator.sh", args);
        started.add(process);
        return process;
    }
}
