package tinysns.cli;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tinysns.auth.SecretSource;
import tinysns.auth.SharedSecret;
import tinysns.coordination.Clusters;
import tinysns.coordinator.Coordinator;
import tinysns.coordinator.CoordinatorDashboard;
import tinysns.coordinator.CoordinatorMetrics;
import tinysns.coordinator.CoordinatorSettings;
import tinysns.coordinator.RecentEvents;
import tinysns.coordinator.RegistryListener;
import tinysns.http.HttpEndpoint;
import tinysns.coordinator.leadership.LedCoordinator;
import tinysns.coordinator.leadership.ZooKeeperOptions;

/** {@code scripts/coordinator.sh}: runs the coordinator until SIGTERM or SIGINT. */
@Command(description = "Runs the coordinator: the registration table of servers, which tells each client its server.",
        sortOptions = false)
public final class CoordinatorCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger("tinysns.coordinator");
    private static final int DEFAULT_HTTP_PORT = 9080;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(names = "--bind", paramLabel = "<address>", defaultValue = CoordinatorSettings.ALL_INTERFACES, order = 3,
            description = "Address to listen on (default: ${DEFAULT-VALUE}, every interface).")
    String bind;

    @Option(names = {"-p", "--port"}, paramLabel = "<port>", defaultValue = "" + CoordinatorSettings.DEFAULT_PORT,
            order = 1, converter = PortConverter.Listen.class,
            description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--lease", paramLabel = "<seconds>", defaultValue = "" + Clusters.DEFAULT_LEASE_SECONDS, order = 2,
            description = "A server is declared dead this many seconds after its last heartbeat; servers are told it"
                    + " in every heartbeat reply (default: ${DEFAULT-VALUE}; decimals allowed).")
    BigDecimal leaseSeconds;

    @Option(names = "--http-port", paramLabel = "<port|off>", order = 4, converter = HttpPort.Converter.class,
            description = "Port of the dashboard, /api/servers, /api/events and /metrics (default: "
                    + DEFAULT_HTTP_PORT + ", skipped with a warning when taken; 0 picks a free one; off turns it off).")
    HttpPort httpPort;

    @Option(names = "--http-bind", paramLabel = "<address>", defaultValue = "127.0.0.1", order = 5,
            description = "Address the dashboard listens on (default: ${DEFAULT-VALUE}, this machine only).")
    String httpBind;

    @Option(names = "--max-connections", paramLabel = "<n>", order = 6,
            defaultValue = "" + CoordinatorSettings.DEFAULT_MAX_CONNECTIONS,
            description = "Connections served at once, at most; one more is refused and closed (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--secret-file", paramLabel = "<path>", order = 7,
            description = "File holding the registration secret: heartbeats without it are refused (default: the"
                    + " environment variable " + SecretSource.ENVIRONMENT_VARIABLE + ", else no secret).")
    Path secretFile;

    @Option(names = "--zookeeper", paramLabel = "<host:port,...>", order = 8,
            description = "Run as one of several coordinators sharing this ZooKeeper ensemble: one leads, the others"
                    + " follow and take over when it goes (default: stand alone).")
    String zookeeper;

    @Option(names = "--session-timeout", paramLabel = "<seconds>", defaultValue = "4", order = 9,
            description = "With --zookeeper: how long ZooKeeper waits for a silent leader before another takes over"
                    + " (default: ${DEFAULT-VALUE}; ZooKeeper allows 2 to 20 of its ticks).")
    BigDecimal sessionTimeout;

    @Option(names = "--hostname", paramLabel = "<name>", defaultValue = "localhost", order = 10,
            description = "With --zookeeper: the name others reach this coordinator by (default: ${DEFAULT-VALUE}).")
    String hostname;

    @Option(names = "--id", paramLabel = "<n>", defaultValue = "0", order = 11,
            description = "With --zookeeper: this coordinator's server ID when it follows, in cluster 1"
                    + " (default: its port).")
    int id;

    @Override
    public Integer call() {
        CoordinatorSettings settings = settings();
        Integer dashboardPort = dashboardPort();
        RecentEvents events = new RecentEvents(200, Clock.systemUTC());
        CoordinatorMetrics metrics = new CoordinatorMetrics(settings.clusters(), settings.lease().toNanos());
        ZooKeeperOptions zooKeeper = zooKeeperOptions();
        RegistryListener listener = RegistryListener.both(events, metrics);
        // A taken port (PortInUseException) and an unreachable ZooKeeper are IOExceptions: one line, exit 1.
        RoleLifecycle<AutoCloseable> life = RoleLifecycle.start("coordinator", LOG, onRejected -> zooKeeper == null
                ? Coordinator.start(settings, listener) : LedCoordinator.start(settings, zooKeeper, listener))
                .beside(running -> dashboardPort == null ? null : startDashboard(
                        new CoordinatorDashboard(coordinatorOf(running).table(), events, metrics), dashboardPort));
        life.awaitStopAndClose();
        LOG.info("stopped");
        return ExitCodes.OK;
    }

    private static Coordinator coordinatorOf(AutoCloseable running) {
        return running instanceof LedCoordinator led ? led.coordinator() : (Coordinator) running;
    }

    /** Every flag checked once, by the settings record; its message is the usage error. */
    private CoordinatorSettings settings() {
        SharedSecret secret = Options.secret(spec, secretFile);
        try {
            return CoordinatorSettings.defaults().withBindHost(bind).withPort(port)
                    .withLease(Options.seconds(leaseSeconds, "--lease")).withMaxConnections(maxConnections)
                    .withSecret(secret);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Null without --zookeeper. */
    private ZooKeeperOptions zooKeeperOptions() {
        if (zookeeper == null) {
            return null;
        }
        Options.requireRange(spec, id, 0, Integer.MAX_VALUE, "--id", "at least 1 (or 0 for the port)");
        try {
            return new ZooKeeperOptions(zookeeper, Options.seconds(sessionTimeout, "--session-timeout"), hostname, id);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Null when the dashboard is off. */
    private Integer dashboardPort() {
        if (httpPort == null) {
            return DEFAULT_HTTP_PORT;
        }
        return httpPort.isOff() ? null : httpPort.port();
    }

    /** A taken default port only costs the dashboard; a port the user asked for is an error. */
    private HttpEndpoint startDashboard(CoordinatorDashboard dashboard, int dashboardPort) {
        try {
            HttpEndpoint endpoint = dashboard.start(httpBind, dashboardPort);
            LOG.info("dashboard on http://{}:{}/ (metrics at /metrics)", httpBind, endpoint.port());
            return endpoint;
        } catch (IOException e) {
            if (httpPort == null) {
                LOG.warn("dashboard off: {} (choose a port with --http-port)", e.getMessage());
                return null;
            }
            throw new UserFacingException("coordinator: dashboard " + e.getMessage());
        }
    }
}
