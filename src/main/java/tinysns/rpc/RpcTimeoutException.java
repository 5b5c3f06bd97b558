package tinysns.rpc;

import java.net.SocketAddress;

/** No reply arrived within the request's timeout. */
public final class RpcTimeoutException extends RpcException {

    public RpcTimeoutException(SocketAddress remote, long messageId, long timeoutMillis) {
        super("request " + messageId + " to " + remote + " got no reply within " + timeoutMillis + " ms", null);
    }
}
