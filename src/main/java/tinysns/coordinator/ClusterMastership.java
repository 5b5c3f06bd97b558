package tinysns.coordinator;

import java.util.Arrays;
import java.util.Comparator;
import tinysns.protocol.EncodedBody;
import tinysns.protocol.proto.ClusterRole;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.HeartbeatReply;
import tinysns.protocol.proto.ServerInfo;
import tinysns.protocol.proto.ServerType;

/**
 * Who is the master of one cluster, its epoch, and the heartbeat replies that tell its servers (docs/CONTRACT.md
 * section 8). The master is the first-registered live SERVER, and stays master while it lives: a server that was
 * declared dead and returns comes back as a slave even when it registered first. The epoch rises at every change of
 * master, so a stale master's mirrored writes can be told from the current one's.
 *
 * <p>Once a cluster is replicated (a master that mirrors its writes had another live server beside it), only a
 * server holding everything the last master acknowledged may follow it: the last master itself, or a live server it
 * last reported in sync. When none is alive the cluster has no master until one returns: no acknowledged change is
 * lost. Servers that do not say they mirror (anything but tsd) keep section 2's rule: the first-registered live one.
 *
 * <p>Before this coordinator knows any master (it has just started, perhaps restarted), a server that says it was
 * master is adopted with its epoch, and new epochs go above any a server reported. During the first lease after
 * start a cluster where some server reported a role gets no other master: its old master may still heartbeat.
 *
 * <p>Recomputed by {@link ClusterRegistrations} under its lock whenever a registration changes (added, dead, back,
 * left, a report); the replies are built and encoded then, and only when what they say changed, so a heartbeat
 * only reads a cached body and allocates nothing.
 */
final class ClusterMastership {

    /** Slaves named in a master's reply: enough for any real cluster, and it keeps the reply small. */
    static final int MAX_SLAVES_IN_REPLY = 4;
    /** The most a reply may encode to, so a heartbeat's answer stays one small frame (the hot path's budget). */
    static final int MAX_REPLY_BYTES = 224;

    private final long leaseMillis;
    /** The cluster's registrations by server ID, so the in-sync rule costs what the set holds, not the cluster. */
    private final ServerIdIndex byServerId;
    /** For senders that are not servers (follower coordinators): the lease alone. */
    private final EncodedBody leaseOnly;
    private Registration master;
    private long epoch;
    /** The master the in-sync report is from; stays after it dies, so that only its in-sync slaves succeed it. */
    private Registration lastMaster;
    /** The last master's in-sync slaves (server IDs, live ones only), as it last reported them. */
    private int[] inSync = new int[0];
    /** A master that mirrors had another live server beside it: from then on the in-sync rule picks successors. */
    private boolean replicated;
    /** The highest epoch any server of the cluster said it heard; new epochs go above it. */
    private long epochFloor;
    /** Some server said it had a role before this coordinator knew it: the cluster has a past. */
    private boolean claimsSeen;
    private Endpoint[] shown = new Endpoint[0];
    private volatile Registration currentMaster;
    private volatile EncodedBody masterReply;
    private volatile EncodedBody slaveReply;
    /** The get-server reply naming the master, built with the heartbeat replies; null while there is no master. */
    private volatile EncodedBody assignment;

    ClusterMastership(long leaseMillis, ServerIdIndex byServerId) {
        this.leaseMillis = leaseMillis;
        this.byServerId = byServerId;
        this.leaseOnly = encoded(HeartbeatReply.newBuilder().setLeaseMillis(leaseMillis));
        this.masterReply = leaseOnly;
        this.slaveReply = leaseOnly;
    }

    /** The reply for a heartbeat of {@code registration}; never allocates. */
    EncodedBody replyFor(Registration registration) {
        if (registration.endpoint.type() != ServerType.SERVER) {
            return leaseOnly;
        }
        return registration == currentMaster ? masterReply : slaveReply;
    }

    /** What get-server answers for a client of this cluster, or null when it has no master; never allocates. */
    EncodedBody assignment() {
        return assignment;
    }

