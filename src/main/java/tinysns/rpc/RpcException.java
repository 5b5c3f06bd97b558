package tinysns.rpc;

/** Why a request got no successful reply. Every subclass says which address and which request. */
public abstract sealed class RpcException extends RuntimeException
        permits RpcTimeoutException, ConnectionClosedException, RemoteErrorException, SendFailedException {

    protected RpcException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
