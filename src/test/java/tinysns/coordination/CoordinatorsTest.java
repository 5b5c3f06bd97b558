package tinysns.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which coordinator to ask: the leader last named, else the next in the list (docs/CONTRACT.md section 10). */
class CoordinatorsTest {

    private final Coordinators three = Coordinators.parse("a:1,b:2,c:3", "--coordinators");

    @Test
    void theFirstListedIsAskedFirst() {
        assertEquals("a:1", three.current());
        assertEquals("a:1,b:2,c:3", three.describe());
    }

    @Test
    void aFollowerNamingTheLeaderSendsTheNextRequestThere() {
        three.notLeader(new NotLeaderException("a:1", "c:3"));
        assertEquals("c:3", three.current());
    }

    @Test
    void anUnreachableCoordinatorIsPassedOverForTheNextRoundRobin() {
        three.unreachable("a:1");
        assertEquals("b:2", three.current());
        three.unreachable("b:2");
        three.unreachable("c:3");
        assertEquals("a:1", three.current());
    }

    @Test
    void aFollowerThatKnowsNoLeaderYetSendsTheNextRequestToTheNextCoordinator() {
        three.notLeader(new NotLeaderException("a:1", ""));
        assertEquals("b:2", three.current());
    }

    @Test
    void aStaleFailureOfAnotherCoordinatorDoesNotMoveAwayFromTheLeader() {
        three.notLeader(new NotLeaderException("a:1", "c:3"));
        three.unreachable("a:1");
        assertEquals("c:3", three.current());
    }

    @Test
    void aLeaderNamedButNotListedIsAskedAndAfterItTheListFromTheStart() {
        three.notLeader(new NotLeaderException("a:1", "d:4"));
        assertEquals("d:4", three.current());
        three.unreachable("d:4");
        assertEquals("a:1", three.current());
    }

    @Test
    void aBadEntryIsAUsageErrorNamingIt() {
        IllegalArgumentException noPort = assertThrows(IllegalArgumentException.class,
                () -> Coordinators.parse("a:1,b", "--coordinators"));
        assertTrue(noPort.getMessage().contains("'b'"), noPort.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Coordinators.parse("a:70000", "--coordinators"));
        assertThrows(IllegalArgumentException.class, () -> Coordinators.parse("a:x", "--coordinators"));
    }
}
