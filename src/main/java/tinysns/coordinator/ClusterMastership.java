package tinysns.coordinator;

import java.util.Arrays;
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
 * <p>Recomputed by {@link ClusterRegistrations} under its lock whenever a registration changes (added, dead, back,
 * left); the replies are built and encoded then, and only when what they say changed, so a heartbeat only reads a
 * cached body and allocates nothing.
 */
final class ClusterMastership {

    /** Slaves named in a master's reply: enough for any real cluster, and it keeps the reply small. */
    static final int MAX_SLAVES_IN_REPLY = 4;
    /** The most a reply may encode to, so a heartbeat's answer stays one small frame (the hot path's budget). */
    static final int MAX_REPLY_BYTES = 224;

    private final long leaseMillis;
    /** For senders that are not servers (follower coordinators): the lease alone. */
    private final EncodedBody leaseOnly;
    private Registration master;
    private long epoch;
    private Endpoint[] shown = new Endpoint[0];
    private volatile Registration currentMaster;
    private volatile EncodedBody masterReply;
    private volatile EncodedBody slaveReply;

    ClusterMastership(long leaseMillis) {
        this.leaseMillis = leaseMillis;
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

    boolean isMaster(Registration registration) {
        return registration == currentMaster;
    }

    /** Call with the cluster's lock held, after any change of a registration's state. */
    void recompute(Registration[] byPosition, AliveServerSet aliveServers) {
        Registration next = master != null && master.isAliveServer() ? master : first(byPosition, aliveServers);
        boolean changed = next != master;
        if (changed && next != null) {
            epoch++;
        }
        master = next;
        Endpoint[] nowShown = shown(byPosition, aliveServers);
        if (!changed && Arrays.equals(nowShown, shown)) {
            return;
        }
        shown = nowShown;
        build();
        currentMaster = master;
    }

    /**
     * A coordinator taking the lead (docs/CONTRACT.md section 10): the master the previous leader recorded stays
     * master while alive, and the epoch starts at {@code newEpoch}, above any the previous leader can have used.
     */
    void takeOver(Registration recorded, long newEpoch, Registration[] byPosition, AliveServerSet aliveServers) {
        master = recorded != null && recorded.isAliveServer() ? recorded : first(byPosition, aliveServers);
        epoch = newEpoch;
        shown = shown(byPosition, aliveServers);
        build();
        currentMaster = master;
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
            return;
        }
        ServerInfo masterInfo = infoOf(shown[0]);
        HeartbeatReply.Builder forMaster = HeartbeatReply.newBuilder().setLeaseMillis(leaseMillis)
                .setRole(ClusterRole.MASTER).setEpoch(epoch).setMaster(masterInfo);
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
