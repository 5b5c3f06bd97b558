package tinysns.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tinysns.protocol.proto.ClusterRole;
import tinysns.protocol.proto.HeartbeatReply;
import tinysns.protocol.proto.ServerType;
import tinysns.testing.ManualClock;
import tinysns.testing.ManualTimer;

/**
 * docs/CONTRACT.md section 8: when a master dies, only a server holding everything it acknowledged takes over, the
 * master itself or a slave it last reported in sync; with none alive the cluster waits, losing nothing.
 */
class InSyncFailoverTest {

    private static final Duration LEASE = Duration.ofSeconds(10);
    private static final Duration TICK = Duration.ofMillis(100);

    private final ManualClock clock = new ManualClock();
    private final ManualTimer timer = new ManualTimer(clock, TICK);
    private final RegistrationTable table = new RegistrationTable(3, LEASE, timer, clock, RegistryListener.NONE);

    /** A heartbeat of a tsd, which says it mirrors. */
    private HeartbeatReply beat(int serverId) {
        assertTrue(table.heartbeat(1, serverId, "localhost", 10000 + serverId, ServerType.SERVER, InSyncReports.MIRRORS)
                .accepted());
        return table.heartbeatReply(1, serverId);
    }

    private void report(int masterId, int... inSync) {
        InSyncReports.report(table, 1, masterId, "localhost", 10000 + masterId, inSync);
    }

    /** Six seconds pass twice; only {@code alive} heartbeat in between: every other server is declared dead. */
    private void onlyTheseLive(int... alive) {
        timer.advance(Duration.ofSeconds(6));
        for (int id : alive) {
            beat(id);
        }
        timer.advance(Duration.ofSeconds(5));
    }

    @Test
    void aSlaveNeverReportedInSyncIsNotPromotedAndTheClusterWaitsForItsMaster() {
        beat(1);
        beat(2);
        onlyTheseLive(2);
        assertNull(table.assign(1), "server 2 may lack what server 1 acknowledged");
        assertEquals(ClusterRole.CLUSTER_ROLE_UNSPECIFIED, beat(2).getRole());
        HeartbeatReply back = beat(1);
        assertEquals(ClusterRole.MASTER, back.getRole(), "the old master holds everything it acknowledged");
        assertEquals(2, back.getEpoch());
        assertEquals(ClusterRole.SLAVE, beat(2).getRole());
    }

    @Test
    void aSlaveThatLeftTheInSyncSetIsPassedOverForOneStillInIt() {
        beat(1);
        beat(2);
        beat(3);
        report(1, 2, 3);
        report(1, 3);
        onlyTheseLive(2, 3);
        assertEquals(ClusterRole.SLAVE, beat(2).getRole());
        HeartbeatReply master = beat(3);
        assertEquals(ClusterRole.MASTER, master.getRole());
        assertEquals(10003, table.assign(1).port());
        assertEquals(List.of(), master.getInSyncList(), "a new master starts with no slave in sync");
    }

    @Test
    void theMastersReplyEchoesItsReportAndReportsFromAnyoneElseOrAnotherEpochChangeNothing() {
        beat(1);
        beat(2);
        report(1, 2);
        assertEquals(List.of(2), beat(1).getInSyncList());
        assertEquals(List.of(), beat(2).getInSyncList(), "only the master is told");
        table.heartbeat(1, 2, "localhost", 10002, ServerType.SERVER,
                new ServerReport(ClusterRole.CLUSTER_ROLE_UNSPECIFIED, 0, 1, new int[0], true));
        table.heartbeat(1, 1, "localhost", 10001, ServerType.SERVER,
                new ServerReport(ClusterRole.CLUSTER_ROLE_UNSPECIFIED, 0, 7, new int[0], true));
        assertEquals(List.of(2), beat(1).getInSyncList());
        report(1, 2, 42);
        assertEquals(List.of(2), beat(1).getInSyncList(), "an unknown server is never in sync");
        assertSame(beat(1), beat(1), "a heartbeat after a report still reads the reply built then");
    }

    @Test
    void aSlaveDeclaredDeadLeavesTheInSyncSetItMayReturnWithoutItsFiles() {
        beat(1);
        beat(2);
        report(1, 2);
        onlyTheseLive(1);
        assertEquals(List.of(), beat(1).getInSyncList());
        beat(2);
        onlyTheseLive(2);
        assertNull(table.assign(1));
    }

    @Test
    void aGoodbyeWithoutAnInSyncSlaveLeavesTheMasterAliveUntilItsLease() {
        beat(1);
        beat(2);
        assertTrue(table.leaving(1, 1, "localhost", 10001, ServerType.SERVER));
        assertTrue(table.snapshot().servers().get(0).alive());
        assertEquals(10001, table.assign(1).port());
    }

    @Test
    void aLoneServersClusterFollowsSectionTwoAsInTheAssignment() {
        beat(1);
        onlyTheseLive();
        assertNull(table.assign(1));
        assertEquals(ClusterRole.MASTER, beat(2).getRole(), "nothing was mirrored: section 2's rule, as before");
        assertFalse(table.snapshot().servers().get(0).alive());
    }

    @Test
    void serversThatDoNotSayTheyMirrorKeepSectionTwosFirstLiveServer() {
        for (int id = 1; id <= 3; id++) {
            assertTrue(table.heartbeat(1, id, "localhost", 10000 + id, ServerType.SERVER).accepted());
        }
        timer.advance(Duration.ofSeconds(6));
        table.heartbeat(1, 2, "localhost", 10002, ServerType.SERVER);
        table.heartbeat(1, 3, "localhost", 10003, ServerType.SERVER);
        timer.advance(Duration.ofSeconds(5));
        assertEquals(10002, table.assign(1).port(), "nothing is mirrored: the next-registered live server is given");
    }
}
