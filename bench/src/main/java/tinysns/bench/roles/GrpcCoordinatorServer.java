package tinysns.bench.roles;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.netty.util.HashedWheelTimer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import tinysns.coordinator.CoordinatorSettings;
import tinysns.coordinator.LeaseTimers;
import tinysns.coordinator.RegistrationTable;
import tinysns.coordinator.RegistryListener;

/**
 * The gRPC-java baseline server: {@link GrpcCoordinatorService} on grpc-netty-shaded, on loopback, port 0.
 * Defaults: what most users run (calls handed to gRPC's cached thread pool). Tuned: {@code directExecutor()},
 * calls served on the event loop, what an expert would run.
 */
public final class GrpcCoordinatorServer implements RunningServer {

    private final Server server;
    private final HashedWheelTimer leaseTimer;

    private GrpcCoordinatorServer(Server server, HashedWheelTimer leaseTimer) {
        this.server = server;
        this.leaseTimer = leaseTimer;
    }

    public static GrpcCoordinatorServer start(boolean directExecutor) {
        // The table, its lease and its timer are made exactly as the product's Coordinator makes them.
        CoordinatorSettings settings = CoordinatorSettings.defaults();
        HashedWheelTimer leaseTimer = LeaseTimers.create(settings.lease(), settings.tick());
        RegistrationTable table = new RegistrationTable(settings.clusters(), settings.lease(), leaseTimer,
                System::nanoTime, RegistryListener.NONE);
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .withChildOption(ChannelOption.TCP_NODELAY, true)
                .addService(new GrpcCoordinatorService(table));
        if (directExecutor) {
            builder.directExecutor();
        }
        try {
            return new GrpcCoordinatorServer(builder.build().start(), leaseTimer);
        } catch (IOException e) {
            leaseTimer.stop();
            throw new UncheckedIOException("cannot start the gRPC server", e);
        }
    }

    @Override
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        leaseTimer.stop();
    }
}
