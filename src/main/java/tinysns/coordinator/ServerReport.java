package tinysns.coordinator;

import tinysns.protocol.proto.ClusterRole;
import tinysns.protocol.proto.Heartbeat;

/**
 * What a server's heartbeat says beyond who and where it is (docs/CONTRACT.md section 8): the role and epoch it last
 * heard, sent on a new connection so that a restarted coordinator can resume its cluster, and, from a master, its
 * in-sync slaves, the only servers the coordinator may promote when it dies; and that it mirrors at all, so that the
 * in-sync rule is kept for servers that do (tsd), not for others. All are sent only when there is news.
 *
 * @param lastRole     MASTER (also for a server that served alone), SLAVE, or unspecified when it heard none
 * @param lastEpoch    the epoch it last heard, 0 for none
 * @param inSyncEpoch  the epoch the master reports in; meaningful only when {@code inSync} is not null
 * @param inSync       the master's in-sync slaves by server ID, or null when the heartbeat reports none
 * @param mirrors      the server mirrors its writes to slaves and reports who is in sync
 */
record ServerReport(ClusterRole lastRole, long lastEpoch, long inSyncEpoch, int[] inSync, boolean mirrors) {

    static final ServerReport NONE = new ServerReport(ClusterRole.CLUSTER_ROLE_UNSPECIFIED, 0, 0, null, false);

    static ServerReport of(Heartbeat heartbeat) {
        boolean claims = heartbeat.getLastRole() == ClusterRole.MASTER || heartbeat.getLastRole() == ClusterRole.SLAVE;
        if (!claims && !heartbeat.hasInSync() && !heartbeat.getMirrors()) {
            return NONE;
        }
        int[] inSync = heartbeat.hasInSync()
                ? heartbeat.getInSync().getServerIdsList().stream().mapToInt(Integer::intValue).distinct().toArray()
                : null;
        return new ServerReport(claims ? heartbeat.getLastRole() : ClusterRole.CLUSTER_ROLE_UNSPECIFIED,
                claims ? heartbeat.getLastEpoch() : 0, heartbeat.getInSync().getEpoch(), inSync, heartbeat.getMirrors());
    }

    /** A MASTER or SLAVE claim: the server had a role under some coordinator. */
    boolean claimsRole() {
        return lastRole != ClusterRole.CLUSTER_ROLE_UNSPECIFIED;
    }
}
