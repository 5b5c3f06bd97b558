package tinysns.sync;

import com.google.protobuf.ByteString;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import tinysns.protocol.proto.Change;
import tinysns.protocol.proto.ClusterPosition;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.SyncApply;
import tinysns.protocol.proto.SyncSubscribe;
import tinysns.rpc.RpcConnection;

/** The synchronizer's requests to the server beside it, over one framed connection (Envelope bodies 50-54). */
final class ServerLink implements AutoCloseable {

    private final RpcConnection connection;
    private final String address;
    private final ByteString secret;

    /** @param secret the registration secret, carried by every request (empty for none) */
    ServerLink(RpcConnection connection, String address, ByteString secret) {
        this.connection = connection;
        this.address = address;
        this.secret = secret;
    }

    String address() {
        return address;
    }

    /**
     * Streams the server's own changes from number {@code fromSeq} on, in order, to {@code onChanges} (on an I/O
     * thread). Completes with the number of the server's newest change when the stream opened.
     */
    CompletableFuture<Long> subscribe(long fromSeq, Consumer<List<Change>> onChanges) {
        return connection.openStream(Envelope.newBuilder().setSyncSubscribe(SyncSubscribe.newBuilder().setFromSeq(fromSeq).setSecret(secret)),
                        push -> onChanges.accept(push.getSyncChanges().getChangesList()))
                .thenApply(reply -> reply.getSyncSubscribed().getLastSeq());
    }

    /** Applies other clusters' changes; completes once they are on the server's disk, with what it holds per origin. */
    CompletableFuture<Map<Integer, Long>> apply(List<Change> changes) {
        return connection.call(Envelope.newBuilder().setSyncApply(SyncApply.newBuilder().addAllChanges(changes).setSecret(secret)))
                .thenApply(reply -> {
                    Map<Integer, Long> positions = new HashMap<>();
                    for (ClusterPosition position : reply.getSyncApplied().getAppliedList()) {
                        positions.put(position.getClusterId(), position.getSeq());
                    }
                    return positions;
                });
    }

    CompletableFuture<Void> closeFuture() {
        return connection.closeFuture();
    }

    @Override
    public void close() {
        connection.close();
    }
}
