package tinysns.cli;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;
import tinysns.auth.SecretSource;
import tinysns.http.HttpEndpoint;
import tinysns.rpc.RpcServerOptions;
import tinysns.server.ServerConfig;
import tinysns.server.ServiceLimits;
import tinysns.server.TsdServer;

/** {@code scripts/tsd.sh}: parses the flags, starts a server, and stops it on SIGTERM (exit 0) or rejection (exit 1). */
@Command(description = "A tinysns server: serves the Tiny SNS to its clients, keeps its data in files, and"
        + " heartbeats to the coordinator.", sortOptions = false)
public final class ServerCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(names = {"-c", "--cluster"}, paramLabel = "<clusterId>", defaultValue = "1",
            description = "Cluster ID, 1..3 (default: ${DEFAULT-VALUE}).")
    int clusterId;

    @Option(names = {"-s", "--server-id"}, paramLabel = "<serverId>", defaultValue = "1",
            description = "Server ID within the cluster, 1 or more (default: ${DEFAULT-VALUE}).")
    int serverId;

    @Mixin
    CoordinatorOptions coordinator;

    @Option(names = {"-p", "--port"}, paramLabel = "<port>", defaultValue = "10000", converter = PortConverter.Connect.class,
            description = "Port this server listens on for clients (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--heartbeat-interval", paramLabel = "<seconds>", defaultValue = "5",
            description = "Seconds between heartbeats, decimals allowed; at most 5, half the coordinator's 10 s lease"
                    + " (default: ${DEFAULT-VALUE}).")
    BigDecimal heartbeatSeconds;

    @Option(names = "--data-dir", paramLabel = "<dir>",
            description = "Directory of this server's files (default: server_<clusterId>_<serverId> in the working"
                    + " directory).")
    Path dataDir;

    @Option(names = "--hostname", paramLabel = "<name>", defaultValue = "localhost",
            description = "Host name the coordinator gives clients for this server; set it when clients run on"
                    + " other machines (default: ${DEFAULT-VALUE}).")
    String hostname;

    @Option(names = "--bind", paramLabel = "<address>", defaultValue = "0.0.0.0",
            description = "Local address to listen on (default: ${DEFAULT-VALUE}, every interface).")
    String bindHost;

    @Option(names = "--max-connections", paramLabel = "<n>", defaultValue = "" + RpcServerOptions.DEFAULT_MAX_CONNECTIONS,
            description = "Client connections served at once, at most; one more is refused and closed"
                    + " (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--max-post-length", paramLabel = "<chars>", defaultValue = "" + ServiceLimits.DEFAULT_MAX_POST_LENGTH,
            description = "Longest post, in characters; a longer one is refused and not stored (default: ${DEFAULT-VALUE}).")
    int maxPostLength;

    @Option(names = "--idle-timeout", paramLabel = "<seconds>", defaultValue = "30",
            description = "A client connection that sends nothing (not even the client's once-a-second ping) for this"
                    + " long is closed and its login ends; at least 6, or 0 for never (default: ${DEFAULT-VALUE}).")
    BigDecimal idleTimeoutSeconds;

    @Option(names = "--secret-file", paramLabel = "<path>",
            description = "File holding the registration secret to send with every heartbeat (default: the"
                    + " environment variable " + SecretSource.ENVIRONMENT_VARIABLE + ", else none).")
    Path secretFile;

    @Option(names = "--http-port", paramLabel = "<port|off>", defaultValue = "off", converter = HttpPort.Converter.class,
            description = "Port of /metrics, for Prometheus (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    HttpPort httpPort;

    @Option(names = "--http-bind", paramLabel = "<address>", defaultValue = "127.0.0.1",
            description = "Address /metrics listens on (default: ${DEFAULT-VALUE}, this machine only).")
    String httpBind;

    @Override
    public Integer call() {
        ServerConfig config = config();
        RoleLifecycle<TsdServer> life = RoleLifecycle.start("tsd", LOG, onRejected -> TsdServer.start(config, onRejected))
                .beside(this::serveMetrics);
        life.awaitStopAndClose();
        if (life.role().rejected()) {
            return ExitCodes.FAILED;
        }
        LOG.info("stopped");
        return ExitCodes.OK;
    }

    /** Null when --http-port is off. */
    private HttpEndpoint serveMetrics(TsdServer role) {
        if (httpPort.isOff()) {
            return null;
        }
        try {
            HttpEndpoint endpoint = HttpEndpoint.start(httpBind, httpPort.port(), role.sns().metrics().routes());
            LOG.info("metrics on http://{}:{}/metrics", httpBind, endpoint.port());
            return endpoint;
        } catch (IOException e) {
            throw new UserFacingException("tsd: metrics " + e.getMessage());
        }
    }

    private ServerConfig config() {
        try {
            Duration interval = Options.seconds(heartbeatSeconds, "--heartbeat-interval");
            Duration idle = Options.seconds(idleTimeoutSeconds, "--idle-timeout");
            Path dir = dataDir != null ? dataDir : ServerConfig.defaultDataDir(clusterId, serverId);
            ServiceLimits limits = new ServiceLimits(maxConnections, maxPostLength, idle);
            return new ServerConfig(clusterId, serverId, coordinator.host(), coordinator.port(), port, hostname, bindHost,
                    interval, dir, limits, Options.secret(spec, secretFile), coordinator.listOrEmpty());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
