package tinysns.coordinator;

import io.netty.util.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The table's lease timeouts. Every registration is its own task on the one shared timer. A heartbeat only stores
 * its arrival time; when the task fires, a server that heartbeated since is re-armed for what is left of its lease,
 * and one that did not is declared dead. So a registration is declared dead only when
 * {@code now - lastHeartbeat >= lease} on the injected clock, never earlier, and at most one timer tick plus
 * scheduling later.
 */
final class LeaseExpiry {

    private final RegistrationTable table;
    private final long leaseNanos;
    private final Timer timer;
    private final LongSupplier nanoClock;
    private final RegistryListener listener;
    private final DeathGuard deathGuard;

    LeaseExpiry(RegistrationTable table, long leaseNanos, Timer timer, LongSupplier nanoClock,
                RegistryListener listener, DeathGuard deathGuard) {
        this.table = table;
        this.leaseNanos = leaseNanos;
        this.timer = timer;
        this.nanoClock = nanoClock;
        this.listener = listener;
        this.deathGuard = deathGuard;
    }

    /** A whole lease from now. Call with the registration's lock held. */
    void armFullLease(Registration registration) {
        arm(registration, leaseNanos);
    }

    /** The registration's lease timeout: declare it dead, or re-arm it for the rest of a renewed lease. */
    void fired(Registration registration) {
        RegisteredServer dead;
        long silentNanos;
        synchronized (registration) {
            registration.leaseArmed = false;
            if (!registration.alive) {
                return;
            }
            long now = nanoClock.getAsLong();
            silentNanos = now - registration.lastHeartbeatNanos;
            if (silentNanos < leaseNanos) {
                arm(registration, leaseNanos - silentNanos);
                return;
            }
            if (!table.holds(registration.cluster())) {
                return; // cleared from the table (this coordinator stopped leading)
            }
            long postpone = deathGuard.postponeNanos(now - registration.deadlineNanos);
            if (postpone > 0) {
                arm(registration, postpone);
                return;
            }
            registration.cluster().changeState(registration, registration.endpoint, false);
            dead = registration.view();
        }
        listener.declaredDead(dead, silentNanos);
    }

    /** Call with the registration's lock held. */
    private void arm(Registration registration, long delayNanos) {
        registration.deadlineNanos = nanoClock.getAsLong() + delayNanos;
        registration.leaseArmed = true;
        timer.newTimeout(registration, delayNanos, TimeUnit.NANOSECONDS);
    }
}
