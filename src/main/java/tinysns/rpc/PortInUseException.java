package tinysns.rpc;

import java.io.IOException;

/** The listening port is taken by another process. */
public final class PortInUseException extends IOException {

    public PortInUseException(String host, int port, Throwable cause) {
        super("port " + port + " on " + host + " is already in use", cause);
    }
}
