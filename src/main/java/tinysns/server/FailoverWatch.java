package tinysns.server;

import io.netty.util.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A slave whose master's link closed asks the coordinator every half second, until it hears of a new epoch or a
 * lease and a half has passed: the master may have died, and the coordinator names its successor as soon as the
 * lease runs out. Without it the slave would hear at its next heartbeat, up to an interval later (5 s by default),
 * and a failover could take the lease plus the interval (docs/CONTRACT.md section 8: at most lease + 2 s).
 */
final class FailoverWatch {

    private static final long ASK_EVERY_MILLIS = 500;

    private final ReplicaState replica;
    private final Timer timer;
    private final LongSupplier nanoClock;
    private long watchedEpoch = -1; // guarded by this: one watch per epoch, however many links closed

    /** @param nanoClock the time base of {@code timer} ({@code System::nanoTime} in production) */
    FailoverWatch(ReplicaState replica, Timer timer, LongSupplier nanoClock) {
        this.replica = replica;
        this.timer = timer;
        this.nanoClock = nanoClock;
    }

    /** The master's link to this server closed (it stopped, died, or only dropped the link). */
    void masterLinkClosed() {
        replica.askSooner();
        ReplicaState.View view = replica.view();
        if (timer == null || view.standing() != ReplicaState.Standing.SLAVE) {
            return;
        }
        synchronized (this) {
            if (watchedEpoch == view.epoch()) {
                return;
            }
            watchedEpoch = view.epoch();
        }
        long until = nanoClock.getAsLong() + view.leaseNanos() + view.leaseNanos() / 2;
        askLater(view.epoch(), until);
    }

    private void askLater(long epoch, long untilNanos) {
        timer.newTimeout(t -> {
            ReplicaState.View now = replica.view();
            if (now.epoch() != epoch || now.standing() != ReplicaState.Standing.SLAVE || nanoClock.getAsLong() > untilNanos) {
                synchronized (this) {
                    watchedEpoch = -1;
                }
                return;
            }
            replica.askSooner();
            askLater(epoch, untilNanos);
        }, ASK_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }
}
