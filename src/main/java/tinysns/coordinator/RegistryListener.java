package tinysns.coordinator;

/**
 * Told about every change of a server's state (not about plain renewals). Called on the thread that made the
 * change, an I/O thread or the expiry timer's, after the table's locks are released: keep it quick.
 */
public interface RegistryListener {

    RegistryListener NONE = new RegistryListener() {
    };

    default void registered(RegisteredServer server) {
    }

    /** @param nanosSinceHeartbeat how long the server had been silent when it was declared dead (at least the lease) */
    default void declaredDead(RegisteredServer server, long nanosSinceHeartbeat) {
    }

    /** @param previous where the slot was before, when the server came back at another address or role; else null */
    default void cameBack(RegisteredServer server, Endpoint previous) {
    }

    /** A live server said it is stopping cleanly; it stays alive until its lease runs out, as any other. */
    default void leaving(RegisteredServer server) {
    }

    /** A master said goodbye and a slave takes over: its registration ended at once (it is dead now). */
    default void left(RegisteredServer server) {
    }

    /**
     * Every heartbeat, accepted or not, after the table has handled it: for metrics and the event list.
     *
     * @param handlingNanos how long the table took over it
     */
    default void heartbeatHandled(int clusterId, int serverId, String host, int port, HeartbeatOutcome outcome,
                                  long handlingNanos) {
    }

    /** A listener that tells {@code first}, then {@code second}. */
    static RegistryListener both(RegistryListener first, RegistryListener second) {
        return new RegistryListener() {
            @Override
            public void registered(RegisteredServer server) {
                first.registered(server);
                second.registered(server);
            }

            @Override
            public void declaredDead(RegisteredServer server, long nanosSinceHeartbeat) {
                first.declaredDead(server, nanosSinceHeartbeat);
                second.declaredDead(server, nanosSinceHeartbeat);
            }

            @Override
            public void cameBack(RegisteredServer server, Endpoint previous) {
                first.cameBack(server, previous);
                second.cameBack(server, previous);
            }

            @Override
            public void leaving(RegisteredServer server) {
                first.leaving(server);
                second.leaving(server);
            }

            @Override
            public void left(RegisteredServer server) {
                first.left(server);
                second.left(server);
            }

            @Override
            public void heartbeatHandled(int clusterId, int serverId, String host, int port, HeartbeatOutcome outcome,
                                         long handlingNanos) {
                first.heartbeatHandled(clusterId, serverId, host, port, outcome, handlingNanos);
                second.heartbeatHandled(clusterId, serverId, host, port, outcome, handlingNanos);
            }
        };
    }
}
