package tinysns.rpc;

import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.ErrorReply;

/** The peer answered with an error reply; its code and message are kept as sent. */
public final class RemoteErrorException extends RpcException {

    private final ErrorCode code;
    private final String remoteMessage;

    public RemoteErrorException(ErrorReply error) {
        super(error.getCode() + ": " + error.getMessage(), null);
        this.code = error.getCode();
        this.remoteMessage = error.getMessage();
    }

    public ErrorCode code() {
        return code;
    }

    /** The peer's own words, without the code. */
    public String remoteMessage() {
        return remoteMessage;
    }
}
