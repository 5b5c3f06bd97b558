package tinysns.bench.rpc;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps a fixed number of requests in flight on every connection: each reply's callback sends the next request
 * of its slot, as a pipelining client does. The benchmark thread only waits for completions to add up, parked, so it
 * takes no CPU from the client and server it measures. A failed call is counted and ends its slot (no retry storm).
 */
public final class ClosedLoop {

    private final CoordinatorCalls calls;
    private final Op op;
    private final Slot[] slots;
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    private volatile boolean running;
    private volatile long wakeAt = Long.MAX_VALUE;
    private volatile Thread waiter;
    /** Only the waiting thread reads and writes it. */
    private long lastTarget;

    public ClosedLoop(CoordinatorCalls calls, Op op, int connections, int inFlightPerConnection) {
        this.calls = calls;
        this.op = op;
        this.slots = new Slot[connections * inFlightPerConnection];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot(i / inFlightPerConnection, i);
        }
    }

    public void start() {
        running = true;
        for (Slot slot : slots) {
            slot.send();
        }
    }

    /**
     * Counts from now on: the next {@link #awaitNext} waits for calls completed after this moment. Call it when a
     * measurement iteration starts, so that calls completed between iterations are not counted in the next one.
     */
    public void markStart() {
        lastTarget = completed.get();
    }

    /**
     * Blocks until {@code count} more calls have completed since the previous return (or {@link #markStart}).
     * Only one thread waits.
     */
    public void awaitNext(long count) {
        long target = lastTarget + count;
        lastTarget = target;
        waiter = Thread.currentThread();
        wakeAt = target;
        while (completed.get() < target) {
            if (failed.get() == slots.length) {
                throw new IllegalStateException("every call slot failed; the first failure: " + firstFailure.get(), firstFailure.get());
            }
            LockSupport.parkNanos(this, 100_000_000L);
        }
    }

    /** Stops sending; calls already in flight still complete. */
    public void stop() {
        running = false;
    }

    public long completed() {
        return completed.get();
    }

    public long failed() {
        return failed.get();
    }

    public Throwable firstFailure() {
        return firstFailure.get();
    }

    private final class Slot implements CallDone {
        private final int connection;
        private final int slot;

        Slot(int connection, int slot) {
            this.connection = connection;
            this.slot = slot;
        }

        void send() {
            op.send(calls, connection, slot, this);
        }

        @Override
        public void done(Throwable failure) {
            if (failure != null) {
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, failure);
                return;
            }
            if (completed.incrementAndGet() == wakeAt) {
                LockSupport.unpark(waiter);
            }
            if (running) {
                send();
            }
        }
    }
}