    /** MASTER or SLAVE for a live SERVER, else unspecified. */
    ClusterRole roleOf(Registration registration) {
        if (!registration.isAliveServer()) {
            return ClusterRole.CLUSTER_ROLE_UNSPECIFIED;
        }
        return registration == currentMaster ? ClusterRole.MASTER : ClusterRole.SLAVE;
    }

    /** The live master, or null; call with the cluster's lock held. */
    Registration master() {
        return master;
    }

    long epoch() {
        return epoch;
    }

    /** A server registered saying what it last was (a restarted coordinator); call before {@link #recompute}. */
    void claimed(Registration registration, ServerReport report) {
        registration.claimedRole = report.lastRole();
        registration.claimedEpoch = report.lastEpoch();
        epochFloor = Math.max(epochFloor, report.lastEpoch());
        claimsSeen = true;
    }

    /**
     * The master's report of its in-sync slaves; one from any other server or epoch changes nothing. Call with the
     * cluster's lock held.
     */
    void reported(Registration from, long reportEpoch, int[] serverIds) {
        if (from != master || reportEpoch != epoch) {
            return;
        }
        int[] live = liveOnly(serverIds);
        if (!Arrays.equals(live, inSync)) {
            inSync = live;
            build();
        }
    }

    /** Call with the cluster's lock held, after any change of a registration's state. */
    void recompute(Registration[] byPosition, AliveServerSet aliveServers, boolean afterStart) {
        if (master != null && master.mirrors && master.isAliveServer() && hasCompany(aliveServers)) {
            replicated = true;
        }
        Registration next = master != null && master.isAliveServer() ? master
                : successor(byPosition, aliveServers, afterStart);
        boolean changed = next != master;
        if (changed && next != null) {
            long base = Math.max(epoch, epochFloor);
            boolean adopted = lastMaster == null && next.claimedRole == ClusterRole.MASTER
                    && next.claimedEpoch == base && base > 0;
            epoch = adopted ? base : base + 1;
            lastMaster = next;
            inSync = new int[0]; // a new master reports its own
        }
        master = next;
        int[] liveInSync = liveOnly(inSync); // a slave declared dead may return empty
        Endpoint[] nowShown = shown(byPosition, aliveServers);
        if (!changed && Arrays.equals(nowShown, shown) && Arrays.equals(liveInSync, inSync)) {
            return;
        }
        inSync = liveInSync;
        shown = nowShown;
        build();
        currentMaster = master;
    }

    /** Who may take over now that there is no live master; null when no one may (yet). */
    private Registration successor(Registration[] byPosition, AliveServerSet aliveServers, boolean afterStart) {
        if (lastMaster != null && replicated) {
            Registration best = lastMaster.isAliveServer() ? lastMaster : null;
            for (int id : inSync) {
                Registration candidate = byServerId.get(id);
                if (candidate != null && candidate.isAliveServer()
                        && (best == null || candidate.position() < best.position())) {
                    best = candidate; // the first registered of those holding everything
                }
            }
            return best;
        }
        if (lastMaster != null || !claimsSeen) {
            return first(byPosition, aliveServers); // a lone server's cluster, or a fresh start: section 2's rule
        }
        Registration best = null;
        for (int p = aliveServers.first(); p >= 0; p = aliveServers.nextAfter(p)) {
            Registration candidate = byPosition[p];
            boolean master = candidate.claimedRole == ClusterRole.MASTER && candidate.claimedEpoch >= epochFloor;
            if (master) {
                return candidate;
            }
            if (afterStart && (best == null || candidate.claimedEpoch > best.claimedEpoch)) {
                best = candidate; // no master came back in a lease: the most recent of the others, first registered
            }
        }
        return best;
    }

    /** True when {@code registration} is the master and a live server it reported in sync can take over. */
    boolean hasInSyncSuccessor(Registration registration) {
        if (registration != master) {
            return false;
        }
        for (int id : inSync) {
            Registration candidate = byServerId.get(id);
            if (candidate != null && candidate != master && candidate.isAliveServer()) {
                return true;
            }
        }
        return false;
    }

