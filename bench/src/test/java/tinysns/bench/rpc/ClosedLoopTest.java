package tinysns.bench.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClosedLoopTest {

    /** Calls that complete only when the test says so, so the test sees exactly what is in flight. */
    private static final class ManualCalls implements CoordinatorCalls {
        final Queue<CallDone> inFlight = new ArrayDeque<>();
        final int[] sentPerConnection = new int[4];
        final AtomicInteger sent = new AtomicInteger();

        @Override
        public synchronized void heartbeat(int connection, int slot, CallDone done) {
            sentPerConnection[connection]++;
            sent.incrementAndGet();
            inFlight.add(done);
        }

        @Override
        public void getServer(int connection, int clientId, CallDone done) {
            heartbeat(connection, clientId, done);
        }

        @Override
        public void heartbeatAndWait(int slot) {
        }

        @Override
        public void getServerAndWait(int clientId) {
        }

        void completeOne(Throwable failure) {
            CallDone done;
            synchronized (this) {
                done = inFlight.remove();
            }
            done.done(failure);
        }

        synchronized int inFlightCount() {
            return inFlight.size();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void keepsTheSameNumberOfCallsInFlightOnEveryConnection() {
        ManualCalls calls = new ManualCalls();
        ClosedLoop loop = new ClosedLoop(calls, Op.HEARTBEAT, 4, 64);

        loop.start();
        assertEquals(256, calls.inFlightCount());
        assertEquals(64, calls.sentPerConnection[3]);
        for (int i = 0; i < 1000; i++) {
            calls.completeOne(null);
        }

        assertEquals(256, calls.inFlightCount());
        assertEquals(1000, loop.completed());
    }

    @Test
    void awaitNextReturnsOnceThatManyMoreCallsHaveCompleted() {
        ManualCalls calls = new ManualCalls();
        ClosedLoop loop = new ClosedLoop(calls, Op.HEARTBEAT, 1, 2);
        loop.start();
        for (int i = 0; i < 5; i++) {
            calls.completeOne(null); // before the iteration starts: not counted
        }
        loop.markStart();
        for (int i = 0; i < 3; i++) {
            calls.completeOne(null);
        }

        loop.awaitNext(3);

        assertEquals(8, loop.completed());
    }

    @Test
    void aFailedCallEndsItsSlotAndIsCounted() {
        ManualCalls calls = new ManualCalls();
        ClosedLoop loop = new ClosedLoop(calls, Op.HEARTBEAT, 1, 2);
        loop.start();
        IllegalStateException boom = new IllegalStateException("boom");

        calls.completeOne(boom);

        assertEquals(1, calls.inFlightCount());
        assertEquals(1, loop.failed());
        assertEquals(boom, loop.firstFailure());
    }

    @Test
    void waitingFailsOnceEverySlotHasFailedInsteadOfHangingTheBenchmark() {
        ManualCalls calls = new ManualCalls();
        ClosedLoop loop = new ClosedLoop(calls, Op.HEARTBEAT, 1, 2);
        loop.start();
        calls.completeOne(new IllegalStateException("first"));
        calls.completeOne(new IllegalStateException("second"));

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> loop.awaitNext(1));
        assertTrue(thrown.getMessage().contains("first"));
    }

    @Test
    void stopLetsTheCallsInFlightFinishWithoutSendingMore() {
        ManualCalls calls = new ManualCalls();
        ClosedLoop loop = new ClosedLoop(calls, Op.HEARTBEAT, 2, 3);
        loop.start();

        loop.stop();
        for (int i = 0; i < 6; i++) {
            calls.completeOne(null);
        }

        assertEquals(0, calls.inFlightCount());
        assertEquals(6, calls.sent.get());
    }
}
