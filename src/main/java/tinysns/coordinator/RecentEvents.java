package tinysns.coordinator;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Keeps the last few registry events (registered, died, came back, rejected), oldest first, for the dashboard. */
public final class RecentEvents implements RegistryListener {

    private final int capacity;
    private final Clock wallClock;
    private final Deque<RegistryEvent> events = new ArrayDeque<>();

    public RecentEvents(int capacity, Clock wallClock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.wallClock = wallClock;
    }

    @Override
    public void registered(RegisteredServer server) {
        add(RegistryEvent.Kind.REGISTERED, server, server.endpoint().type().name());
    }

    @Override
    public void declaredDead(RegisteredServer server, long nanosSinceHeartbeat) {
        add(RegistryEvent.Kind.DIED, server, "no heartbeat for " + RegistryLog.seconds(nanosSinceHeartbeat));
    }

    @Override
    public void cameBack(RegisteredServer server, Endpoint previous) {
        add(RegistryEvent.Kind.CAME_BACK, server, previous == null ? "" : "moved from " + previous.address());
    }

    @Override
    public void left(RegisteredServer server) {
        add(RegistryEvent.Kind.LEFT, server, "said goodbye as master; the next server takes over");
    }

    @Override
    public void heartbeatHandled(int clusterId, int serverId, String host, int port, HeartbeatOutcome outcome,
                                 long handlingNanos) {
        if (!outcome.accepted()) {
            add(new RegistryEvent(wallClock.instant(), RegistryEvent.Kind.REJECTED, clusterId, serverId,
                    host + ":" + port, outcome.reason()));
        }
    }

    public synchronized List<RegistryEvent> snapshot() {
        return new ArrayList<>(events);
    }

    private void add(RegistryEvent.Kind kind, RegisteredServer server, String detail) {
        add(new RegistryEvent(wallClock.instant(), kind, server.clusterId(), server.serverId(),
                server.endpoint().address(), detail));
    }

    private synchronized void add(RegistryEvent event) {
        if (events.size() == capacity) {
            events.removeFirst();
        }
        events.addLast(event);
    }
}
