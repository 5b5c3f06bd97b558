package tinysns.server;

import java.nio.file.Path;
import java.time.Duration;
import tinysns.auth.SharedSecret;
import tinysns.coordination.Clusters;
import tinysns.coordination.Coordinators;
import tinysns.coordination.HeartbeatInterval;
import tinysns.rpc.Ports;

/**
 * Everything a tsd process is told at start-up, validated once. Messages name the flag, so the command line can
 * print them as they are.
 *
 * @param advertisedHostname the name clients are told to connect to (sent in every heartbeat)
 * @param bindHost           the local address the SNS port listens on ("0.0.0.0" = every interface)
 * @param limits             connections, post length and idle timeout
 * @param secret             sent in every heartbeat, for a coordinator that requires it
 * @param coordinatorList    {@code --coordinators host:port,...}, which replaces -h/-k; empty when not given
 */
public record ServerConfig(int clusterId, int serverId, String coordinatorHost, int coordinatorPort, int port,
                           String advertisedHostname, String bindHost, Duration heartbeatInterval, Path dataDir,
                           ServiceLimits limits, SharedSecret secret, String coordinatorList) {

    /** Six of the client's once-a-second pings: a server that closed quiet connections sooner could drop live ones. */
    public static final Duration MIN_IDLE_TIMEOUT = Duration.ofSeconds(6);

    /** Heartbeats must come well inside the default lease (a coordinator with a shorter one says so in its reply). */
    public static final Duration MAX_HEARTBEAT_INTERVAL = HeartbeatInterval.MAX_CONFIGURED;

    public ServerConfig {
        if (!Clusters.isCluster(clusterId)) {
            throw new IllegalArgumentException("-c/--cluster must be between 1 and " + Clusters.COUNT + ", got " + clusterId);
        }
        if (serverId < 1) {
            throw new IllegalArgumentException("-s/--server-id must be 1 or more, got " + serverId);
        }
        requireText(coordinatorHost, "-h/--coordinator-host");
        requirePort(coordinatorPort, "-k/--coordinator-port");
        requirePort(port, "-p/--port");
        requireText(advertisedHostname, "--hostname");
        requireText(bindHost, "--bind");
        HeartbeatInterval.requireConfigurable(heartbeatInterval);
        if (coordinatorList == null) {
            throw new IllegalArgumentException("the coordinator list must be given (empty for -h/-k)");
        }
        if (!coordinatorList.isEmpty()) {
            Coordinators.parse(coordinatorList, "--coordinators");
        }
        if (limits == null || secret == null) {
            throw new IllegalArgumentException("limits and secret must be given (ServiceLimits.DEFAULT, SharedSecret.NONE)");
        }
        Duration idle = limits.idleTimeout();
        if (!idle.isZero() && idle.compareTo(MIN_IDLE_TIMEOUT) < 0) {
            throw new IllegalArgumentException("--idle-timeout must be 0 (off) or at least " + seconds(MIN_IDLE_TIMEOUT)
                    + " s (the client pings every second), got " + seconds(idle) + " s");
        }
    }

    /** Only -h/-k: one coordinator. */
    public ServerConfig(int clusterId, int serverId, String coordinatorHost, int coordinatorPort, int port,
                        String advertisedHostname, String bindHost, Duration heartbeatInterval, Path dataDir,
                        ServiceLimits limits, SharedSecret secret) {
        this(clusterId, serverId, coordinatorHost, coordinatorPort, port, advertisedHostname, bindHost,
                heartbeatInterval, dataDir, limits, secret, "");
    }

    /** The coordinators to heartbeat: the list, else the one at -h/-k. */
    public Coordinators coordinators() {
        return coordinatorList.isEmpty() ? Coordinators.of(coordinatorHost, coordinatorPort)
                : Coordinators.parse(coordinatorList, "--coordinators");
    }

    /** The default limits and no secret. */
    public ServerConfig(int clusterId, int serverId, String coordinatorHost, int coordinatorPort, int port,
                        String advertisedHostname, String bindHost, Duration heartbeatInterval, Path dataDir) {
        this(clusterId, serverId, coordinatorHost, coordinatorPort, port, advertisedHostname, bindHost,
                heartbeatInterval, dataDir, ServiceLimits.DEFAULT, SharedSecret.NONE);
    }

    /** The assignment's default data directory, {@code server_<clusterId>_<serverId>} in the working directory. */
    public static Path defaultDataDir(int clusterId, int serverId) {
        return Path.of("server_" + clusterId + "_" + serverId);
    }

    private static void requireText(String value, String flag) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(flag + " must not be empty");
        }
    }

    private static void requirePort(int port, String flag) {
        Ports.requirePort(port, flag);
    }

    static String seconds(Duration d) {
        return HeartbeatInterval.seconds(d);
    }
}
