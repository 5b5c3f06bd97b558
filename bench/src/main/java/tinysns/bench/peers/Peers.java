package tinysns.bench.peers;

import java.nio.file.Path;
import java.util.List;

/** The registries the peers benchmark compares, by column name. */
public final class Peers {

    public static final List<String> NAMES = List.of("tinysns", "etcd", "zookeeper");

    private Peers() {
    }

    /**
     * Starts one registry, ready for {@code capacity} simulated servers.
     *
     * @param dataDir an empty folder of its own (etcd and ZooKeeper keep their data there)
     */
    public static PeerRegistry start(String name, Path dataDir, int capacity) throws Exception {
        return switch (name) {
            case "tinysns" -> TinysnsPeer.start();
            case "etcd" -> EtcdPeer.start(dataDir, capacity);
            case "zookeeper" -> ZooKeeperPeer.start(dataDir, capacity);
            default -> throw new IllegalArgumentException("unknown peer " + name);
        };
    }
}
