package tinysns.coordinator;

import io.netty.util.HashedWheelTimer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import tinysns.coordination.CoordinatorClient;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcClientOptions;
import tinysns.testing.ManualClock;
import tinysns.testing.ManualTimer;

/**
 * A real coordinator on 127.0.0.1 for one test, on a clock and lease timer the test moves, with a client connected to
 * it through real sockets. Close it in an {@code @AfterEach}.
 */
final class LocalCoordinator implements AutoCloseable {

    final ManualClock clock = new ManualClock();
    final ManualTimer leaseTimer = new ManualTimer(clock, Duration.ofMillis(10));
    private final HashedWheelTimer rpcTimer = new HashedWheelTimer(10, TimeUnit.MILLISECONDS);
    private final RpcClient rpc = new RpcClient(rpcTimer, RpcClientOptions.DEFAULT.withoutKeepAlive());
    private Coordinator coordinator;
    private CoordinatorClient client;

    /** The defaults, on 127.0.0.1 and a free port. */
    static CoordinatorSettings localSettings() {
        return CoordinatorSettings.defaults().withBindHost("127.0.0.1").withPort(0);
    }

    /** Starts the coordinator on this clock and lease timer and connects the client to it. */
    LocalCoordinator start(CoordinatorSettings settings, RegistryListener listener) throws Exception {
        coordinator = Coordinator.start(settings, leaseTimer, clock, listener);
        client = connect(coordinator);
        return this;
    }

    Coordinator coordinator() {
        return coordinator;
    }

    CoordinatorClient client() {
        return client;
    }

    /** Another client, to this or another coordinator of the test (closed by the test). */
    CoordinatorClient connect(Coordinator target) throws Exception {
        return CoordinatorClient.connect(rpc, "127.0.0.1", target.port()).get(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        rpc.close();
        if (coordinator != null) {
            coordinator.close();
        }
        rpcTimer.stop();
    }
}
