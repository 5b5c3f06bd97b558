package tinysns.rpc;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.Timeout;
import io.netty.util.TimerTask;
import java.util.concurrent.CompletableFuture;
import tinysns.protocol.proto.Envelope;

/**
 * One request waiting for its reply. It is its own future, its own timeout task and its own write listener, so a
 * call is one object (besides the timer's entry). Whoever removes it from the connection's pending map completes
 * it, exactly once.
 */
final class PendingCall extends CompletableFuture<Envelope> implements TimerTask, ChannelFutureListener {

    private final RpcConnection connection;
    final long messageId;
    private volatile Timeout timeout;

    PendingCall(RpcConnection connection, long messageId) {
        this.connection = connection;
        this.messageId = messageId;
    }

    void armTimeout(Timeout timeout) {
        this.timeout = timeout;
    }

    void cancelTimeout() {
        Timeout t = timeout;
        if (t != null) {
            t.cancel();
        }
    }

    /** The timer fired: no reply in time. */
    @Override
    public void run(Timeout t) {
        connection.failPending(messageId, this, new RpcTimeoutException(
                connection.remoteAddress(), messageId, connection.requestTimeoutMillis()));
    }

    /** The write finished; only a failed write matters here. */
    @Override
    public void operationComplete(ChannelFuture future) {
        if (!future.isSuccess()) {
            RpcException failure = future.channel().isActive()
                    ? new SendFailedException(connection.remoteAddress(), messageId, future.cause())
                    : connection.closedFailure(messageId);
            connection.failPending(messageId, this, failure);
        }
    }
}
