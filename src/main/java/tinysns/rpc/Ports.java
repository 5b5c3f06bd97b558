package tinysns.rpc;

/**
 * The one rule for port numbers, and its one message: a port to connect to is 1-65535; a port to listen on may also
 * be 0, which picks a free one. Command-line converters, configuration records and the coordinator's checks of a
 * heartbeat's port all use it.
 */
public final class Ports {

    public static final int MAX = 65535;

    private Ports() {
    }

    public static boolean isPort(int port) {
        return port >= 1 && port <= MAX;
    }

    public static boolean isListenPort(int port) {
        return port >= 0 && port <= MAX;
    }

    /** {@code '70000' is not a port 1-65535}. */
    public static String notAPort(Object value) {
        return "'" + value + "' is not a port 1-" + MAX;
    }

    /** {@code '70000' is not a port 0-65535}. */
    public static String notAListenPort(Object value) {
        return "'" + value + "' is not a port 0-" + MAX;
    }

    /** @throws IllegalArgumentException {@code <what>: '70000' is not a port 1-65535} */
    public static int requirePort(int port, String what) {
        if (!isPort(port)) {
            throw new IllegalArgumentException(what + ": " + notAPort(port));
        }
        return port;
    }

    /** @throws IllegalArgumentException {@code <what>: '70000' is not a port 0-65535} */
    public static int requireListenPort(int port, String what) {
        if (!isListenPort(port)) {
            throw new IllegalArgumentException(what + ": " + notAListenPort(port));
        }
        return port;
    }
}
