package tinysns.coordinator;

import io.netty.util.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import tinysns.coordination.Clusters;
import tinysns.protocol.EncodedBody;
import tinysns.protocol.proto.HeartbeatReply;
import tinysns.protocol.proto.ServerType;

/**
 * The coordinator's registration table, keyed by (cluster ID, server ID): registration by first heartbeat,
 * renewal, death when a lease passes without a heartbeat, revival, client assignment and a listing.
 * Usable on its own, without any networking. Thread-safe. Leases expire in {@link LeaseExpiry}; the fields are
 * checked by {@link HeartbeatValidation}.
 */
public final class RegistrationTable {

    /** Replaced whole by {@link #clear()}; a registration whose cluster is no longer here is forgotten. */
    private volatile ClusterRegistrations[] clusters;
    /** Synchronizers, per cluster: slots of their own, so synchronizer 1 and server 1 of a cluster never collide. */
    private volatile ClusterRegistrations[] synchronizers;
    private final long leaseNanos;
    private final LongSupplier nanoClock;
    private final RegistryListener listener;
    private final LeaseExpiry leases;
    /** The first lease after start: a cluster with a past waits for its old master (docs/CONTRACT.md section 8). */
    private volatile boolean startGrace = true;

    /**
     * @param clusterCount clusters are numbered 1..clusterCount
     * @param timer        fires the lease timeouts; it must run on the same time base as {@code nanoClock}
     * @param nanoClock    when heartbeats arrive; {@code System::nanoTime} in production
     */
    public RegistrationTable(int clusterCount, Duration lease, Timer timer, LongSupplier nanoClock,
                             RegistryListener listener) {
        this(clusterCount, lease, timer, nanoClock, listener, Leadership.STANDALONE);
    }

    /** @param leadership asked before every declared death: a coordinator that does not lead declares none */
    public RegistrationTable(int clusterCount, Duration lease, Timer timer, LongSupplier nanoClock,
                             RegistryListener listener, Leadership leadership) {
        if (clusterCount < 1 || lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("need at least one cluster and a positive lease, got " + clusterCount
                    + " clusters and " + lease);
        }
        this.leaseNanos = lease.toNanos();
        this.clusters = ClusterRegistrations.empty(this, clusterCount, lease.toMillis());
        this.synchronizers = ClusterRegistrations.empty(this, clusterCount, lease.toMillis());
        this.nanoClock = nanoClock;
        this.listener = listener;
        this.leases = new LeaseExpiry(this, leaseNanos, timer, nanoClock, listener, new DeathGuard(leadership));
        timer.newTimeout(t -> endStartGrace(), leaseNanos, TimeUnit.NANOSECONDS);
    }

    public Duration lease() {
        return Duration.ofNanos(leaseNanos);
    }

    public int clusterCount() {
        return clusters.length;
    }

    /**
     * Handles one heartbeat. Renewing a live server at its registered address takes no timer action and
     * allocates nothing. A rejected heartbeat changes nothing.
     *
     * @param type what the sender is; null, unspecified or unknown is rejected as an invalid type
     */
    public HeartbeatOutcome heartbeat(int clusterId, int serverId, String host, int port, ServerType type) {
        return heartbeat(clusterId, serverId, host, port, type, ServerReport.NONE);
    }

    /** As above, with what the heartbeat reports: the role it last heard (taken at registration), its in-sync set. */
    HeartbeatOutcome heartbeat(int clusterId, int serverId, String host, int port, ServerType type, ServerReport report) {
        HeartbeatOutcome invalid = validate(clusterId, serverId, host, port, type);
        if (invalid != null) {
            return invalid;
        }
        ClusterRegistrations cluster = slotsOf(clusterId, type);
        long now = nanoClock.getAsLong();
        Registration registration = cluster.find(serverId);
        if (registration == null) {
            Registration added = cluster.addIfAbsent(serverId, new Endpoint(serverId, host, port, type), now, report);
            if (added != null) {
                synchronized (added) {
                    leases.armFullLease(added);
                }
                cluster.report(added, report);
                listener.registered(added.view());
                return HeartbeatOutcome.REGISTERED;
            }
            registration = cluster.find(serverId); // another connection registered it a moment ago
        }
        HeartbeatOutcome outcome = renewOrRevive(registration, host, port, type, now);
        if (outcome.accepted()) {
            registration.cluster().report(registration, report);
        }
        return outcome;
    }

