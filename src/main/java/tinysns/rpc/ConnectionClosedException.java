package tinysns.rpc;

import java.net.SocketAddress;

/** The connection closed before the reply arrived (or before the request could be sent). */
public final class ConnectionClosedException extends RpcException {

    public ConnectionClosedException(SocketAddress remote, long messageId) {
        super("connection to " + remote + " closed before request " + messageId + " was answered", null);
    }
}
