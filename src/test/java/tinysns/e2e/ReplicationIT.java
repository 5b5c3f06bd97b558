package tinysns.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tinysns.e2e.ClientLines.SUCCESS;
import static tinysns.e2e.ClientLines.exactly;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * docs/CONTRACT.md section 8 through the real scripts: a master and a slave in cluster 1, mirrored writes, kill -9
 * of the master while two clients post, a slave killed and restarted, and a master stopped past its lease. A short
 * lease (3 s, heartbeats every 0.5 s) keeps them quick.
 */
@Order(2) // among the longest classes: started first (see the failsafe configuration in pom.xml)
class ReplicationIT extends ShortLeaseSystemIT {

    private static final Duration ANSWER = Duration.ofSeconds(40);
    private static final List<String> FILES = List.of("users.txt", "following.txt", "posts.txt", "order.txt");

    private static void command(ScriptProcess client, String line, Pattern expected) {
        client.command(line, expected, ANSWER);
    }

    private static boolean printedAfter(ScriptProcess process, int skip, String text) {
        List<String> lines = process.stdout();
        for (int i = skip; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Posts {@code text} in timeline mode and waits until it shows on {@code reader}'s timeline (acknowledged) or the
     * poster says the server is unavailable (not acknowledged); returns whether it was acknowledged.
     */
    private static boolean post(ScriptProcess poster, ScriptProcess reader, String text) {
        int posterSeen = poster.stdout().size();
        int readerSeen = reader.stdout().size();
        poster.writeLine(text);
        await().atMost(ANSWER).until(() -> printedAfter(reader, readerSeen, ">> " + text)
                || printedAfter(poster, posterSeen, "is unavailable"));
        return printedAfter(reader, readerSeen, ">> " + text);
    }

    private void awaitSameFiles(Path a, Path b) {
        await().atMost(ANSWER).untilAsserted(() -> {
            for (String file : FILES) {
                assertEquals(Files.readString(a.resolve(file)), Files.readString(b.resolve(file)), file);
            }
        });
    }

    /** The texts of the posts in a posts.txt, in file order. */
    private static List<String> postTexts(Path dir) throws Exception {
        List<String> texts = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("posts.txt"))) {
            if (line.startsWith("W ")) {
                texts.add(line.substring(2));
            }
        }
        return texts;
    }

    /** Cluster 1's master and its slave (on {@code slavePort}), started and in sync. */
    private record InSync(ScriptProcess master, ScriptProcess slave, int slavePort) {
    }

    private static InSync masterAndSlaveInSync(LocalSystem system) {
        ScriptProcess master = system.startServer(1, 1, FreePorts.next());
        int slavePort = FreePorts.next();
        ScriptProcess slave = system.startServer(1, 2, slavePort);
        master.awaitStderr(Pattern.compile("is in sync"), ANSWER);
        return new InSync(master, slave, slavePort);
    }

    /** Users 1 and 4 follow each other and open their timelines. */
    private static void followEachOtherAndOpenTimelines(ScriptProcess user1, ScriptProcess user4) {
        command(user1, "FOLLOW 4", SUCCESS);
        command(user4, "FOLLOW 1", SUCCESS);
        command(user1, "TIMELINE", exactly("Now you are in the timeline"));
        command(user4, "TIMELINE", exactly("Now you are in the timeline"));
    }

    @Test
    void mp22Test1MasterAndSlaveInClusterOneUsersOneAndFourListFollowTimeline() {
        LocalSystem system = system();
        int masterPort = FreePorts.next();
        int slavePort = FreePorts.next();
        system.startServer(1, 1, masterPort);
        ScriptProcess slave = system.startServer(1, 2, slavePort);
        slave.awaitStderr(Pattern.compile("is SLAVE of its cluster"), ANSWER);
        List<String> table = system.status().stdout();
        assertTrue(table.stream().anyMatch(l -> l.contains("localhost:" + masterPort) && l.endsWith("MASTER")), table.toString());
        assertTrue(table.stream().anyMatch(l -> l.contains("localhost:" + slavePort) && l.endsWith("SLAVE")), table.toString());

        ScriptProcess user1 = system.loggedInClient(1);
        ScriptProcess user4 = system.loggedInClient(4);
        command(user1, "LIST", exactly("All users: 1, 4, "));
        command(user1, "FOLLOW 4", SUCCESS);
        command(user4, "LIST", exactly("Followers: 1, "));
        command(user1, "TIMELINE", exactly("Now you are in the timeline"));
        command(user4, "TIMELINE", exactly("Now you are in the timeline"));
        int seen = user1.stdout().size();
        user4.writeLine("hello from 4");
        user1.awaitStdoutAfter(seen, Pattern.compile("^4 \\(.*\\) >> hello from 4$"), ANSWER);

        awaitSameFiles(system.dataDir(1, 1), system.dataDir(1, 2));
    }