    boolean inStartGrace() {
        return startGrace;
    }

    private void endStartGrace() {
        startGrace = false;
        for (ClusterRegistrations cluster : clusters) {
            cluster.recompute();
        }
    }

    /** Where the registration (cluster ID, server ID) is now, alive or dead; null when there is none. */
    public Endpoint endpointOf(int clusterId, int serverId) {
        Registration registration = find(clusterId, serverId);
        return registration == null ? null : registration.endpoint;
    }

    /**
     * The common heartbeat, from a live server still at {@code expected} (an {@link #endpointOf} the caller has
     * matched with the heartbeat): stamps it and returns the reply to send, as {@link #encodedHeartbeatReply}.
     * Anything else changes nothing and returns null, for {@link #heartbeat} to handle. Lets the coordinator's hot
     * path compare the host in place instead of decoding it.
     */
    public EncodedBody renew(int clusterId, int serverId, Endpoint expected) {
        Registration registration = find(clusterId, serverId);
        if (registration == null) {
            return null;
        }
        long now = nanoClock.getAsLong();
        synchronized (registration) {
            if (!registration.alive || registration.endpoint != expected) {
                return null;
            }
            stamp(registration, now);
        }
        return registration.cluster().replyFor(registration);
    }

    private static void stamp(Registration registration, long now) {
        if (now > registration.lastHeartbeatNanos) {
            registration.lastHeartbeatNanos = now;
        }
    }

    private HeartbeatOutcome renewOrRevive(Registration registration, String host, int port, ServerType type, long now) {
        Endpoint previous;
        RegisteredServer revived;
        synchronized (registration) {
            Endpoint current = registration.endpoint;
            if (registration.alive) {
                if (!current.hasAddress(host, port)) {
                    return HeartbeatOutcome.slotTaken("server " + registration.serverId() + " of cluster "
                            + registration.cluster().clusterId() + " is alive at " + current.address()
                            + "; another address can take its slot only once it is dead");
                }
                stamp(registration, now);
                if (current.type() != type) {
                    Endpoint retyped = new Endpoint(current.serverId(), current.host(), port, type);
                    registration.cluster().changeState(registration, retyped, true);
                }
                return HeartbeatOutcome.RENEWED;
            }
            boolean sameEndpoint = current.hasAddress(host, port) && current.type() == type;
            Endpoint next = sameEndpoint ? current : new Endpoint(registration.serverId(), host, port, type);
            registration.lastHeartbeatNanos = now;
            registration.cluster().changeState(registration, next, true);
            if (!registration.leaseArmed) {
                leases.armFullLease(registration);
            }
            previous = sameEndpoint ? null : current;
            revived = registration.view();
        }
        listener.cameBack(revived, previous);
        return HeartbeatOutcome.REVIVED;
    }

    /**
     * What to answer an accepted heartbeat of (cluster ID, server ID) with: the lease, and for a server its role,
     * the cluster's epoch and master, and for the master its slaves. Built at each change of the cluster, never per
     * heartbeat; null when no such registration exists.
     */
    public HeartbeatReply heartbeatReply(int clusterId, int serverId) {
        EncodedBody reply = encodedHeartbeatReply(clusterId, serverId, ServerType.SERVER);
        return reply == null ? null : reply.body().getHeartbeatReply();
    }

    /** {@link #heartbeatReply} as the envelope body to send, encoded when it was built (a synchronizer's: the lease only). */
    public EncodedBody encodedHeartbeatReply(int clusterId, int serverId, ServerType type) {
        if (clusterId < 1 || clusterId > clusters.length) {
            return null;
        }
        Registration registration = slotsOf(clusterId, type).find(serverId);
        return registration == null ? null : registration.cluster().replyFor(registration);
    }

