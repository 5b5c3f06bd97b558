package tinysns.coordinator.leadership;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Heartbeat;
import tinysns.protocol.proto.ServerInfo;
import tinysns.protocol.proto.ServerType;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcClientOptions;
import tinysns.rpc.RpcConnection;

/**
 * A follower coordinator's heartbeats to the leader, as type FOLLOWER_COORDINATOR in cluster
 * {@link ZooKeeperOptions#FOLLOWER_CLUSTER}, so that the leader's table (and {@code status.sh}) lists every
 * coordinator that could take over. Driven by the caller's tick, on one thread; a missed beat is simply sent at the
 * next tick, to whichever coordinator leads then.
 */
final class FollowerHeartbeats implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("tinysns.coordinator");
    private static final Duration CONNECT_WAIT = Duration.ofSeconds(2);

    private final RpcClient rpc;
    private final Heartbeat heartbeat;
    private RpcConnection connection;
    private String connectedTo = "";
    private String registeredWith = "";

    FollowerHeartbeats(String hostname, int port, int id, Duration requestTimeout) {
        this.rpc = new RpcClient("tinysns-follower", RpcClientOptions.DEFAULT.withoutKeepAlive().withRequestTimeout(requestTimeout));
        this.heartbeat = Heartbeat.newBuilder()
                .setClusterId(ZooKeeperOptions.FOLLOWER_CLUSTER)
                .setServerInfo(ServerInfo.newBuilder().setServerId(id).setHostname(hostname).setPort(port)
                        .setType(ServerType.FOLLOWER_COORDINATOR))
                .build();
    }

    /** Sends one heartbeat to {@code leader} ({@code host:port}); blocks at most the connect wait. */
    void beat(String leader) {
        if (!leader.equals(connectedTo) || connection == null || !connection.isOpen()) {
            drop();
            connection = connect(leader);
            if (connection == null) {
                return;
            }
            connectedTo = leader;
        }
        CompletableFuture<Envelope> reply = connection.call(Envelope.newBuilder().setHeartbeat(heartbeat));
        reply.whenComplete((envelope, failure) -> {
            if (failure == null && envelope.hasConfirmation() || failure == null && envelope.hasHeartbeatReply()) {
                registered(leader);
            }
        });
    }

    /** Leading now, or no leader known: no heartbeats. */
    void pause() {
        drop();
        registeredWith = "";
    }

    private synchronized void registered(String leader) {
        if (!leader.equals(registeredWith)) {
            registeredWith = leader;
            LOG.info("following the leader at {}: registered as a follower coordinator (cluster {} server {})", leader,
                    heartbeat.getClusterId(), heartbeat.getServerInfo().getServerId());
        }
    }

    private RpcConnection connect(String leader) {
        int colon = leader.lastIndexOf(':');
        try {
            return rpc.connect(leader.substring(0, colon), Integer.parseInt(leader.substring(colon + 1)))
                    .get(CONNECT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            return null; // tried again at the next tick; the leader may be going
        }
    }

    private void drop() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
        connectedTo = "";
    }

    @Override
    public void close() {
        drop();
        rpc.close();
    }
}
