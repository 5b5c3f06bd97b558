package tinysns.rpc;

import java.net.SocketAddress;

/** The connection closed before the reply arrived (or before the request could be sent). */
public final class ConnectionClosedException extends RpcException {

    public ConnectionClosedException(SocketAddress remote, long messageId) {
        super("connection to " + remote + " closed before request " + messageId + " was answered", null);
    }

    /** @param peerReason why the peer refused the connection, as it said (for example "OVERLOADED: ...") */
    public ConnectionClosedException(SocketAddress remote, long messageId, String peerReason) {
        super("connection to " + remote + " closed before request " + messageId + " was answered (the peer said "
                + peerReason + ")", null);
    }
}
