package tinysns.rpc;

import java.net.SocketAddress;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.ErrorReply;

/** The peer answered the request with an error reply; its code and message are kept as sent. */
public final class RemoteErrorException extends RpcException {

    private final ErrorCode code;
    private final String remoteMessage;

    public RemoteErrorException(SocketAddress remote, long messageId, ErrorReply error) {
        super("request " + messageId + " to " + remote + " was refused: " + error.getCode() + ": " + error.getMessage(),
                null);
        this.code = error.getCode();
        this.remoteMessage = error.getMessage();
    }

    public ErrorCode code() {
        return code;
    }

    /** The peer's own words, without the code, the address or the request ID (for lines a user reads). */
    public String remoteMessage() {
        return remoteMessage;
    }
}