    @Test
    void killingTheMasterWhileTwoClientsPostLosesNoAcknowledgedPostAndTheClientsCarryOn() throws Exception {
        LocalSystem system = system();
        InSync cluster = masterAndSlaveInSync(system);
        ScriptProcess user1 = system.loggedInClient(1);
        ScriptProcess user4 = system.loggedInClient(4);
        followEachOtherAndOpenTimelines(user1, user4);

        List<String> acknowledged = new ArrayList<>();
        List<String> all = new ArrayList<>();
        int round = 0;
        for (; round < 5; round++) {
            for (String text : List.of("one-" + round, "four-" + round)) {
                all.add(text);
                assertTrue(post(text.startsWith("one") ? user1 : user4, text.startsWith("one") ? user4 : user1, text));
                acknowledged.add(text);
            }
        }
        cluster.master().kill();
        // Keep posting without pause through the failover, until both clients have carried on for a while.
        for (int after = 0; after < 4; round++) {
            for (String text : List.of("one-" + round, "four-" + round)) {
                all.add(text);
                if (post(text.startsWith("one") ? user1 : user4, text.startsWith("one") ? user4 : user1, text)) {
                    acknowledged.add(text);
                    after++;
                } else {
                    // Not acknowledged: wait for the client's failover before the next one.
                    (text.startsWith("one") ? user1 : user4).awaitStdout(
                            exactly("Reconnected to server localhost:" + cluster.slavePort()), ANSWER);
                }
            }
        }
        user1.awaitStdout(exactly("Reconnected to server localhost:" + cluster.slavePort()), ANSWER);
        user4.awaitStdout(exactly("Reconnected to server localhost:" + cluster.slavePort()), ANSWER);

        List<String> stored = postTexts(system.dataDir(1, 2));
        for (String text : acknowledged) {
            assertTrue(stored.contains(text), "acknowledged post " + text + " is on the new master: " + stored);
        }
        assertEquals(stored.stream().distinct().toList(), stored, "no post stored twice");
        assertEquals(all.stream().filter(stored::contains).toList(), stored, "stored in the order posted");
        // Each reader's timeline, open through the failover, showed each post once.
        for (ScriptProcess reader : List.of(user1, user4)) {
            List<String> shown = reader.stdout().stream().filter(l -> l.contains(" >> ")).toList();
            assertEquals(shown.stream().distinct().toList(), shown, "a post shown twice");
        }
        cluster.slave().awaitStderr(Pattern.compile("is MASTER of its cluster"), ANSWER);
    }

    @Test
    void aSlaveThatFellOutOfSyncIsNeverPromotedAndTheClusterWaitsForItsMasterLosingNothing() throws Exception {
        LocalSystem system = system();
        int masterPort = FreePorts.next();
        ScriptProcess master = system.startServer(1, 1, masterPort);
        ScriptProcess slave = system.startServer(1, 2, FreePorts.next());
        master.awaitStderr(Pattern.compile("is in sync"), ANSWER);
        ScriptProcess user1 = system.loggedInClient(1);
        ScriptProcess user4 = system.loggedInClient(4);
        followEachOtherAndOpenTimelines(user1, user4);
        assertTrue(post(user1, user4, "while in sync"));

        slave.signal("STOP");
        assertTrue(post(user1, user4, "while the slave sleeps"), "the master carries on without its slave");
        master.awaitStderr(Pattern.compile("left the in-sync set"), ANSWER);
        master.kill();
        system.coordinator().awaitStderr(Pattern.compile("cluster 1 server 1 .*declared dead"), ANSWER);
        slave.signal("CONT");
        // Three leases: it heartbeats again, yet it lacks an acknowledged post, so it must never serve.
        await("the stale slave never becomes master").during(Duration.ofSeconds(9)).atMost(Duration.ofSeconds(12))
                .until(() -> slave.stderr().stream().noneMatch(l -> l.contains("is MASTER of its cluster")));
        assertTrue(system.status().stdout().stream().noneMatch(l -> l.endsWith("MASTER")), "no master while it is away");

        ScriptProcess back = system.startServer(1, 1, masterPort);
        back.awaitStderr(Pattern.compile("is MASTER of its cluster"), ANSWER);
        awaitSameFiles(system.dataDir(1, 1), system.dataDir(1, 2));
        assertTrue(postTexts(system.dataDir(1, 2)).contains("while the slave sleeps"));
    }

