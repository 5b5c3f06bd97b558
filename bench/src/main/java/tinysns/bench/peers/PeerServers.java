package tinysns.bench.peers;

import static tinysns.bench.harness.ServerNumbering.clusterId;
import static tinysns.bench.harness.ServerNumbering.host;
import static tinysns.bench.harness.ServerNumbering.port;

import tinysns.bench.harness.ServerNumbering;
import tinysns.coordination.Clusters;

/**
 * The simulated servers, the same for every registry, numbered by {@link ServerNumbering}; user {@code u} is served
 * by cluster {@code (u - 1) % 3 + 1} (the assignment's rule), by its first live server.
 */
final class PeerServers {

    /** The lease (etcd), session timeout (ZooKeeper) and death timeout (tinysns) of every registry. */
    static final int TIMEOUT_SECONDS = (int) Clusters.DEFAULT_LEASE.toSeconds();
    static final long TIMEOUT_NANOS = TIMEOUT_SECONDS * 1_000_000_000L;

    private PeerServers() {
    }

    static String address(int i) {
        return host(i) + ":" + port(i);
    }

    static int clusterOfUser(int user) {
        return Clusters.ofUser(user);
    }

    /** Where server {@code i} is registered in etcd and ZooKeeper: {@code <root>/c<cluster>/s<index>}, zero-padded so that key order is index order. */
    static String path(String root, int i) {
        return clusterPrefix(root, clusterId(i)) + String.format("s%07d", i);
    }

    static String clusterPrefix(String root, int clusterId) {
        return root + "/c" + clusterId + "/";
    }

    /** The server index at the end of a path made by {@link #path}. */
    static int indexOfPath(String path) {
        return Integer.parseInt(path.substring(path.lastIndexOf('/') + 2));
    }
}
