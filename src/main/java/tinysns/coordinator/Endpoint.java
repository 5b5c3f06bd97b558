package tinysns.coordinator;

import tinysns.protocol.proto.ServerType;

/**
 * Which server a registration is, where clients reach it, and what it is. Immutable, so an assignment never reads
 * the host of one address and the port of another while a dead slot is being taken over.
 */
public record Endpoint(int serverId, String host, int port, ServerType type) {

    boolean hasAddress(String otherHost, int otherPort) {
        return port == otherPort && host.equals(otherHost);
    }

    /** {@code host:port}, as users type and read it. */
    public String address() {
        return host + ":" + port;
    }
}
