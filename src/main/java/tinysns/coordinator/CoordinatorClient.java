package tinysns.coordinator;

import java.util.concurrent.CompletableFuture;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Heartbeat;
import tinysns.protocol.proto.ID;
import tinysns.protocol.proto.ListRegistry;
import tinysns.protocol.proto.RegistryListing;
import tinysns.protocol.proto.ServerInfo;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcConnection;

/**
 * The coordinator's requests, as seen from one connection to it: heartbeat, get-server and list-registry.
 * Each future fails with the RPC layer's typed errors ({@code RemoteErrorException} carries the coordinator's
 * error code and message).
 */
public final class CoordinatorClient implements AutoCloseable {

    private final RpcConnection connection;

    public CoordinatorClient(RpcConnection connection) {
        this.connection = connection;
    }

    /** Connects; the future fails with the connect error when the coordinator cannot be reached. */
    public static CompletableFuture<CoordinatorClient> connect(RpcClient rpc, String host, int port) {
        return rpc.connect(host, port).thenApply(CoordinatorClient::new);
    }

    /** Completes when the coordinator accepted the heartbeat. */
    public CompletableFuture<Void> heartbeat(int clusterId, ServerInfo server) {
        return connection.call(Envelope.newBuilder()
                        .setHeartbeat(Heartbeat.newBuilder().setClusterId(clusterId).setServerInfo(server)))
                .thenApply(reply -> null);
    }

    /** Sends a heartbeat as it is (with a secret, say); completes when the coordinator accepted it. */
    public CompletableFuture<Void> heartbeat(Heartbeat heartbeat) {
        return connection.call(Envelope.newBuilder().setHeartbeat(heartbeat)).thenApply(reply -> null);
    }

    /** The server assigned to client {@code clientId}; fails with NO_SERVER when its cluster has none alive. */
    public CompletableFuture<ServerInfo> getServer(int clientId) {
        return connection.call(Envelope.newBuilder().setGetServer(ID.newBuilder().setId(clientId)))
                .thenApply(Envelope::getServerInfo);
    }

    public CompletableFuture<RegistryListing> listRegistry() {
        return connection.call(Envelope.newBuilder().setListRegistry(ListRegistry.getDefaultInstance()))
                .thenApply(Envelope::getRegistryListing);
    }

    @Override
    public void close() {
        connection.close();
    }
}
