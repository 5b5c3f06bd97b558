package tinysns.coordinator;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.rpc.PortInUseException;
import tinysns.rpc.RpcServer;

/**
 * A running coordinator: the registration table served over the tinysns protocol. Tests and benchmarks start it
 * in-process (port 0 picks a free port); {@code scripts/coordinator.sh} starts it from the command line.
 */
public final class Coordinator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("tinysns.coordinator");
    private static final int LOG_LINES_PER_SECOND = 50;

    private final RpcServer server;
    private final RegistrationTable table;
    private final Timer ownedTimer;

    private Coordinator(RpcServer server, RegistrationTable table, Timer ownedTimer) {
        this.server = server;
        this.table = table;
        this.ownedTimer = ownedTimer;
    }

    /**
     * Starts a coordinator on the system clock, with a lease timer of its own (stopped by {@link #close()}).
     * Blocks until it listens.
     *
     * @throws PortInUseException when the port is taken
     */
    public static Coordinator start(CoordinatorSettings settings) throws IOException {
        return start(settings, RegistryListener.NONE);
    }

    /** As {@link #start(CoordinatorSettings)}, telling {@code listener} about every change and heartbeat. */
    public static Coordinator start(CoordinatorSettings settings, RegistryListener listener) throws IOException {
        return start(settings, listener, Leadership.STANDALONE);
    }

    /**
     * As {@link #start(CoordinatorSettings, RegistryListener)}, serving and changing its table only while
     * {@code leadership} says it leads, and writing registrations through its writer first.
     */
    public static Coordinator start(CoordinatorSettings settings, RegistryListener listener, Leadership leadership)
            throws IOException {
        HashedWheelTimer timer = LeaseTimers.create(settings.lease(), settings.tick());
        try {
            return start(settings, timer, System::nanoTime, listener, timer, leadership);
        } catch (IOException | RuntimeException e) {
            timer.stop();
            throw e;
        }
    }

    /**
     * Starts a coordinator on the given timer and clock, which the caller owns (tests drive them by hand).
     *
     * @param listener told about every registration, death and revival, besides the log
     */
    public static Coordinator start(CoordinatorSettings settings, Timer timer, LongSupplier nanoClock,
                                    RegistryListener listener) throws IOException {
        return start(settings, timer, nanoClock, listener, null, Leadership.STANDALONE);
    }

    private static Coordinator start(CoordinatorSettings settings, Timer timer, LongSupplier nanoClock,
                                     RegistryListener listener, Timer ownedTimer, Leadership leadership)
            throws IOException {
        RegistryListener log = new RegistryLog(nanoClock, LOG_LINES_PER_SECOND);
        RegistrationTable table = new RegistrationTable(settings.clusters(), settings.lease(), timer, nanoClock,
                RegistryListener.both(log, listener), leadership);
        CoordinatorService service = new CoordinatorService(table, settings.limits(), settings.secret(), listener,
                leadership);
        // The lease timer also times out half-sent frames: one timer thread for the whole role.
        RpcServer server = RpcServer.start(settings.bindHost(), settings.port(), settings.rpcOptions(), timer,
                service.dispatcher());
        LOG.info("listening on {}:{} (lease {}, {} clusters, at most {} connections, {})", settings.bindHost(),
                server.port(), RegistryLog.seconds(settings.lease().toNanos()), settings.clusters(),
                settings.maxConnections(), settings.secret().isRequired() ? "heartbeats need the shared secret"
                        : "no registration secret");
        return new Coordinator(server, table, ownedTimer);
    }

    public int port() {
        return server.port();
    }

    public InetSocketAddress localAddress() {
        return server.localAddress();
    }

    public RegistrationTable table() {
        return table;
    }

    /** Closes every connection, then stops the lease timer if this coordinator made it. */
    @Override
    public void close() {
        server.close();
        if (ownedTimer != null) {
            ownedTimer.stop();
        }
    }
}
