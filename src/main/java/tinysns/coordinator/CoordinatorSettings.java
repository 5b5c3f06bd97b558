package tinysns.coordinator;

import java.time.Duration;
import tinysns.auth.SharedSecret;
import tinysns.coordination.Clusters;
import tinysns.coordination.HeartbeatInterval;
import tinysns.protocol.WireLimits;
import tinysns.rpc.Ports;
import tinysns.rpc.RpcServerOptions;

/**
 * How a coordinator runs, validated once at start-up (the command line only parses). Messages name the flag, so
 * the command line can print them as they are.
 *
 * @param bindHost       the address to listen on; {@code 0.0.0.0} for every interface
 * @param port           the port to listen on; 0 picks a free one
 * @param lease          a server is declared dead when this long passes without a heartbeat from it
 * @param tick           the lease timer's tick: how late past the lease a death may be declared, at most
 * @param clusters       clusters are numbered 1..clusters
 * @param ioThreads      threads serving connections
 * @param maxConnections connections served at once, at most; one more is refused (OVERLOADED) and closed
 * @param secret         heartbeats must carry this secret to be accepted; {@link SharedSecret#NONE} for none
 */
public record CoordinatorSettings(String bindHost, int port, Duration lease, Duration tick, int clusters,
                                  int ioThreads, WireLimits limits, int maxConnections, SharedSecret secret) {

    public static final int DEFAULT_PORT = 9090;
    /** A day: a longer lease is a typo, not a choice. */
    public static final Duration MAX_LEASE = Duration.ofDays(1);
    public static final int DEFAULT_MAX_CONNECTIONS = RpcServerOptions.DEFAULT_MAX_CONNECTIONS;
    public static final String ALL_INTERFACES = "0.0.0.0";

    public CoordinatorSettings {
        if (bindHost == null || bindHost.isBlank()) {
            throw new IllegalArgumentException("the bind address must not be empty");
        }
        Ports.requireListenPort(port, "-p/--port");
        if (lease == null || lease.isNegative() || lease.isZero() || lease.compareTo(MAX_LEASE) > 0) {
            throw new IllegalArgumentException("--lease must be more than 0 and at most " + MAX_LEASE.toSeconds()
                    + " s, got " + (lease == null ? "none" : HeartbeatInterval.seconds(lease) + " s"));
        }
        LeaseTimers.requireTickWellUnderLease(lease, tick);
        if (clusters < 1) {
            throw new IllegalArgumentException("there must be at least one cluster, got " + clusters);
        }
        if (ioThreads < 1) {
            throw new IllegalArgumentException("there must be at least one I/O thread, got " + ioThreads);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("--max-connections (the connection limit) must be at least 1, got "
                    + maxConnections);
        }
        if (secret == null) {
            throw new IllegalArgumentException("the secret must be given (SharedSecret.NONE for none)");
        }
    }

    /** The default connection limit and no secret. */
    public CoordinatorSettings(String bindHost, int port, Duration lease, Duration tick, int clusters, int ioThreads,
                               WireLimits limits) {
        this(bindHost, port, lease, tick, clusters, ioThreads, limits, DEFAULT_MAX_CONNECTIONS, SharedSecret.NONE);
    }

    /** Every interface, port 9090, a 10-second lease, a 10 ms tick, three clusters, no secret. */
    public static CoordinatorSettings defaults() {
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        return new CoordinatorSettings(ALL_INTERFACES, DEFAULT_PORT, Clusters.DEFAULT_LEASE, LeaseTimers.DEFAULT_TICK,
                Clusters.COUNT, threads, WireLimits.DEFAULT);
    }

    public CoordinatorSettings withBindHost(String host) {
        return new CoordinatorSettings(host, port, lease, tick, clusters, ioThreads, limits, maxConnections, secret);
    }

    public CoordinatorSettings withPort(int newPort) {
        return new CoordinatorSettings(bindHost, newPort, lease, tick, clusters, ioThreads, limits, maxConnections, secret);
    }

    public CoordinatorSettings withLease(Duration newLease) {
        return new CoordinatorSettings(bindHost, port, newLease, tick, clusters, ioThreads, limits, maxConnections, secret);
    }

    public CoordinatorSettings withMaxConnections(int max) {
        return new CoordinatorSettings(bindHost, port, lease, tick, clusters, ioThreads, limits, max, secret);
    }

    public CoordinatorSettings withSecret(SharedSecret newSecret) {
        return new CoordinatorSettings(bindHost, port, lease, tick, clusters, ioThreads, limits, maxConnections, newSecret);
    }

    /** What the RPC layer is told: threads, frame limit, connection limit. */
    RpcServerOptions rpcOptions() {
        return RpcServerOptions.DEFAULT.withIoThreads(ioThreads).withLimits(limits).withMaxConnections(maxConnections);
    }
}
