package tinysns.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import tinysns.protocol.proto.ClusterRole;
import tinysns.protocol.proto.HeartbeatReply;
import tinysns.protocol.proto.ServerType;
import tinysns.testing.ManualClock;
import tinysns.testing.ManualTimer;

/**
 * docs/CONTRACT.md section 8: a coordinator restarted without ZooKeeper resumes each cluster from what its servers
 * say they last heard, so that epochs only grow and no two servers of a cluster serve at once.
 */
class CoordinatorRestartTest {

    private static final Duration LEASE = Duration.ofSeconds(10);
    private static final Duration TICK = Duration.ofMillis(100);

    private final ManualClock clock = new ManualClock();
    private final ManualTimer timer = new ManualTimer(clock, TICK);
    private final RegistrationTable table = new RegistrationTable(3, LEASE, timer, clock, RegistryListener.NONE);

    private HeartbeatReply claim(int serverId, ClusterRole role, long epoch) {
        InSyncReports.claim(table, 1, serverId, 10000 + serverId, role, epoch);
        return table.heartbeatReply(1, serverId);
    }

    private HeartbeatReply beat(int serverId) {
        table.heartbeat(1, serverId, "localhost", 10000 + serverId, ServerType.SERVER);
        return table.heartbeatReply(1, serverId);
    }

    @Test
    void aServerThatSaysItWasMasterIsAdoptedAtOnceWithItsEpoch() {
        HeartbeatReply reply = claim(1, ClusterRole.MASTER, 7);
        assertEquals(ClusterRole.MASTER, reply.getRole());
        assertEquals(7, reply.getEpoch());
        assertEquals(10001, table.assign(1).port(), "given to clients at once, as a lone tsd is today");
    }

    @Test
    void aLoneTsdThatServedAloneIsAdoptedAtOnce() {
        HeartbeatReply reply = claim(1, ClusterRole.MASTER, 0);
        assertEquals(ClusterRole.MASTER, reply.getRole());
        assertEquals(1, reply.getEpoch());
    }

    @Test
    void aSlaveThatRegistersFirstWaitsForItsOldMasterWhichKeepsItsEpoch() {
        HeartbeatReply slave = claim(2, ClusterRole.SLAVE, 7);
        assertEquals(ClusterRole.CLUSTER_ROLE_UNSPECIFIED, slave.getRole());
        assertNull(table.assign(1), "its old master may still be serving: one lease for it to heartbeat again");
        timer.advance(LEASE.minus(TICK));
        beat(2);
        assertNull(table.assign(1));
        HeartbeatReply master = claim(1, ClusterRole.MASTER, 7);
        assertEquals(ClusterRole.MASTER, master.getRole());
        assertEquals(7, master.getEpoch());
        assertEquals(ClusterRole.SLAVE, beat(2).getRole());
    }

    @Test
    void withoutItsOldMasterASlaveIsPromotedOneLeaseAfterStartAboveAnyEpochReported() {
        claim(2, ClusterRole.SLAVE, 7);
        claim(3, ClusterRole.SLAVE, 9);
        timer.advance(Duration.ofSeconds(5));
        beat(2);
        beat(3);
        timer.advance(Duration.ofSeconds(5).plus(TICK));
        HeartbeatReply master = beat(3);
        assertEquals(ClusterRole.MASTER, master.getRole(), "the most recent epoch's server, then registration order");
        assertEquals(10, master.getEpoch());
    }

    @Test
    void aMasterOfAnEpochBelowOneReportedIsStaleAndNotAdopted() {
        claim(2, ClusterRole.SLAVE, 8);
        assertEquals(ClusterRole.CLUSTER_ROLE_UNSPECIFIED, claim(1, ClusterRole.MASTER, 7).getRole());
        assertNull(table.assign(1));
        timer.advance(Duration.ofSeconds(5));
        beat(1);
        beat(2);
        timer.advance(Duration.ofSeconds(5).plus(TICK));
        assertEquals(10002, table.assign(1).port());
        assertEquals(9, beat(2).getEpoch());
        assertEquals(ClusterRole.SLAVE, beat(1).getRole());
    }

    @Test
    void serversThatHeardNoRoleFollowSectionTwoAtOnceAsOnAFreshStart() {
        assertEquals(ClusterRole.MASTER, beat(1).getRole());
        assertEquals(ClusterRole.SLAVE, claim(2, ClusterRole.SLAVE, 0).getRole());
    }
}
