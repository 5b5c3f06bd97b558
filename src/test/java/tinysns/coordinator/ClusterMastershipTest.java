package tinysns.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tinysns.protocol.proto.ClusterRole;
import tinysns.protocol.proto.HeartbeatReply;
import tinysns.protocol.proto.ServerInfo;
import tinysns.protocol.proto.ServerType;
import tinysns.testing.ManualClock;
import tinysns.testing.ManualTimer;

/** docs/CONTRACT.md section 8: who is master, the epoch, what each heartbeat reply says, and a master's goodbye. */
class ClusterMastershipTest {

    private static final Duration LEASE = Duration.ofSeconds(10);
    private static final Duration TICK = Duration.ofMillis(100);

    private final ManualClock clock = new ManualClock();
    private final ManualTimer timer = new ManualTimer(clock, TICK);
    private final List<RegisteredServer> left = new CopyOnWriteArrayList<>();
    private final RegistrationTable table = new RegistrationTable(3, LEASE, timer, clock, new RegistryListener() {
        @Override
        public void left(RegisteredServer server) {
            left.add(server);
        }
    });

    private HeartbeatReply beat(int serverId) {
        assertTrue(table.heartbeat(1, serverId, "localhost", 10000 + serverId, ServerType.SERVER).accepted());
        return table.heartbeatReply(1, serverId);
    }

    @Test
    void aLoneServerIsMasterOfEpochOneWithNoSlavesAndTheLease() {
        HeartbeatReply reply = beat(1);
        assertEquals(ClusterRole.MASTER, reply.getRole());
        assertEquals(1, reply.getEpoch());
        assertEquals(10001, reply.getMaster().getPort());
        assertEquals(0, reply.getSlavesCount());
        assertEquals(LEASE.toMillis(), reply.getLeaseMillis());
        assertEquals(ClusterRole.MASTER, table.snapshot().servers().get(0).role());
    }

    @Test
    void theSecondServerIsASlaveTheMasterIsToldItsSlavesAndEachSlaveItsMaster() {
        beat(1);
        HeartbeatReply slave = beat(2);
        HeartbeatReply master = table.heartbeatReply(1, 1);
        assertEquals(ClusterRole.SLAVE, slave.getRole());
        assertEquals(10001, slave.getMaster().getPort());
        assertEquals(1, slave.getEpoch());
        assertEquals(List.of(10002), master.getSlavesList().stream().map(ServerInfo::getPort).toList());
        assertEquals(10001, table.assign(1).port());
    }

    @Test
    void aHeartbeatReadsTheReplyBuiltAtTheLastChangeAndAllocatesNone() {
        beat(1);
        beat(2);
        assertSame(beat(1), beat(1));
        assertSame(beat(2), beat(2));
    }

    private void report(int masterId, int... inSync) {
        InSyncReports.report(table, 1, masterId, "localhost", 10000 + masterId, inSync);
    }

    @Test
    void whenTheMasterDiesTheNextRegisteredBecomesMasterWithAHigherEpoch() {
        beat(1);
        beat(2);
        beat(3);
        report(1, 2, 3);
        timer.advance(Duration.ofSeconds(6));
        beat(2);
        beat(3);
        timer.advance(Duration.ofSeconds(5));
        HeartbeatReply reply = beat(2);
        assertEquals(ClusterRole.MASTER, reply.getRole());
        assertEquals(2, reply.getEpoch());
        assertEquals(List.of(10003), reply.getSlavesList().stream().map(ServerInfo::getPort).toList());
        assertEquals(10002, table.assign(1).port());
    }

    @Test
    void aMasterDeclaredDeadThatReturnsComesBackAsSlaveThoughItRegisteredFirst() {
        beat(1);
        beat(2);
        report(1, 2);
        timer.advance(Duration.ofSeconds(6));
        beat(2);
        timer.advance(Duration.ofSeconds(5));
        assertEquals(ClusterRole.MASTER, beat(2).getRole());
        HeartbeatReply back = beat(1);
        assertEquals(ClusterRole.SLAVE, back.getRole());
        assertEquals(2, back.getEpoch());
        assertEquals(10002, back.getMaster().getPort());
        assertEquals(10002, table.assign(1).port());
    }

    @Test
    void aMastersGoodbyeWithAnInSyncSlaveEndsItsRegistrationAtOnceAndTheSlaveTakesOver() {
        beat(1);
        beat(2);
        report(1, 2);
        assertTrue(table.leaving(1, 1, "localhost", 10001, ServerType.SERVER));
        assertEquals(1, left.size());
        assertFalse(table.snapshot().servers().get(0).alive());
        HeartbeatReply reply = beat(2);
        assertEquals(ClusterRole.MASTER, reply.getRole());
        assertEquals(2, reply.getEpoch());
        // Back after a restart: alive again, as a slave, and its old lease timer does not double.
        assertEquals(ClusterRole.SLAVE, beat(1).getRole());
        timer.advance(LEASE.plus(TICK));
        assertFalse(table.snapshot().servers().get(0).alive());
    }

    @Test
    void aLoneMastersGoodbyeLeavesItAliveUntilItsLeaseEndsAsInTheAssignment() {
        beat(1);
        assertTrue(table.leaving(1, 1, "localhost", 10001, ServerType.SERVER));
        assertTrue(left.isEmpty());
        assertTrue(table.snapshot().servers().get(0).alive());
    }

    @Test
    void aMastersReplyNamesAtMostFourSlavesAndStaysWithinItsByteBudget() {
        for (int id = 1; id <= 7; id++) {
            beat(id);
        }
        HeartbeatReply reply = table.heartbeatReply(1, 1);
        assertEquals(List.of(10002, 10003, 10004, 10005), reply.getSlavesList().stream().map(ServerInfo::getPort).toList());
        String longName = "h".repeat(60) + ".example.org";
        for (int id = 1; id <= 5; id++) {
            assertTrue(table.heartbeat(2, id, longName, 20000 + id, ServerType.SERVER).accepted());
        }
        HeartbeatReply longReply = table.heartbeatReply(2, 1);
        assertTrue(longReply.getSerializedSize() <= ClusterMastership.MAX_REPLY_BYTES, "" + longReply.getSerializedSize());
        assertTrue(longReply.getSlavesCount() >= 1);
    }

    @Test
    void aFollowerCoordinatorIsToldTheLeaseAloneAndHasNoRole() {
        beat(1);
        assertTrue(table.heartbeat(1, 9, "localhost", 9999, ServerType.FOLLOWER_COORDINATOR).accepted());
        HeartbeatReply reply = table.heartbeatReply(1, 9);
        assertEquals(ClusterRole.CLUSTER_ROLE_UNSPECIFIED, reply.getRole());
        assertEquals(LEASE.toMillis(), reply.getLeaseMillis());
        assertEquals(0, table.heartbeatReply(1, 1).getSlavesCount());
    }
}
