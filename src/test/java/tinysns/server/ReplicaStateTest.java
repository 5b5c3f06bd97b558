package tinysns.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tinysns.protocol.proto.ClusterRole;
import tinysns.protocol.proto.HeartbeatReply;
import tinysns.protocol.proto.ServerInfo;
import tinysns.testing.ManualClock;

/** docs/CONTRACT.md section 8: who may serve clients, when a master's lease runs out, and epochs that only grow. */
class ReplicaStateTest {

    private static final Duration LEASE = Duration.ofSeconds(10);

    private final ManualClock clock = new ManualClock();
    private final ReplicaState state = ReplicaState.starting(clock, "cluster 1 server 1");

    private static HeartbeatReply reply(ClusterRole role, long epoch, int slaves) {
        HeartbeatReply.Builder reply = HeartbeatReply.newBuilder().setLeaseMillis(LEASE.toMillis()).setRole(role)
                .setEpoch(epoch).setMaster(ServerInfo.newBuilder().setServerId(1).setHostname("h").setPort(1));
        for (int i = 0; i < slaves; i++) {
            reply.addSlaves(ServerInfo.newBuilder().setServerId(2 + i).setHostname("h").setPort(2 + i));
        }
        return reply.build();
    }

    @Test
    void aServerServesNothingUntilTheCoordinatorSaysItIsMasterOrCannotBeReachedAtStart() {
        assertFalse(state.servesClients());
        state.unreachable();
        assertTrue(state.servesClients(), "alone, as in the assignment");
        ReplicaState other = ReplicaState.starting(clock, "other");
        other.replied(reply(ClusterRole.SLAVE, 1, 0), 0);
        assertFalse(other.servesClients());
        other.unreachable();
        assertFalse(other.servesClients(), "a slave stays a slave through an outage");
    }

    @Test
    void aMasterWithSlavesStopsServingALeaseAfterTheLastAnsweredHeartbeatWasSent() {
        List<ReplicaState.View> told = new ArrayList<>();
        state.addListener(told::add);
        state.replied(reply(ClusterRole.MASTER, 1, 1), 0);
        clock.moveTo(LEASE.toNanos() - 1);
        assertTrue(state.servesClients());
        clock.moveTo(LEASE.toNanos());
        assertFalse(state.servesClients());
        state.checkLease();
        assertEquals(2, told.size(), "told of the role, then of the lost lease");
        state.replied(reply(ClusterRole.MASTER, 1, 1), LEASE.toNanos());
        assertTrue(state.servesClients());
    }

    @Test
    void aLoneMasterKeepsServingThroughACoordinatorOutageAsInTheAssignment() {
        state.replied(reply(ClusterRole.MASTER, 1, 0), 0);
        clock.moveTo(LEASE.multipliedBy(10).toNanos());
        assertTrue(state.servesClients());
    }

    @Test
    void epochsOnlyGrowAndOnlyTheCoordinatorMakesAMasterASlave() {
        state.replied(reply(ClusterRole.MASTER, 2, 1), 0);
        state.replied(reply(ClusterRole.SLAVE, 1, 0), 0);
        assertEquals(ReplicaState.Standing.MASTER, state.view().standing(), "an older reply changes nothing");
        assertEquals(ReplicaState.MirrorAdmission.STALE, state.admitMirror(2), "the master of epoch 2 takes no mirror of epoch 2");
        assertEquals(ReplicaState.MirrorAdmission.NOT_YET_KNOWN, state.admitMirror(3),
                "a mirror that merely claims a newer epoch is refused until the coordinator says so");
        assertEquals(ReplicaState.Standing.MASTER, state.view().standing(), "a claimed epoch demotes nobody");
        assertTrue(state.servesClients());
        state.replied(reply(ClusterRole.SLAVE, 3, 0), 0);
        assertEquals(ReplicaState.MirrorAdmission.ACCEPTED, state.admitMirror(3));
        assertFalse(state.servesClients());
        assertEquals(ReplicaState.MirrorAdmission.STALE, state.admitMirror(2));
    }
}
