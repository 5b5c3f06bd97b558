package tinysns.coordination;

import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import java.util.concurrent.TimeUnit;
import tinysns.protocol.proto.Heartbeat;

/**
 * The heartbeats of one connection (as Dubbo's HeartbeatTimerTask): one at once, then one every interval on the
 * injected timer, each answer handed to the sender, until cancelled. The next beat is scheduled before the current
 * one is sent, so a slow answer never delays the beat after it.
 */
final class HeartbeatTask implements TimerTask {

    private final HeartbeatLink link;
    private final Timer timer;
    private final Heartbeat heartbeat;
    private final HeartbeatSender sender;
    private Timeout next;       // guarded by this
    private boolean cancelled;  // guarded by this
    private volatile boolean answered;

    HeartbeatTask(HeartbeatLink link, Timer timer, Heartbeat heartbeat, HeartbeatSender sender) {
        this.link = link;
        this.timer = timer;
        this.heartbeat = heartbeat;
        this.sender = sender;
    }

    HeartbeatLink link() {
        return link;
    }

    void start() {
        link.closeFuture().thenRun(() -> sender.failed(this, new IllegalStateException("the connection closed")));
        run(null);
    }

    @Override
    public void run(Timeout fired) {
        synchronized (this) {
            if (cancelled) {
                return;
            }
            next = timer.newTimeout(this, sender.intervalNanos(), TimeUnit.NANOSECONDS);
        }
        long sentNanos = System.nanoTime();
        link.heartbeat(sender.news().next(heartbeat, !answered)).whenComplete((reply, failure) -> {
            if (failure == null) {
                answered = true;
                sender.answered(this, reply, sentNanos);
            } else {
                sender.failed(this, failure);
            }
        });
    }

    /** The interval got shorter: the next beat comes one (new) interval from now, not at the old time. */
    synchronized void rescheduleSooner() {
        if (!cancelled && next != null && next.cancel()) {
            next = timer.newTimeout(this, sender.intervalNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** A beat now instead of at its time (the owner has reason to think its role changed). */
    synchronized void beatNow() {
        if (!cancelled && next != null && next.cancel()) {
            next = timer.newTimeout(this, 0, TimeUnit.NANOSECONDS);
        }
    }

    /** No more beats on this link; the link stays open (for a goodbye) until {@link #close}. */
    synchronized void cancel() {
        cancelled = true;
        if (next != null) {
            next.cancel();
        }
    }

    void close() {
        cancel();
        link.close();
    }
}
