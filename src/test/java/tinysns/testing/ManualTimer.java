package tinysns.testing;

import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import java.time.Duration;
import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Timer} driven by a test through {@link #advance}: like a wheel with the given tick, a timeout fires at
 * the first tick boundary at or after its deadline, on the advancing thread, with the clock set to that moment.
 * Thread-safe: timeouts may be added from any thread while another advances.
 */
public final class ManualTimer implements Timer {

    private final ManualClock clock;
    private final long tickNanos;
    private final PriorityQueue<ManualTimeout> pending =
            new PriorityQueue<>((a, b) -> a.firesAt != b.firesAt ? Long.compare(a.firesAt, b.firesAt) : Long.compare(a.order, b.order));
    private long added;
    private boolean stopped;

    public ManualTimer(ManualClock clock, Duration tick) {
        this.clock = clock;
        this.tickNanos = tick.toNanos();
    }

    /** A timer with a clock of its own, firing each timeout exactly at its deadline (a 1 ns tick). */
    public ManualTimer() {
        this(new ManualClock(), Duration.ofNanos(1));
    }

    /** The clock this timer moves, as a nanosecond time source for the code under test. */
    public long nanoTime() {
        return clock.getAsLong();
    }

    @Override
    public synchronized Timeout newTimeout(TimerTask task, long delay, TimeUnit unit) {
        if (stopped) {
            throw new IllegalStateException("timer stopped");
        }
        long deadline = clock.getAsLong() + unit.toNanos(delay);
        long firesAt = (deadline + tickNanos - 1) / tickNanos * tickNanos;
        ManualTimeout timeout = new ManualTimeout(this, task, firesAt, added++);
        pending.add(timeout);
        return timeout;
    }

    /** Moves the clock forward by {@code by}, firing every timeout that falls due on the way, in order. */
    public void advance(Duration by) {
        long target = clock.getAsLong() + by.toNanos();
        while (true) {
            ManualTimeout next;
            synchronized (this) {
                next = pending.peek();
                if (next == null || next.firesAt > target) {
                    break;
                }
                pending.poll();
            }
            clock.moveTo(next.firesAt);
            if (!next.cancelled) {
                next.expired = true;
                try {
                    next.task.run(next);
                } catch (Exception e) {
                    throw new AssertionError("a timer task failed", e);
                }
            }
        }
        clock.moveTo(target);
    }

    /** Timeouts that are waiting to fire. */
    public synchronized int pendingCount() {
        return (int) pending.stream().filter(t -> !t.cancelled).count();
    }

    @Override
    public synchronized Set<Timeout> stop() {
        stopped = true;
        Set<Timeout> left = new HashSet<>(pending);
        pending.clear();
        return left;
    }

    private static final class ManualTimeout implements Timeout {
        private final ManualTimer timer;
        private final TimerTask task;
        private final long firesAt;
        private final long order;
        private volatile boolean cancelled;
        private volatile boolean expired;

        ManualTimeout(ManualTimer timer, TimerTask task, long firesAt, long order) {
            this.timer = timer;
            this.task = task;
            this.firesAt = firesAt;
            this.order = order;
        }

        @Override
        public Timer timer() {
            return timer;
        }

        @Override
        public TimerTask task() {
            return task;
        }

        @Override
        public boolean isExpired() {
            return expired;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean cancel() {
            if (expired || cancelled) {
                return false;
            }
            cancelled = true;
            return true;
        }
    }
}
