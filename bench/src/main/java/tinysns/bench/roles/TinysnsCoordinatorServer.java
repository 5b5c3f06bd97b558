package tinysns.bench.roles;

import java.io.IOException;
import java.io.UncheckedIOException;
import tinysns.coordinator.Coordinator;
import tinysns.coordinator.CoordinatorSettings;

/** The product's coordinator, with its default settings, on loopback, port 0. */
public final class TinysnsCoordinatorServer implements RunningServer {

    private final Coordinator coordinator;

    private TinysnsCoordinatorServer(Coordinator coordinator) {
        this.coordinator = coordinator;
    }

    public static TinysnsCoordinatorServer start() {
        try {
            return new TinysnsCoordinatorServer(Coordinator.start(CoordinatorSettings.defaults()
                    .withBindHost("127.0.0.1").withPort(0)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the coordinator", e);
        }
    }

    @Override
    public int port() {
        return coordinator.port();
    }

    @Override
    public void close() {
        coordinator.close();
    }
}