    /** The IDs of {@code serverIds} that are live servers other than the master, in registration order. */
    private int[] liveOnly(int[] serverIds) {
        if (serverIds.length == 0) {
            return serverIds;
        }
        Registration[] live = new Registration[serverIds.length];
        int count = 0;
        for (int id : serverIds) {
            Registration candidate = byServerId.get(id);
            if (candidate != null && candidate != master && candidate.isAliveServer()) {
                live[count++] = candidate;
            }
        }
        Arrays.sort(live, 0, count, Comparator.comparingInt(Registration::position));
        int[] ids = new int[count];
        for (int i = 0; i < count; i++) {
            ids[i] = live[i].serverId();
        }
        return ids;
    }

    /**
     * A coordinator taking the lead (docs/CONTRACT.md section 10): the master the previous leader recorded stays
     * master while alive, and the epoch starts at {@code newEpoch}, above any the previous leader can have used.
     */
    void takeOver(Registration recorded, long newEpoch, Registration[] byPosition, AliveServerSet aliveServers) {
        master = recorded != null && recorded.isAliveServer() ? recorded : first(byPosition, aliveServers);
        // Whether it mirrors is unknown until it heartbeats here: with company, assume it does, so that no slave
        // that may lack its acknowledged writes takes over meanwhile.
        replicated |= master != null && hasCompany(aliveServers);
        epoch = newEpoch;
        lastMaster = master;
        inSync = new int[0];
        shown = shown(byPosition, aliveServers);
        build();
        currentMaster = master;
    }

    /** More than one live server: a master with another beside it. */
    private static boolean hasCompany(AliveServerSet aliveServers) {
        return aliveServers.nextAfter(aliveServers.first()) >= 0;
    }

    private static Registration first(Registration[] byPosition, AliveServerSet aliveServers) {
        int position = aliveServers.first();
        return position < 0 ? null : byPosition[position];
    }

    /** The master's endpoint, then up to {@link #MAX_SLAVES_IN_REPLY} slaves' in registration order. */
    private Endpoint[] shown(Registration[] byPosition, AliveServerSet aliveServers) {
        if (master == null) {
            return new Endpoint[0];
        }
        Endpoint[] found = new Endpoint[MAX_SLAVES_IN_REPLY + 1];
        found[0] = master.endpoint;
        int count = 1;
        for (int p = aliveServers.first(); p >= 0 && count < found.length; p = aliveServers.nextAfter(p)) {
            if (byPosition[p] != master) {
                found[count++] = byPosition[p].endpoint;
            }
        }
        return Arrays.copyOf(found, count);
    }

    private void build() {
        if (master == null) {
            EncodedBody none = encoded(HeartbeatReply.newBuilder().setLeaseMillis(leaseMillis).setEpoch(epoch));
            masterReply = none;
            slaveReply = none;
            assignment = null;
            return;
        }
        ServerInfo masterInfo = infoOf(shown[0]);
        assignment = EncodedBody.of(Envelope.newBuilder().setServerInfo(masterInfo).build());
        HeartbeatReply.Builder forMaster = HeartbeatReply.newBuilder().setLeaseMillis(leaseMillis)
                .setRole(ClusterRole.MASTER).setEpoch(epoch).setMaster(masterInfo);
        for (int id : inSync) {
            forMaster.addInSync(id); // the master reports again whenever its own set differs
        }
        int bytes = forMaster.build().getSerializedSize();
        for (int i = 1; i < shown.length; i++) {
            ServerInfo slave = infoOf(shown[i]);
            bytes += 2 + slave.getSerializedSize();
            if (bytes > MAX_REPLY_BYTES) {
                break; // very long host names: the first slaves only (the master mirrors to those it is told of)
            }
            forMaster.addSlaves(slave);
        }
        masterReply = encoded(forMaster);
        slaveReply = encoded(HeartbeatReply.newBuilder().setLeaseMillis(leaseMillis)
                .setRole(ClusterRole.SLAVE).setEpoch(epoch).setMaster(masterInfo));
    }

    private static EncodedBody encoded(HeartbeatReply.Builder reply) {
        return EncodedBody.of(Envelope.newBuilder().setHeartbeatReply(reply).build());
    }

    private static ServerInfo infoOf(Endpoint endpoint) {
        return ServerInfo.newBuilder().setServerId(endpoint.serverId()).setHostname(endpoint.host())
                .setPort(endpoint.port()).setType(ServerType.SERVER).build();
    }
}
