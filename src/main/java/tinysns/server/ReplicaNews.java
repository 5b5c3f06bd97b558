package tinysns.server;

import java.util.Set;
import java.util.function.Supplier;
import tinysns.coordination.HeartbeatNews;
import tinysns.protocol.proto.ClusterRole;
import tinysns.protocol.proto.Heartbeat;
import tinysns.protocol.proto.InSyncReport;

/**
 * A tsd's news for the coordinator (docs/CONTRACT.md section 8), added to a heartbeat only when there is some, so
 * that the common heartbeat stays the coordinator's unparsed hot path:
 * <ul>
 *   <li>on a new connection, that it mirrors (so only a slave it reports in sync may succeed it), and the role and
 *       epoch this server last heard (a server that served alone says MASTER at epoch 0), so that a restarted
 *       coordinator adopts the master and raises epochs above any it served in;</li>
 *   <li>as master, its in-sync slaves whenever they differ from what the coordinator last echoed.</li>
 * </ul>
 */
public final class ReplicaNews implements HeartbeatNews {

    private final ReplicaState replica;
    private final Supplier<Set<Integer>> inSync;

    /** @param inSync the server IDs of the slaves in sync with this server now */
    public ReplicaNews(ReplicaState replica, Supplier<Set<Integer>> inSync) {
        this.replica = replica;
        this.inSync = inSync;
    }

    @Override
    public Heartbeat next(Heartbeat base, boolean newLink) {
        ReplicaState.View view = replica.view();
        Heartbeat.Builder news = null;
        ClusterRole role = switch (view.standing()) {
            case MASTER, ALONE -> ClusterRole.MASTER;
            case SLAVE -> ClusterRole.SLAVE;
            case STARTING -> ClusterRole.CLUSTER_ROLE_UNSPECIFIED;
        };
        if (newLink) {
            news = base.toBuilder().setMirrors(true);
            if (role != ClusterRole.CLUSTER_ROLE_UNSPECIFIED) {
                news.setLastRole(role).setLastEpoch(view.epoch());
            }
        }
        if (view.standing() == ReplicaState.Standing.MASTER) {
            Set<Integer> slaves = inSync.get();
            if (!slaves.equals(replica.confirmedInSync())) {
                news = news == null ? base.toBuilder() : news;
                news.setInSync(InSyncReport.newBuilder().setEpoch(view.epoch()).addAllServerIds(slaves.stream().sorted().toList()));
            }
        }
        return news == null ? base : news.build();
    }
}
