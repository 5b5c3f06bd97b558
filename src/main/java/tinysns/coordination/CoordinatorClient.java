package tinysns.coordination;

import java.util.concurrent.CompletableFuture;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Heartbeat;
import tinysns.protocol.proto.HeartbeatReply;
import tinysns.protocol.proto.ID;
import tinysns.protocol.proto.ListRegistry;
import tinysns.protocol.proto.RegistryListing;
import tinysns.protocol.proto.ServerInfo;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcConnection;

/**
 * Every request any role sends the coordinator, over one connection to it: heartbeat (and goodbye), get-server and
 * list-registry. Each future fails with the RPC layer's typed errors ({@code RemoteErrorException} carries the
 * coordinator's error code and message), or with {@link NotLeaderException} from a coordinator that does not lead.
 */
public final class CoordinatorClient implements HeartbeatLink {

    private final RpcConnection connection;
    private final Coordinators leaderHints; // null: nobody to tell
    private final String address;

    public CoordinatorClient(RpcConnection connection) {
        this(connection, null, String.valueOf(connection.remoteAddress()));
    }

    private CoordinatorClient(RpcConnection connection, Coordinators leaderHints, String address) {
        this.connection = connection;
        this.leaderHints = leaderHints;
        this.address = address;
    }

    /** The same connection, telling {@code coordinators} whenever {@code address} answers that it does not lead. */
    CoordinatorClient following(Coordinators coordinators, String coordinatorAddress) {
        return new CoordinatorClient(connection, coordinators, coordinatorAddress);
    }

    /** Connects; the future fails with the connect error when the coordinator cannot be reached. */
    public static CompletableFuture<CoordinatorClient> connect(RpcClient rpc, String host, int port) {
        return rpc.connect(host, port).thenApply(CoordinatorClient::new);
    }

    /** Connects to {@code host:port} whenever a heartbeat sender asks. */
    public static HeartbeatLink.Connector connector(RpcClient rpc, String host, int port) {
        return new HeartbeatLink.Connector() {
            @Override
            public CompletableFuture<CoordinatorClient> connect() {
                return CoordinatorClient.connect(rpc, host, port);
            }

            @Override
            public String address() {
                return host + ":" + port;
            }
        };
    }

    /** Registers or renews {@code server} in {@code clusterId}; see {@link #heartbeat(Heartbeat)}. */
    public CompletableFuture<HeartbeatReply> heartbeat(int clusterId, ServerInfo server) {
        return heartbeat(Heartbeat.newBuilder().setClusterId(clusterId).setServerInfo(server).build());
    }

    /**
     * Sends a heartbeat as it is (with a secret, say). Completes with the coordinator's reply (its lease, and for a
     * SERVER its role in the cluster); a coordinator that answers with a bare confirmation gives the empty reply
     * (lease 0: not told).
     */
    @Override
    public CompletableFuture<HeartbeatReply> heartbeat(Heartbeat heartbeat) {
        return call(Envelope.newBuilder().setHeartbeat(heartbeat)).thenApply(Envelope::getHeartbeatReply);
    }

    /** Tells the coordinator this sender is stopping cleanly: {@code heartbeat} marked leaving. */
    @Override
    public CompletableFuture<Void> goodbye(Heartbeat heartbeat) {
        return call(Envelope.newBuilder().setHeartbeat(heartbeat.toBuilder().setLeaving(true)))
                .thenApply(reply -> null);
    }

    /** The server assigned to client {@code clientId}; fails with NO_SERVER when its cluster has none alive. */
    public CompletableFuture<ServerInfo> getServer(int clientId) {
        return call(Envelope.newBuilder().setGetServer(ID.newBuilder().setId(clientId)))
                .thenApply(Envelope::getServerInfo);
    }

    public CompletableFuture<RegistryListing> listRegistry() {
        return call(Envelope.newBuilder().setListRegistry(ListRegistry.getDefaultInstance()))
                .thenApply(Envelope::getRegistryListing);
    }

    /** A coordinator that does not lead answers NotLeader to anything: that fails the call with NotLeaderException. */
    private CompletableFuture<Envelope> call(Envelope.Builder request) {
        return connection.call(request).thenApply(reply -> {
            if (reply.hasNotLeader()) {
                NotLeaderException notLeader = new NotLeaderException(address, reply.getNotLeader().getLeader());
                if (leaderHints != null) {
                    leaderHints.notLeader(notLeader);
                }
                throw notLeader;
            }
            return reply;
        });
    }

    /** Completes when the connection closes, from either side. */
    @Override
    public CompletableFuture<Void> closeFuture() {
        return connection.closeFuture();
    }

    @Override
    public void close() {
        connection.close();
    }
}
