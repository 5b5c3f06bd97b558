package tinysns.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tinysns.e2e.ClientLines.SUCCESS;
import static tinysns.e2e.ClientLines.exactly;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The assignment's three test cases, run through the real scripts: coordinator.sh, tsd.sh and tsc.sh as processes
 * in one temporary folder. A short lease (3 s, heartbeats every 0.5 s) keeps them quick; the 10-second rule
 * itself is proven in RealTimeExpiryTest.
 */
@Order(4) // among the longest classes: started first (see the failsafe configuration in pom.xml)
class ClientEndToEndIT extends ShortLeaseSystemIT {

    private static final Duration ANSWER = Duration.ofSeconds(15);

    private static void command(ScriptProcess client, String line, Pattern expected) {
        client.command(line, expected, ANSWER);
    }

    private static Pattern unavailable(int port) {
        return exactly("Command failed: server localhost:" + port + " is unavailable");
    }

    @Test
    void test1SanityListTimelineALivePostAndQuickPostsNewestFirstInClusterOne() {
        LocalSystem system = system();
        system.startServer(1, 1, FreePorts.next());
        ScriptProcess user1 = system.loggedInClient(1);
        // The second line is awaited: when it has been read, so has the first (awaiting the first raced the second).
        command(user1, "list", exactly("Followers: "));
        List<String> listed = user1.stdout();
        assertEquals("All users: 1, ", listed.get(listed.lastIndexOf("Followers: ") - 1));

        ScriptProcess user4 = system.loggedInClient(4);
        command(user1, "FOLLOW 4", SUCCESS);
        command(user1, "TIMELINE", exactly("Now you are in the timeline"));

        command(user4, "follow 1", SUCCESS);
        command(user4, "LIST", exactly("Followers: 1, "));
        assertTrue(user4.stdout().contains("All users: 1, 4, "), user4.stdout().toString());
        command(user4, "timeline", exactly("Now you are in the timeline"));

        int before = user1.stdout().size();
        user4.writeLine("hello from user 4");
        user1.awaitStdoutAfter(before, Pattern.compile(
                "^4 \\([A-Z][a-z]{2} [A-Z][a-z]{2} [ 1-3][0-9] \\d\\d:\\d\\d:\\d\\d \\d{4}\\) >> hello from user 4$"), ANSWER);
        user1.writeLine("and hello back");
        user4.awaitStdout(Pattern.compile("^1 \\(.*\\) >> and hello back$"), ANSWER);

        // 25 posts typed quickly (most within one second): a reader who then enters TIMELINE sees 25 down to 6.
        ScriptProcess user7 = system.loggedInClient(7);
        command(user7, "FOLLOW 4", SUCCESS);
        for (int i = 1; i <= 25; i++) {
            user4.writeLine("quick " + i);
        }
        user1.awaitStdout(Pattern.compile("^4 \\(.*\\) >> quick 25$"), ANSWER);
        command(user7, "TIMELINE", exactly("Now you are in the timeline"));
        user7.awaitStdout(Pattern.compile(" >> quick 6$"), ANSWER);
        List<String> shown = user7.stdout();
        int opened = shown.indexOf("Now you are in the timeline");
        List<String> expected = new ArrayList<>();
        for (int i = 25; i >= 6; i--) {
            expected.add("quick " + i);
        }
        assertEquals(expected, shown.subList(opened + 1, opened + 21).stream().map(l -> l.substring(l.indexOf(" >> ") + 4)).toList(),
                "newest first, strictly in the order stored: " + shown);

        user1.closeStdin();
        assertEquals(0, user1.awaitExit(ANSWER), "Ctrl-D in the timeline ends the client with 0");
    }

    @Test
    void test2KillTheServerBeforeTheClientStarts() {
        LocalSystem system = system();
        int port = FreePorts.next();
        ScriptProcess server = system.startServer(1, 1, port);
        ScriptProcess user1 = system.loggedInClient(1);
        command(user1, "FOLLOW 1", exactly("Input username already exists, command failed"));
        ScriptProcess user7 = system.loggedInClient(7);
        command(user7, "FOLLOW 1", SUCCESS);
        user1.closeStdin();
        user7.closeStdin();
        assertEquals(0, user1.awaitExit(ANSWER));
        assertEquals(0, user7.awaitExit(ANSWER));

        server.kill();
        server.awaitExit(ANSWER);
        ScriptProcess atOnce = system.startClient(1);
        assertEquals(1, atOnce.awaitExit(ScriptProcess.STARTUP));
        assertTrue(atOnce.stderr().stream().anyMatch(l -> l.startsWith("connection failed: ")), atOnce.stderr().toString());

        system.coordinator().awaitStderr(Pattern.compile("cluster 1 server 1 at localhost:" + port + " declared dead"), ANSWER);
        ScriptProcess afterDeath = system.startClient(1);
        assertEquals(1, afterDeath.awaitExit(ScriptProcess.STARTUP));
        assertEquals(List.of("connection failed: no server available for cluster 1"), afterDeath.stderr());

        system.startServer(1, 1, port);
        ScriptProcess again = system.loggedInClient(1);
        command(again, "LIST", exactly("Followers: 7, "));
        assertTrue(again.stdout().contains("All users: 1, 7, "), again.stdout().toString());
    }

    @Test
    void test3KillTheServerAfterTheClientsStarted() {
        LocalSystem system = system();
        int port1 = FreePorts.next();
        int port2 = FreePorts.next();
        system.startServer(1, 1, port1);
        ScriptProcess server2 = system.startServer(2, 1, port2);
        ScriptProcess user1 = system.loggedInClient(1);
        ScriptProcess user2 = system.loggedInClient(2);
        ScriptProcess user5 = system.loggedInClient(5);
        command(user5, "FOLLOW 2", SUCCESS);
        command(user2, "FOLLOW 5", SUCCESS);
        user5.closeStdin();

        server2.kill();
        server2.awaitExit(ANSWER);
        user2.awaitStdout(unavailable(port2), ANSWER); // noticed without typing anything
        command(user2, "LIST", unavailable(port2));
        command(user2, "TIMELINE", unavailable(port2));
        assertTrue(user2.isAlive(), "a failed TIMELINE leaves the client in command mode");
        command(user1, "LIST", exactly("All users: 1, "));

        system.startServer(2, 1, port2);
        user2.closeStdin();
        assertEquals(0, user2.awaitExit(ANSWER));
        ScriptProcess user2Again = system.loggedInClient(2);
        command(user2Again, "LIST", exactly("Followers: 5, "));
        assertTrue(user2Again.stdout().contains("All users: 2, 5, "), user2Again.stdout().toString());
        command(user2Again, "FOLLOW 5", exactly("Input username already exists, command failed"));
    }

    @Test
    void inTimelineModeTheClientSaysTheServerDiedAndExitsWithOne() {
        LocalSystem system = system();
        ScriptProcess server = system.startServer(3, 1, FreePorts.next());
        ScriptProcess user3 = system.loggedInClient(3);
        command(user3, "TIMELINE", exactly("Now you are in the timeline"));
        server.kill();
        assertEquals(1, user3.awaitExit(ANSWER));
        assertTrue(user3.stdout().stream().anyMatch(l -> l.matches("Command failed: server localhost:\\d+ is unavailable")),
                user3.stdout().toString());
    }
}