    /**
     * A server's goodbye: it is stopping cleanly. A master with a live in-sync slave to take over leaves at once (its
     * registration ends, the next server becomes master: docs/CONTRACT.md section 8); any other server stays alive
     * until its lease runs out as usual, so a lone server is never declared dead earlier than its lease. Tells the
     * listener when the goodbye comes from the live server registered at that address, and returns whether it did.
     */
    public boolean leaving(int clusterId, int serverId, String host, int port, ServerType type) {
        if (clusterId < 1 || clusterId > clusters.length) {
            return false;
        }
        Registration registration = slotsOf(clusterId, type).find(serverId);
        return registration != null && registration.cluster().leave(registration, host, port, listener);
    }

    LeaseExpiry leases() { // for Registration, the task on the lease timer
        return leases;
    }

    /** The cluster of client {@code clientId}, by {@link Clusters#ofUser(int, int)}. */
    public int clusterOf(int clientId) {
        HeartbeatValidation.requireValidClientId(clientId);
        return Clusters.ofUser(clientId, clusters.length);
    }

    /**
     * The server for client {@code clientId}: the master of the client's cluster (its first-registered live server
     * of type SERVER, which stays master while it lives, see {@link ClusterMastership}), or null when it has none.
     *
     * @throws IllegalArgumentException when the client ID is below 1; the message names the field
     */
    public Endpoint assign(int clientId) {
        return clusters[clusterOf(clientId) - 1].master();
    }

    /** Every registration, by cluster, then registration order. */
    public RegistrySnapshot snapshot() {
        return snapshot(Integer.MAX_VALUE);
    }

    /** The first {@code max} registrations, by cluster (servers, then synchronizers), then registration order. */
    public RegistrySnapshot snapshot(int max) {
        return RegistrySnapshots.of(clusters, synchronizers, max, nanoClock);
    }

    /** How many registrations there are, alive or dead. */
    public int size() {
        int size = 0;
        for (int i = 0; i < clusters.length; i++) {
            size += clusters[i].size() + synchronizers[i].size();
        }
        return size;
    }

    private ClusterRegistrations slotsOf(int clusterId, ServerType type) {
        return (type == ServerType.SYNCHRONIZER ? synchronizers : clusters)[clusterId - 1];
    }

    /** True when this heartbeat would only renew a live registration at its address. Allocation-free. */
    public boolean renews(int clusterId, int serverId, String host, int port, ServerType type) {
        Registration registration = clusterId < 1 || clusterId > clusters.length ? null
                : slotsOf(clusterId, type).find(serverId);
        return registration != null && registration.alive && registration.endpoint.hasAddress(host, port);
    }

    Registration find(int clusterId, int serverId) {
        ClusterRegistrations[] current = clusters;
        return clusterId < 1 || clusterId > current.length ? null : current[clusterId - 1].find(serverId);
    }

    /** For {@link LeaseExpiry}: false once the registrations (servers' or synchronizers') were cleared. */
    boolean holds(ClusterRegistrations slots) {
        int index = slots.clusterId() - 1;
        return clusters[index] == slots || synchronizers[index] == slots;
    }

    /** For {@link TableTakeover} and the get-server hot path. */
    ClusterRegistrations cluster(int clusterId) {
        return clusters[clusterId - 1];
    }

    /** For {@link TableTakeover}: forgets every registration; their lease timers find them gone. */
    void replaceClusters() {
        clusters = ClusterRegistrations.empty(this, clusters.length, leaseNanos / 1_000_000);
        synchronizers = ClusterRegistrations.empty(this, synchronizers.length, leaseNanos / 1_000_000);
    }

    /** For {@link TableTakeover}: a lease that starts now. */
    void armFreshLease(Registration registration) {
        synchronized (registration) {
            leases.armFullLease(registration);
        }
    }

    long nowNanos() {
        return nanoClock.getAsLong();
    }

    /** Null when the heartbeat's fields are valid; else the rejection, whose reason names the field. */
    public HeartbeatOutcome validate(int clusterId, int serverId, String host, int port, ServerType type) {
        return HeartbeatValidation.check(clusters.length, clusterId, serverId, host, port, type);
    }
}
