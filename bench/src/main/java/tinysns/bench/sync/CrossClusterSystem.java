package tinysns.bench.sync;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tinysns.auth.SharedSecret;
import tinysns.coordination.Coordinators;
import tinysns.bench.harness.FreePort;
import tinysns.coordinator.Coordinator;
import tinysns.coordinator.CoordinatorSettings;
import tinysns.server.ServerConfig;
import tinysns.server.TsdServer;
import tinysns.sync.Synchronizer;
import tinysns.sync.SynchronizerConfig;

/**
 * Two clusters joined by synchronizers, in this JVM, against a broker started by bench.sh: a coordinator, the
 * servers of clusters 1 and 2 and their synchronizers, all on 127.0.0.1. Stopped by {@link #close()}.
 */
final class CrossClusterSystem implements AutoCloseable {

    private static final Duration HEARTBEAT = Duration.ofMillis(500);

    private final Coordinator coordinator;
    private final List<TsdServer> servers = new ArrayList<>();
    private final List<Synchronizer> synchronizers = new ArrayList<>();

    CrossClusterSystem(Path dataDir, URI broker) throws IOException {
        coordinator = Coordinator.start(CoordinatorSettings.defaults().withBindHost("127.0.0.1").withPort(0));
        try {
            for (int cluster = 1; cluster <= 2; cluster++) {
                servers.add(TsdServer.start(new ServerConfig(cluster, 1, "127.0.0.1", coordinator.port(),
                        FreePort.next(), "127.0.0.1", "127.0.0.1", HEARTBEAT, dataDir.resolve("server_" + cluster + "_1")), () -> { }));
            }
            for (int id = 1; id <= 2; id++) {
                synchronizers.add(Synchronizer.start(new SynchronizerConfig(id, Coordinators.of("127.0.0.1", coordinator.port()), 0,
                        "127.0.0.1", "127.0.0.1", broker, HEARTBEAT, SharedSecret.NONE), () -> { }));
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The client port of cluster {@code cluster}'s server. */
    int serverPort(int cluster) {
        return servers.get(cluster - 1).sns().port();
    }

    @Override
    public void close() {
        synchronizers.forEach(Synchronizer::close);
        servers.forEach(TsdServer::close);
        coordinator.close();
    }
}
