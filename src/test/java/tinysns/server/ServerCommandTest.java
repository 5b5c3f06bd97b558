package tinysns.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tinysns.cli.ExitCodes;
import tinysns.cli.UsageErrors;

/** Bad flags of scripts/tsd.sh: one line saying what is wrong, the usage, exit 2 (nothing is started). */
class ServerCommandTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "-c 0      | -c/--cluster must be between 1 and 3, got 0",
            "-c 4      | -c/--cluster must be between 1 and 3, got 4",
            "-s 0      | -s/--server-id must be 1 or more, got 0",
            "-p 0      | Invalid value for option '--port': '0' is not a port 1-65535",
            "-p 70000  | Invalid value for option '--port': '70000' is not a port 1-65535",
            "-k 70000  | Invalid value for option '--coordinator-port': '70000' is not a port 1-65535",
            "--heartbeat-interval 6 | --heartbeat-interval must be at most 5 s (half the coordinator's 10 s lease), got 6 s",
            "-c x      | Invalid value for option '--cluster': 'x' is not an int",
            "--nope    | Unknown option: '--nope'",
            "--max-connections 0   | --max-connections must be at least 1, got 0",
            "--max-post-length 0   | --max-post-length must be at least 1, got 0",
            "--idle-timeout 2      | --idle-timeout must be 0 (off) or at least 6 s (the client pings every second), got 2 s",
            "--secret-file /nonexistent/tinysns-secret | --secret-file /nonexistent/tinysns-secret cannot be read (NoSuchFileException)",
            "--http-port 70000 | Invalid value for option '--http-port': '70000' is not a port 0-65535, nor off",
            "--http-port on    | Invalid value for option '--http-port': 'on' is not a port 0-65535, nor off",
    })
    void aBadFlagIsAUsageErrorWithOneLineAndTheUsage(String flags, String message) {
        int[] exit = new int[1];
        String[] args = ("tsd " + flags.trim()).split(" +");
        String[] lines = UsageErrors.runCapturingErr(exit, args);
        assertEquals(ExitCodes.USAGE, exit[0]);
        assertEquals("scripts/tsd.sh: " + message, lines[0]);
        assertTrue(lines[1].startsWith("Usage: scripts/tsd.sh"), lines[1]);
    }
}
