package tinysns.rpc;

import java.io.IOException;
import java.net.BindException;

/** The listening port is taken by another process. */
public final class PortInUseException extends IOException {

    public PortInUseException(String host, int port, Throwable cause) {
        super("port " + port + " on " + host + " is already in use", cause);
    }

    /** Whether a failed bind failed for a taken port: NIO says so with a BindException, epoll with a native IOException. */
    public static boolean isAddressInUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }
}
