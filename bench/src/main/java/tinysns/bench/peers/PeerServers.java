package tinysns.bench.peers;

/**
 * The simulated servers, the same for every registry: server {@code i} is server {@code i / 3 + 1} of cluster
 * {@code i % 3 + 1} at an address of its own; user {@code u} is served by cluster {@code u % 3 + 1} (the
 * assignment's rule), by its first live server.
 */
final class PeerServers {

    /** The lease (etcd), session timeout (ZooKeeper) and death timeout (tinysns) of every registry. */
    static final int TIMEOUT_SECONDS = 10;
    static final long TIMEOUT_NANOS = TIMEOUT_SECONDS * 1_000_000_000L;

    private PeerServers() {
    }

    static int clusterId(int i) {
        return i % 3 + 1;
    }

    static int serverId(int i) {
        return i / 3 + 1;
    }

    static int indexOf(int clusterId, int serverId) {
        return (serverId - 1) * 3 + (clusterId - 1);
    }

    static String host(int i) {
        return "10." + ((i >>> 16) & 0xff) + "." + ((i >>> 8) & 0xff) + "." + (i & 0xff);
    }

    static int port(int i) {
        return 10000 + i % 50000;
    }

    static String address(int i) {
        return host(i) + ":" + port(i);
    }

    static int clusterOfUser(int user) {
        return user % 3 + 1;
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
