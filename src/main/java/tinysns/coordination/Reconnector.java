package tinysns.coordination;

import io.netty.util.Timeout;
import io.netty.util.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Opens links to the coordinator (as Dubbo's ReconnectTimerTask): at once on start, then, after each failure,
 * after the backoff's next delay on the injected timer. Thread-safe.
 */
final class Reconnector {

    private final HeartbeatLink.Connector connector;
    private final Timer timer;
    private final Backoff backoff;     // guarded by this
    private Timeout pending;           // guarded by this
    private boolean cancelled;         // guarded by this
    private int attempts;              // guarded by this

    Reconnector(HeartbeatLink.Connector connector, Timer timer, Backoff backoff) {
        this.connector = connector;
        this.timer = timer;
        this.backoff = backoff;
    }

    /** Connects now; {@code then} gets the link or the failure. */
    void connect(BiConsumer<HeartbeatLink, Throwable> then) {
        synchronized (this) {
            if (cancelled) {
                return;
            }
            attempts++;
        }
        connector.connect().whenComplete((link, failure) -> then.accept(link, failure));
    }

    /** Connects after the backoff's next delay. */
    synchronized void connectLater(BiConsumer<HeartbeatLink, Throwable> then) {
        if (cancelled) {
            return;
        }
        pending = timer.newTimeout(t -> connect(then), backoff.nextDelayMillis(), TimeUnit.MILLISECONDS);
    }

    /** A heartbeat was accepted: the next outage starts from the shortest delay again. */
    synchronized void reset() {
        backoff.reset();
    }

    synchronized void cancel() {
        cancelled = true;
        if (pending != null) {
            pending.cancel();
        }
    }

    synchronized int attempts() {
        return attempts;
    }
}
