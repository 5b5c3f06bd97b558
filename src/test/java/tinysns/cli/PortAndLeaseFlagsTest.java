package tinysns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every role refuses a bad port with one message (tinysns.rpc.Ports'), and the coordinator a bad lease with one
 * message (its settings record's): one line, the usage, exit 2, nothing started.
 */
class PortAndLeaseFlagsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "coordinator | coordinator -p 70000   | Invalid value for option '--port': '70000' is not a port 0-65535",
            "coordinator | coordinator -p x       | Invalid value for option '--port': 'x' is not a port 0-65535",
            "coordinator | coordinator --lease 0  | --lease must be more than 0 and at most 86400 s, got 0 s",
            "coordinator | coordinator --lease -3 | --lease must be more than 0 and at most 86400 s, got -3 s",
            "coordinator | coordinator --lease 86401 | --lease must be more than 0 and at most 86400 s, got 86401 s",
            "coordinator | coordinator --lease 0.05  | the lease (50 ms) must be at least 10 timer ticks (100 ms)",
            "coordinator | coordinator --max-connections 0 | --max-connections (the connection limit) must be at least 1, got 0",
            "coordinator | coordinator --http-port 70000 | Invalid value for option '--http-port': '70000' is not a port 0-65535, nor off",
            "status      | status -k 0            | Invalid value for option '--port': '0' is not a port 1-65535",
            "tsc         | tsc -u 1 -k 65536      | Invalid value for option '--coordinator-port': '65536' is not a port 1-65535",
            "tsd         | tsd -k 0               | Invalid value for option '--coordinator-port': '0' is not a port 1-65535",
            "synchronizer | synchronizer -i 1 -p 0 -k 0 | Invalid value for option '--coordinator-port': '0' is not a port 1-65535",
            "synchronizer | synchronizer -i 1 -p 0 --coordinators a:1,b | --coordinators takes host:port,host:port,...; got 'b'",
            "tsc         | tsc -u 1 --coordinators a:x | --coordinators takes host:port,host:port,...; got 'a:x'",
    })
    void aBadPortOrLeaseIsAUsageErrorWithOneLine(String script, String flags, String message) {
        int[] exit = new int[1];
        String[] lines = UsageErrors.runCapturingErr(exit, flags.trim().split(" +"));
        assertEquals(ExitCodes.USAGE, exit[0]);
        assertEquals("scripts/" + script + ".sh: " + message, lines[0]);
        assertTrue(lines[1].startsWith("Usage: scripts/" + script + ".sh"), lines[1]);
    }
}
