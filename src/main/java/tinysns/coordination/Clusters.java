package tinysns.coordination;

import java.time.Duration;
import tinysns.protocol.proto.ClusterRole;

/**
 * The assignment's numbers, in one place: how many clusters there are, which cluster a user (or a synchronizer)
 * belongs to, and how long the coordinator's lease is unless it is told otherwise (docs/CONTRACT.md sections 2 and 9).
 */
public final class Clusters {

    /** Clusters are numbered 1..COUNT. */
    public static final int COUNT = 3;
    /** A server that has not heartbeated for this long is declared dead, unless the coordinator runs with --lease. */
    public static final int DEFAULT_LEASE_SECONDS = 10;
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(DEFAULT_LEASE_SECONDS);

    private Clusters() {
    }

    /** MASTER or SLAVE for a live server, {@code -} otherwise: the role column of status.sh and the dashboard (section 8). */
    public static String roleColumn(ClusterRole role) {
        return role == ClusterRole.MASTER || role == ClusterRole.SLAVE ? role.name() : "-";
    }

    /** The cluster of user {@code userId} (at least 1): {@code (u - 1) % 3 + 1}. */
    public static int ofUser(int userId) {
        return ofUser(userId, COUNT);
    }

    /** The same rule for a coordinator run with another number of clusters. */
    public static int ofUser(int userId, int clusterCount) {
        return (userId - 1) % clusterCount + 1;
    }

    /** True for 1..COUNT. */
    public static boolean isCluster(int clusterId) {
        return clusterId >= 1 && clusterId <= COUNT;
    }

    /** The cluster synchronizer {@code i} works in: {@code (i - 1) % 3 + 1}. */
    public static int ofSynchronizer(int synchronizerId) {
        return ofUser(synchronizerId);
    }

    /** The server ID synchronizer {@code i} works beside: {@code (i - 1) / 3 + 1}. */
    public static int serverOfSynchronizer(int synchronizerId) {
        return (synchronizerId - 1) / COUNT + 1;
    }
}
