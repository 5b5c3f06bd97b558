package tinysns.rpc;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.Timer;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.protocol.RateLimitedLog;
import tinysns.protocol.proto.Envelope;

/**
 * The client end of one connection: assigns message IDs, keeps the requests that wait for replies, and routes
 * each reply to its request (replies may come in any order) and each push to its stream.
 * Made by {@link RpcClient#connect}.
 */
public final class RpcConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RpcConnection.class);
    private static final RateLimitedLog REFUSALS = new RateLimitedLog(LOG, 1);

    private final Channel channel;
    private final Timer timer;
    private final long requestTimeoutMillis;
    private final SocketAddress remote;
    private final AtomicLong lastMessageId = new AtomicLong();
    private final Map<Long, PendingCall> pending = new ConcurrentHashMap<>();
    private final Map<Long, Consumer<Envelope>> streams = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    /** What the peer said when it refused the whole connection (an error with message ID 0), if it did. */
    private volatile String peerRefusal;

    RpcConnection(Channel channel, Timer timer, long requestTimeoutMillis) {
        this.channel = channel;
        this.timer = timer;
        this.requestTimeoutMillis = requestTimeoutMillis;
        this.remote = channel.remoteAddress();
        channel.closeFuture().addListener(f -> onClosed());
    }

    /**
     * Sends a request and returns its reply. The future fails with {@link RemoteErrorException} when the peer
     * answers with an error, {@link RpcTimeoutException} after the request timeout, {@link ConnectionClosedException}
     * when the connection closes first, and {@link SendFailedException} when the request cannot be written.
     *
     * @param request a builder with its body set; its message ID is assigned here
     */
    public CompletableFuture<Envelope> call(Envelope.Builder request) {
        return send(request, lastMessageId.incrementAndGet());
    }

    /**
     * Sends a request that opens a stream: the first message back with its ID is the reply; every later one is
     * handed to {@code onPush} on the connection's I/O thread, until the connection closes.
     */
    public CompletableFuture<Envelope> openStream(Envelope.Builder request, Consumer<Envelope> onPush) {
        long id = lastMessageId.incrementAndGet();
        // Registered before sending, so no push can arrive unrouted.
        streams.put(id, onPush);
        CompletableFuture<Envelope> reply = send(request, id);
        reply.whenComplete((r, failure) -> {
            if (failure != null) {
                streams.remove(id);
            }
        });
        return reply;
    }

    private CompletableFuture<Envelope> send(Envelope.Builder request, long id) {
        PendingCall call = new PendingCall(this, id);
        pending.put(id, call);
        if (!channel.isActive()) {
            // The close may have swept the map before this call was added; fail it now, not at its timeout.
            failPending(id, call, closedFailure(id));
            return call;
        }
        try {
            call.armTimeout(timer.newTimeout(call, requestTimeoutMillis, TimeUnit.MILLISECONDS));
        } catch (IllegalStateException | RejectedExecutionException e) { // the timer was stopped
            failPending(id, call, new SendFailedException(remote, id, e));
            return call;
        }
        if (call.isDone()) {
            call.cancelTimeout(); // the close swept it while its timeout was being set
            return call;
        }
        channel.writeAndFlush(request.setMessageId(id).build()).addListener(call);
        return call;
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    public SocketAddress remoteAddress() {
        return remote;
    }

    /** Completes once the connection has closed, for whatever reason. */
    public CompletableFuture<Void> closeFuture() {
        return closed;
    }

    public int pendingCount() {
        return pending.size();
    }

    long requestTimeoutMillis() {
        return requestTimeoutMillis;
    }

    @Override
    public void close() {
        channel.close();
    }

    /** The failure of a request that the connection's close cut short, with the peer's reason when it gave one. */
    ConnectionClosedException closedFailure(long id) {
        String refusal = peerRefusal;
        return refusal == null ? new ConnectionClosedException(remote, id) : new ConnectionClosedException(remote, id, refusal);
    }

    void failPending(long id, PendingCall call, RpcException failure) {
        if (pending.remove(id, call)) {
            call.cancelTimeout();
            call.completeExceptionally(failure);
        }
    }

    private void onReply(Envelope reply) {
        long id = reply.getMessageId();
        PendingCall call = pending.remove(id);
        if (call != null) {
            call.cancelTimeout();
            if (reply.getBodyCase() == Envelope.BodyCase.ERROR) {
                call.completeExceptionally(new RemoteErrorException(remote, id, reply.getError()));
            } else {
                call.complete(reply);
            }
            return;
        }
        Consumer<Envelope> stream = streams.get(id);
        if (stream != null) {
            stream.accept(reply);
        } else if (id == 0 && reply.getBodyCase() == Envelope.BodyCase.ERROR) {
            peerRefusal = reply.getError().getCode() + ": " + reply.getError().getMessage();
            REFUSALS.warn("{} refused the connection: {}", remote, peerRefusal);
        } else if (id != 0) {
            LOG.debug("dropping a reply from {} for request {}, which is no longer waiting", remote, id);
        }
    }

    private void onClosed() {
        for (PendingCall call : pending.values()) {
            failPending(call.messageId, call, closedFailure(call.messageId));
        }
        streams.clear();
        closed.complete(null);
    }

    /** The pipeline's last application handler: hands every inbound envelope to its connection. */
    static final class ReplyRouter extends SimpleChannelInboundHandler<Envelope> {
        private RpcConnection connection;

        void attach(RpcConnection connection) {
            this.connection = connection;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Envelope msg) {
            connection.onReply(msg);
        }
    }
}
