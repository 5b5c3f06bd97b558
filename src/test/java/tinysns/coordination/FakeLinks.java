package tinysns.coordination;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.ErrorReply;
import tinysns.protocol.proto.Heartbeat;
import tinysns.protocol.proto.HeartbeatReply;
import tinysns.rpc.RemoteErrorException;

/**
 * A coordinator in memory, for heartbeat senders on a manual timer: it can be up or down, answers every heartbeat at
 * once (with the reply or the refusal it was told), records what it was sent, and closes its links when it stops.
 */
final class FakeLinks implements HeartbeatLink.Connector {

    /** Where the fake coordinator "is", for the errors that name an address. */
    private static final InetSocketAddress FAKE_ADDRESS = InetSocketAddress.createUnresolved("fake-coordinator", 9090);

    final List<Heartbeat> heartbeats = new CopyOnWriteArrayList<>();
    private final List<Link> open = new CopyOnWriteArrayList<>();
    private volatile boolean up = true;
    private volatile HeartbeatReply reply = HeartbeatReply.newBuilder().setLeaseMillis(10_000).build();
    private volatile ErrorCode rejectWith;

    @Override
    public CompletableFuture<HeartbeatLink> connect() {
        if (!up) {
            return CompletableFuture.failedFuture(new ConnectException("Connection refused"));
        }
        Link link = new Link();
        open.add(link);
        return CompletableFuture.completedFuture(link);
    }

    @Override
    public String address() {
        return "fake-coordinator:9090";
    }

    int heartbeatCount() {
        return heartbeats.size();
    }

    /** The coordinator goes away: every link closes, connecting fails. */
    void stop() {
        up = false;
        open.forEach(Link::close);
    }

    void restart() {
        up = true;
    }

    void answer(HeartbeatReply next) {
        reply = next;
    }

    void rejectWith(ErrorCode code) {
        rejectWith = code;
    }

    private final class Link implements HeartbeatLink {
        private final CompletableFuture<Void> closed = new CompletableFuture<>();

        @Override
        public CompletableFuture<HeartbeatReply> heartbeat(Heartbeat heartbeat) {
            if (closed.isDone()) {
                return CompletableFuture.failedFuture(new IllegalStateException("closed"));
            }
            heartbeats.add(heartbeat);
            ErrorCode code = rejectWith;
            if (code != null) {
                return CompletableFuture.failedFuture(new RemoteErrorException(FAKE_ADDRESS, heartbeats.size(),
                        ErrorReply.newBuilder().setCode(code).setMessage("the fake coordinator says " + code).build()));
            }
            return CompletableFuture.completedFuture(reply);
        }

        @Override
        public CompletableFuture<Void> goodbye(Heartbeat heartbeat) {
            if (closed.isDone()) {
                return CompletableFuture.failedFuture(new IllegalStateException("closed"));
            }
            heartbeats.add(heartbeat.toBuilder().setLeaving(true).build());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> closeFuture() {
            return closed;
        }

        @Override
        public void close() {
            open.remove(this);
            closed.complete(null);
        }
    }
}
