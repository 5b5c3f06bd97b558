package tinysns.coordinator;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers every registry change, for tests to assert on. */
final class RecordingListener implements RegistryListener {

    record Death(RegisteredServer server, long nanosSinceHeartbeat) {
    }

    record Return(RegisteredServer server, Endpoint previous) {
    }

    final List<RegisteredServer> registered = new CopyOnWriteArrayList<>();
    final List<Death> deaths = new CopyOnWriteArrayList<>();
    final List<Return> returns = new CopyOnWriteArrayList<>();

    @Override
    public void registered(RegisteredServer server) {
        registered.add(server);
    }

    @Override
    public void declaredDead(RegisteredServer server, long nanosSinceHeartbeat) {
        deaths.add(new Death(server, nanosSinceHeartbeat));
    }

    @Override
    public void cameBack(RegisteredServer server, Endpoint previous) {
        returns.add(new Return(server, previous));
    }
}
