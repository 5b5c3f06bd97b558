package tinysns.coordinator.leadership;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;

/**
 * The registration order in ZooKeeper: under {@code /order/<cluster>}, one persistent sequential node per
 * (cluster ID, server ID), created when it first registers, so ZooKeeper's sequence numbers are the order; its data
 * says where the server is and whether it was last known alive. Every write is a transaction that also checks the
 * writer's own election node still exists: a coordinator whose session expired (a stalled leader, say) cannot
 * write, whatever it believes (docs/CONTRACT.md section 10).
 *
 * <p>Blocking; used from one thread only (the {@link OrderWriter}'s).
 */
final class RegistrationOrder {

    static final String ROOT = "/order";
    /** {@code /masters/<cluster>}: the server ID of the cluster's master as the leader last recorded it. */
    static final String MASTERS = "/masters";

    private final CuratorFramework zk;
    private final int clusters;
    /** Which node holds each (cluster ID, server ID): filled by {@link #load()} and {@link #append}. */
    private final Map<Long, String> nodes = new HashMap<>();
    private final int[] recordedMasters;

    RegistrationOrder(CuratorFramework zk, int clusters) {
        this.zk = zk;
        this.clusters = clusters;
        this.recordedMasters = new int[clusters + 1];
    }

    int clusters() {
        return clusters;
    }

    /** The master last recorded (or loaded) for the cluster by this coordinator. */
    int recordedMaster(int cluster) {
        return recordedMasters[cluster];
    }

    void rememberMaster(int cluster, int serverId) {
        recordedMasters[cluster] = serverId;
    }

    /** Every registration, by cluster, then registration order. */
    List<Slot> load() throws Exception {
        nodes.clear();
        List<Slot> order = new ArrayList<>();
        for (int cluster = 1; cluster <= clusters; cluster++) {
            String parent = clusterPath(cluster);
            ensureExists(parent);
            List<String> children = new ArrayList<>(zk.getChildren().forPath(parent));
            children.sort(null); // slot-<10-digit sequence>: text order is creation order
            for (String child : children) {
                String path = parent + "/" + child;
                Slot slot = Slot.decode(cluster, zk.getData().forPath(path));
                nodes.put(key(cluster, slot.serverId()), path);
                order.add(slot);
            }
        }
        return order;
    }

    /** Adds a new registration at the end of its cluster's order, if {@code fence} (our election node) still exists. */
    void append(Slot slot, String fence) throws Exception {
        String parent = clusterPath(slot.clusterId());
        ensureExists(parent);
        List<CuratorTransactionResult> results = zk.transaction().forOperations(
                check(fence),
                zk.transactionOp().create().withMode(CreateMode.PERSISTENT_SEQUENTIAL)
                        .forPath(parent + "/slot-", slot.encode()));
        nodes.put(key(slot.clusterId(), slot.serverId()), results.get(1).getResultPath());
    }

    /** Rewrites a registration in place (a revival, perhaps at a new address, or a death), if {@code fence} exists. */
    void update(Slot slot, String fence) throws Exception {
        String path = nodes.get(key(slot.clusterId(), slot.serverId()));
        if (path == null) {
            throw new IllegalStateException(slot.name() + " is not in the registration order");
        }
        zk.transaction().forOperations(check(fence), zk.transactionOp().setData().forPath(path, slot.encode()));
    }

    /** The cluster's master as last recorded; 0 when none was. */
    int master(int cluster) throws Exception {
        String path = MASTERS + "/" + cluster;
        if (zk.checkExists().forPath(path) == null) {
            return 0;
        }
        return Integer.parseInt(new String(zk.getData().forPath(path), java.nio.charset.StandardCharsets.UTF_8).trim());
    }

    /** Records the cluster's master (0 for none), if {@code fence} exists. */
    void recordMaster(int cluster, int serverId, String fence) throws Exception {
        String path = MASTERS + "/" + cluster;
        byte[] data = Integer.toString(serverId).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ensureExists(MASTERS);
        if (zk.checkExists().forPath(path) == null) {
            try {
                zk.transaction().forOperations(check(fence), zk.transactionOp().create().forPath(path, data));
                return;
            } catch (KeeperException.NodeExistsException raced) {
                // written a moment ago: set it below
            }
        }
        zk.transaction().forOperations(check(fence), zk.transactionOp().setData().forPath(path, data));
    }

    boolean contains(int clusterId, int serverId) {
        return nodes.containsKey(key(clusterId, serverId));
    }

    private CuratorOp check(String fence) throws Exception {
        if (fence == null) {
            throw new IllegalStateException("this coordinator has no election node");
        }
        return zk.transactionOp().check().forPath(fence);
    }

    private void ensureExists(String path) throws Exception {
        if (zk.checkExists().forPath(path) == null) {
            try {
                zk.create().creatingParentsIfNeeded().forPath(path);
            } catch (KeeperException.NodeExistsException raced) {
                // another coordinator made it a moment ago
            }
        }
    }

    static String clusterPath(int cluster) {
        return ROOT + "/" + cluster;
    }

    private static long key(int clusterId, int serverId) {
        return ((long) clusterId << 32) | (serverId & 0xffffffffL);
    }
}