    @Test
    void aSlaveKilledAndRestartedDuringPostingCatchesUp() {
        LocalSystem system = system();
        InSync cluster = masterAndSlaveInSync(system);
        ScriptProcess user1 = system.loggedInClient(1);
        ScriptProcess user4 = system.loggedInClient(4);
        followEachOtherAndOpenTimelines(user1, user4);
        for (int i = 0; i < 3; i++) {
            assertTrue(post(user1, user4, "before-" + i));
        }
        cluster.slave().kill();
        for (int i = 0; i < 5; i++) {
            assertTrue(post(user1, user4, "while-down-" + i), "the master carries on without its slave");
        }
        ScriptProcess back = system.startServer(1, 2, cluster.slavePort());
        back.awaitStderr(Pattern.compile("is SLAVE of its cluster"), ANSWER);
        for (int i = 0; i < 3; i++) {
            assertTrue(post(user4, user1, "after-" + i));
        }
        awaitSameFiles(system.dataDir(1, 1), system.dataDir(1, 2));
    }

    @Test
    void aMasterStoppedPastItsLeaseServesNoClientWhenItResumesAndEndsWithTheNewMastersFiles() {
        LocalSystem system = system();
        InSync cluster = masterAndSlaveInSync(system);
        ScriptProcess user1 = system.loggedInClient(1);
        command(user1, "TIMELINE", exactly("Now you are in the timeline"));
        user1.writeLine("before the pause");

        cluster.master().signal("STOP");
        system.coordinator().awaitStderr(Pattern.compile("cluster 1 server 1 .*declared dead"), ANSWER);
        cluster.slave().awaitStderr(Pattern.compile("is MASTER of its cluster"), ANSWER);
        ScriptProcess user4 = system.loggedInClient(4);
        command(user4, "TIMELINE", exactly("Now you are in the timeline"));
        user4.writeLine("while the old master sleeps");
        await().atMost(ANSWER).until(() -> {
            try {
                return postTexts(system.dataDir(1, 2)).contains("while the old master sleeps");
            } catch (Exception e) {
                return false;
            }
        });

        cluster.master().signal("CONT");
        cluster.master().awaitStderr(Pattern.compile("is SLAVE of its cluster"), ANSWER);
        awaitSameFiles(system.dataDir(1, 1), system.dataDir(1, 2));
        // It serves no client: the client it had carries on at the new master, and a new one is sent there.
        user1.awaitStdout(exactly("Reconnected to server localhost:" + cluster.slavePort()), ANSWER);
        ScriptProcess user7 = system.loggedInClient(7);
        command(user7, "LIST", exactly("All users: 1, 4, 7, "));
        assertTrue(cluster.master().stderr().stream().noneMatch(l -> l.contains("is MASTER of its cluster (epoch 3")),
                cluster.master().stderr().toString());
    }

    @Test
    void aMasterStoppedWithSigtermHandsOverAtOnceNotAtTheNextHeartbeat() {
        // Heartbeats every 5 s: a handover well under that comes from the goodbye and the slave asking at once.
        LocalSystem system = system("10", "5");
        InSync cluster = masterAndSlaveInSync(system);
        ScriptProcess user1 = system.loggedInClient(1);
        command(user1, "TIMELINE", exactly("Now you are in the timeline"));

        cluster.master().terminate();
        assertEquals(0, cluster.master().awaitExit(ANSWER));
        String left = system.coordinator().awaitStderr(Pattern.compile("^(\\S+ \\S+) .*cluster 1 server 1 .* left"), ANSWER)
                .group(1);
        String promoted = cluster.slave().awaitStderr(Pattern.compile("^(\\S+ \\S+) .*is MASTER of its cluster \\(epoch 2"), ANSWER)
                .group(1);
        long handoverMillis = java.time.Duration.between(java.time.LocalDateTime.parse(left.replace(' ', 'T')),
                java.time.LocalDateTime.parse(promoted.replace(' ', 'T'))).toMillis();
        System.out.println("handover after SIGTERM: " + handoverMillis + " ms from the goodbye to the new master");
        assertTrue(handoverMillis < 2_000, "the slave was master " + handoverMillis + " ms after the goodbye");
        user1.awaitStdout(exactly("Reconnected to server localhost:" + cluster.slavePort()), ANSWER);
        user1.writeLine("after the handover");
        await().atMost(ANSWER).until(() -> postTexts(system.dataDir(1, 2)).contains("after the handover"));
    }
}
