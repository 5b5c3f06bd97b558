package tinysns.coordinator;

import java.util.Arrays;
import tinysns.protocol.proto.ClusterRole;
import tinysns.protocol.EncodedBody;

/**
 * The registrations of one cluster: found by server ID, kept in registration order, and indexed by which of them
 * are live servers of type SERVER, so that assignment finds the first-registered live one without a scan; and who
 * of them is master ({@link ClusterMastership}), recomputed at every change of state, never per heartbeat.
 * Its lock guards the order and the index; a registration's own lock is always taken before this one.
 */
final class ClusterRegistrations {

    private final RegistrationTable table;
    private final int clusterId;
    private final ServerIdIndex byServerId = new ServerIdIndex();
    private final AliveServerSet aliveServers = new AliveServerSet();
    private final ClusterMastership mastership;
    private Registration[] byPosition = new Registration[16];
    private int count;

    ClusterRegistrations(RegistrationTable table, int clusterId, long leaseMillis) {
        this.table = table;
        this.clusterId = clusterId;
        this.mastership = new ClusterMastership(leaseMillis, byServerId);
    }

    /** One empty cluster for each of 1..count. */
    static ClusterRegistrations[] empty(RegistrationTable table, int count, long leaseMillis) {
        ClusterRegistrations[] clusters = new ClusterRegistrations[count];
        for (int i = 0; i < count; i++) {
            clusters[i] = new ClusterRegistrations(table, i + 1, leaseMillis);
        }
        return clusters;
    }

    RegistrationTable table() {
        return table;
    }

    int clusterId() {
        return clusterId;
    }

    /** Lock-free; may miss a registration being added at this moment (then {@link #addIfAbsent} finds it). */
    Registration find(int serverId) {
        return byServerId.get(serverId);
    }

    /** Adds a live registration at the end of the order, or returns null when the server ID is already here. */
    Registration addIfAbsent(int serverId, Endpoint endpoint, long nowNanos) {
        return addIfAbsent(serverId, endpoint, nowNanos, ServerReport.NONE);
    }

    /** As {@link #addIfAbsent(int, Endpoint, long)}, with the role and epoch the server says it last heard. */
    synchronized Registration addIfAbsent(int serverId, Endpoint endpoint, long nowNanos, ServerReport report) {
        if (byServerId.get(serverId) != null) {
            return null;
        }
        if (count == byPosition.length) {
            byPosition = Arrays.copyOf(byPosition, count + (count >> 1));
        }
        Registration registration = new Registration(this, serverId, count, endpoint, nowNanos);
        byPosition[count++] = registration;
        byServerId.add(registration);
        registration.mirrors = report.mirrors();
        if (registration.isAliveServer()) {
            if (report.claimsRole()) {
                mastership.claimed(registration, report);
            }
            aliveServers.add(registration.position());
            recompute();
        }
        return registration;
    }

    /** Adds a registration read back from the durable order, alive or dead; the caller arms an alive one's lease. */
    Registration restore(Endpoint endpoint, boolean alive, long nowNanos) {
        Registration added = addIfAbsent(endpoint.serverId(), endpoint, nowNanos);
        if (added == null) {
            throw new IllegalStateException("cluster " + clusterId + " server " + endpoint.serverId() + " is in the order twice");
        }
        if (!alive) {
            synchronized (added) {
                changeState(added, endpoint, false);
            }
        }
        return added;
    }

    /**
     * Changes where a registration is and whether it is alive, together with the assignment index, so that
     * assignment never sees one without the other. Call with the registration's lock held.
     */
    synchronized void changeState(Registration registration, Endpoint endpoint, boolean alive) {
        registration.endpoint = endpoint;
        registration.alive = alive;
        if (registration.isAliveServer()) {
            aliveServers.add(registration.position());
        } else {
            aliveServers.remove(registration.position());
        }
        recompute();
    }

    /**
     * What a heartbeat reports: that its sender mirrors (a tsd on a new connection, perhaps to a coordinator that
     * just took the lead), a master's in-sync slaves (ignored from anyone else); then replies say what changed.
     */
    synchronized void report(Registration from, ServerReport report) {
        if (report.mirrors() && !from.mirrors) {
            from.mirrors = true;
            recompute();
        }
        if (report.inSync() != null) {
            mastership.reported(from, report.inSyncEpoch(), report.inSync());
        }
    }

    /** Again, as time alone changes the rule (the first lease after the coordinator's start has ended). */
    synchronized void recompute() {
        mastership.recompute(byPosition, aliveServers, !table.inStartGrace());
    }

    /**
     * The server clients are given: the cluster's master (docs/CONTRACT.md section 8), which in a cluster of one
     * server is its first-registered live server of type SERVER, as section 2 says; null when there is none.
     */
    synchronized Endpoint master() {
        Registration master = mastership.master();
        return master == null ? null : master.endpoint;
    }

    /** The get-server reply for this cluster's clients (its master), or null when it has none; lock-free. */
    EncodedBody assignment() {
        return mastership.assignment();
    }

    /** What to answer a heartbeat of {@code registration} with; lock-free and allocation-free. */
    EncodedBody replyFor(Registration registration) {
        return mastership.replyFor(registration);
    }

    /** MASTER or SLAVE for a live server of type SERVER, else unspecified. */
    ClusterRole roleOf(Registration registration) {
        return mastership.roleOf(registration);
    }

    /** True when {@code registration} is the master and a live server it reported in sync can take over from it. */
    synchronized boolean isMasterWithSuccessor(Registration registration) {
        return mastership.hasInSyncSuccessor(registration);
    }

    /** {@link RegistrationTable#leaving}, for a registration of this cluster. */
    boolean leave(Registration registration, String host, int port, RegistryListener listener) {
        RegisteredServer leaving;
        RegisteredServer left = null;
        synchronized (registration) {
            if (!registration.alive || !registration.endpoint.hasAddress(host, port)) {
                return false;
            }
            leaving = registration.view();
            if (isMasterWithSuccessor(registration)) {
                changeState(registration, registration.endpoint, false);
                left = registration.view();
            }
        }
        if (left != null) {
            listener.left(left);
        } else {
            listener.leaving(leaving);
        }
        return true;
    }

    /** After a takeover's restores: the recorded master (by server ID, 0 for none) and the new term's epoch. */
    synchronized void takeOverMastership(int masterServerId, long epoch) {
        mastership.takeOver(masterServerId == 0 ? null : byServerId.get(masterServerId), epoch, byPosition, aliveServers);
    }

    /** The master's server ID, 0 when there is none. */
    synchronized int masterServerId() {
        Registration master = mastership.master();
        return master == null ? 0 : master.serverId();
    }

    /** Up to {@code max} registrations, in registration order. */
    synchronized Registration[] inOrder(int max) {
        return Arrays.copyOf(byPosition, Math.min(max, count));
    }

    synchronized int size() {
        return count;
    }
}
