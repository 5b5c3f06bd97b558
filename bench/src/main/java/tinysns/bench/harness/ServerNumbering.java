package tinysns.bench.harness;

import tinysns.coordination.Clusters;

/**
 * How the benchmarks number their simulated servers: server {@code i} is server {@code i / 3 + 1} of cluster
 * {@code i % 3 + 1}, at an address of its own, so that a million of them fill three clusters evenly.
 */
public final class ServerNumbering {

    private ServerNumbering() {
    }

    public static int clusterId(int i) {
        return i % Clusters.COUNT + 1;
    }

    public static int serverId(int i) {
        return i / Clusters.COUNT + 1;
    }

    /** The index of the server with this cluster and server ID. */
    public static int indexOf(int clusterId, int serverId) {
        return (serverId - 1) * Clusters.COUNT + (clusterId - 1);
    }

    /** A 10.x.y.z address of its own for each of up to 16 million servers. */
    public static String host(int i) {
        return "10." + ((i >>> 16) & 0xff) + "." + ((i >>> 8) & 0xff) + "." + (i & 0xff);
    }

    public static int port(int i) {
        return 10000 + i % 50000;
    }
}
