package tinysns.coordination;

import java.util.concurrent.CompletableFuture;
import tinysns.protocol.proto.Heartbeat;
import tinysns.protocol.proto.HeartbeatReply;

/** What a {@link HeartbeatSender} needs of one connection to the coordinator; {@link CoordinatorClient} is the real one. */
public interface HeartbeatLink extends AutoCloseable {

    CompletableFuture<HeartbeatReply> heartbeat(Heartbeat heartbeat);

    CompletableFuture<Void> goodbye(Heartbeat heartbeat);

    /** Completes when the connection closes, from either side. */
    CompletableFuture<Void> closeFuture();

    @Override
    void close();

    /** Opens links to one coordinator. */
    interface Connector {

        /** Fails with the connect error when the coordinator cannot be reached. */
        CompletableFuture<? extends HeartbeatLink> connect();

        /** {@code host:port}, for log lines. */
        String address();
    }
}
