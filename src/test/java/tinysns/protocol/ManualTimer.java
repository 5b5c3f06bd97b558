package tinysns.protocol;

import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** A timer and its clock that move only when a test says so, so time-based rules are tested without waiting. */
public final class ManualTimer implements Timer {

    private final List<ManualTimeout> scheduled = new ArrayList<>();
    private long nowNanos = 1_000_000_000L;

    public synchronized long nanoTime() {
        return nowNanos;
    }

    /** Moves the clock on and runs, in deadline order, every task that has come due (including ones they set). */
    public void advance(Duration by) {
        long target;
        synchronized (this) {
            target = nowNanos + by.toNanos();
        }
        while (true) {
            ManualTimeout due;
            synchronized (this) {
                due = scheduled.stream().filter(t -> t.deadlineNanos <= target)
                        .min(Comparator.comparingLong(t -> t.deadlineNanos)).orElse(null);
                if (due == null) {
                    nowNanos = target;
                    return;
                }
                scheduled.remove(due);
                nowNanos = Math.max(nowNanos, due.deadlineNanos);
            }
            due.expired = true;
            try {
                due.task.run(due);
            } catch (Exception e) {
                throw new AssertionError("timer task failed", e);
            }
        }
    }

    public synchronized int pendingTimeouts() {
        return scheduled.size();
    }

    @Override
    public synchronized Timeout newTimeout(TimerTask task, long delay, TimeUnit unit) {
        ManualTimeout timeout = new ManualTimeout(task, nowNanos + unit.toNanos(delay));
        scheduled.add(timeout);
        return timeout;
    }

    @Override
    public synchronized Set<Timeout> stop() {
        Set<Timeout> left = new HashSet<>(scheduled);
        scheduled.clear();
        return left;
    }

    private final class ManualTimeout implements Timeout {
        final TimerTask task;
        final long deadlineNanos;
        volatile boolean expired;
        volatile boolean cancelled;

        ManualTimeout(TimerTask task, long deadlineNanos) {
            this.task = task;
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public Timer timer() {
            return ManualTimer.this;
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
            synchronized (ManualTimer.this) {
                cancelled = scheduled.remove(this);
                return cancelled;
            }
        }
    }
}
