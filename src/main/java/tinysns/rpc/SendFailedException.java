package tinysns.rpc;

import java.net.SocketAddress;

/** The request could not be written (for example it is over the frame limit). */
public final class SendFailedException extends RpcException {

    public SendFailedException(SocketAddress remote, long messageId, Throwable cause) {
        super("request " + messageId + " to " + remote + " could not be sent: " + cause.getMessage(), cause);
    }
}
